import type { Operation } from '../../catalogue/index.ts';
import type { Exchange } from '../../core/index.ts';
import type { ProbeContext } from '../context.ts';
import { documentedBody, judgeRejection, sourceOf, transportProblem } from '../judge.ts';
import { docOf } from '../open-points.ts';
import { jobIdOf, jobIdParam, jobOf } from '../probe.ts';
import type { CheckDefinition, CheckOutcome } from '../types.ts';
import {
  cancelBody,
  cancelOp,
  endedText,
  firstCreatedJob,
  getOp,
  hasEnded,
  successStatuses,
} from './jobs.ts';

/**
 * Polls GET until the job shows it has ended (bounded by the poll bound): a cancel may take effect
 * after its answer, and only an ended job is documented as one that "cannot be cancelled".
 */
async function waitUntilEnded(
  ctx: ProbeContext,
  get: Operation | undefined,
  id: string,
): Promise<Exchange | undefined> {
  if (!get) return undefined;
  const started = ctx.now();
  let delay = 50;
  let last: Exchange | undefined;
  for (let polls = 1; ; polls++) {
    last = await ctx.send(get, 'lifecycle', {
      pathParams: { [jobIdParam(ctx.api, get)!]: id },
      label: `poll cancelled ${id} (${polls})`,
    });
    if (transportProblem(last) || last.response!.status !== 200) return last;
    if (hasEnded(ctx.api, jobOf(ctx.api, last.json))) return last;
    if (ctx.now() - started + delay > ctx.options.pollTimeoutMs) return last;
    await ctx.sleep(delay);
    delay = Math.min(delay * 2, 2000);
  }
}

/** A second cancel where no document says what it answers: a documented status with its documented body passes. */
function judgeDocumented(ctx: ProbeContext, op: Operation, exchange: Exchange): CheckOutcome {
  const problem = transportProblem(exchange);
  if (problem) return { status: 'error', message: `cancel after the job ended: ${problem}` };
  const status = exchange.response!.status;
  const doc = documentedBody(ctx.api, op, status, 'lifecycle');
  if (!doc.documented)
    return {
      status: 'fail',
      message: `cancel after the job ended: answered ${status}, not a documented status`,
    };
  if (doc.body && (exchange.json === undefined || !doc.body.validate(exchange.json)))
    return {
      status: 'fail',
      message: `cancel after the job ended: the ${status} body is not the documented one`,
    };
  return {
    status: 'pass',
    message: `cancelled a job; another cancel answered ${status}, as documented (no answer is declared)`,
  };
}

export const lifecycleCancel: CheckDefinition = {
  id: 'lifecycle.cancel',
  category: 'lifecycle',
  description:
    'A running job the run created can be cancelled; once it has ended, another cancel answers what x-lifecycle secondCancel declares (its status and message).',
  source: (api, op) =>
    sourceOf(
      api,
      op,
      `x-lifecycle cancel ${op.method}; secondCancel`,
      [
        api.lifecycle?.secondCancel
          ? `A job that has ended cannot be cancelled: ${api.lifecycle.secondCancel.status}${api.lifecycle.secondCancel.message ? ` "${api.lifecycle.secondCancel.message}"` : ''} (${docOf(api, '/x-lifecycle/secondCancel')}).`
          : "No document says what a cancel of an ended job answers: any documented answer passes (suite's reading; no x-lifecycle secondCancel).",
        "A cancel may take effect after its answer, and no document says what a second cancel of a job still ending answers: the second cancel is sent once GET shows the job ended, and a 200 to it before then is a warning (suite's choice).",
        `A job has ended once ${endedText(api)} (${docOf(api, '/x-lifecycle/ended')}).`,
        "The job the run created is still running when the first cancel reaches it; if it has already ended, the check is skipped (suite's choice).",
      ],
      docOf(api, '/x-lifecycle'),
    ),
  writes: true,
  appliesTo: (op, api) => op === cancelOp(api),
  faults: ['lifecycle.cancel-ended-accepted'],
  async run(ctx, op) {
    if (!ctx.options.allowWrites)
      return { status: 'skip', message: 'write operation: not sent without --allow-writes' };
    const created = await firstCreatedJob(ctx);
    if (!created?.id)
      return created?.problem
        ? {
            status: 'error',
            message: `no job was created to cancel (${created.problem})`,
            evidence: created.exchange ? [created.exchange] : [],
          }
        : { status: 'skip', message: 'no job was created to cancel' };
    const idParam = jobIdParam(ctx.api, op)!;
    const body = cancelBody(ctx.catalogue, ctx.api, op);
    const first = await ctx.send(op, 'lifecycle', {
      pathParams: { [idParam]: created.id },
      ...(body !== undefined ? { body } : {}),
      label: `cancel ${created.id}`,
    });
    const problem = transportProblem(first);
    if (problem) return { status: 'error', message: problem, evidence: [first] };
    // A cancel that answers the job must answer this one; one that answers no job ({}) is fine.
    const job = jobOf(ctx.api, first.json);
    const answeredId = jobIdOf(ctx.api, job);
    if (
      !successStatuses(op).includes(first.response!.status) ||
      (answeredId !== undefined && answeredId !== created.id)
    ) {
      if (first.response!.status === 400) {
        const state = await waitUntilEnded(ctx, getOp(ctx.api), created.id);
        if (state && hasEnded(ctx.api, jobOf(ctx.api, state.json)))
          return {
            status: 'skip',
            message: `job ${created.id} had already ended when the cancel reached it`,
            evidence: [first, state],
          };
      }
      return {
        status: 'fail',
        message: `cancel of running job ${created.id} answered ${first.response!.status}`,
        evidence: [first],
      };
    }
    const get = getOp(ctx.api);
    const polled = hasEnded(ctx.api, job) ? undefined : await waitUntilEnded(ctx, get, created.id);
    const ended =
      hasEnded(ctx.api, job) ||
      (polled !== undefined && get !== undefined && hasEnded(ctx.api, jobOf(ctx.api, polled.json)));
    const second = await ctx.send(op, 'lifecycle', {
      pathParams: { [idParam]: created.id },
      ...(body !== undefined ? { body } : {}),
      label: `cancel ${created.id} again`,
    });
    const evidence = polled ? [first, polled, second] : [first, second];
    const secondCancel = ctx.api.lifecycle?.secondCancel;
    if (!secondCancel) {
      // Undeclared: any documented answer is a reading the documents allow.
      const outcome = judgeDocumented(ctx, op, second);
      return { ...outcome, evidence };
    }
    if (!ended && second.response !== undefined && successStatuses(op).includes(second.response.status)) {
      return {
        status: 'warn',
        message: `job ${created.id} had not ended ${ctx.options.pollTimeoutMs} ms after its cancel, and a second cancel answered 200 (no document says what it answers then)`,
        evidence,
      };
    }
    const outcome = judgeRejection(
      ctx.api,
      op,
      second,
      [secondCancel.status],
      'lifecycle',
      'cancel after the job ended',
    );
    const message = secondCancel.message ?? op.responses.get(String(secondCancel.status))?.errorMessage;
    if (outcome.status === 'pass' && message && !JSON.stringify(second.json).includes(message)) {
      return {
        status: 'fail',
        message: `cancel after the job ended: ${secondCancel.status} without the documented message "${message}"`,
        evidence,
      };
    }
    return {
      ...outcome,
      evidence,
      message:
        outcome.status === 'pass'
          ? `cancelled ${created.id}; once it had ended, another cancel was rejected with ${secondCancel.status}`
          : outcome.message,
    };
  },
};
