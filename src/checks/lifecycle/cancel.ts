import type { Operation } from '../../catalogue/index.ts';
import type { Exchange } from '../../core/index.ts';
import type { ProbeContext } from '../context.ts';
import { judgeRejection, sourceOf, transportProblem } from '../judge.ts';
import { DOCS } from '../open-points.ts';
import { isRecord, jobIdParam, jobOf } from '../probe.ts';
import type { CheckDefinition } from '../types.ts';
import { cancelOp, firstCreatedJob, getOp, hasEnded, requiredBody } from './jobs.ts';

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
  const started = Date.now();
  let delay = 50;
  let last: Exchange | undefined;
  for (let polls = 1; ; polls++) {
    last = await ctx.send(get, 'lifecycle', {
      pathParams: { [jobIdParam(get)!]: id },
      label: `poll cancelled ${id} (${polls})`,
    });
    if (transportProblem(last) || last.response!.status !== 200) return last;
    if (hasEnded(jobOf(get, last.json))) return last;
    if (Date.now() - started + delay > ctx.options.pollTimeoutMs) return last;
    await ctx.sleep(delay);
    delay = Math.min(delay * 2, 2000);
  }
}

export const lifecycleCancel: CheckDefinition = {
  id: 'lifecycle.cancel',
  category: 'lifecycle',
  description:
    'A running job the run created can be cancelled; once it has ended, another cancel is rejected with 400 "Job cannot be cancelled."',
  source: (api, op) =>
    sourceOf(
      api,
      op,
      'PATCH {action: cancel}; responses.400',
      [
        `A job that has ended cannot be cancelled: 400 "Job cannot be cancelled." (${DOCS.cloudflareOpenapi}: "Cancel an in-progress indexing job", 400 "Job cannot be cancelled.").`,
        "A cancel may take effect after its answer, and no document says what a second cancel of a job still ending answers: the second cancel is sent once GET shows the job ended, and a 200 to it before then is a warning (suite's choice).",
        `A job has ended once ended_at or end_reason is set (${DOCS.cloudflare}).`,
        "The job the run created is still running when the first cancel reaches it; if it has already ended, the check is skipped (suite's choice).",
      ],
      'provider-docs/README.md#cloudflare-ai-search-jobs',
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
    const idParam = jobIdParam(op)!;
    const body = requiredBody(ctx.catalogue, op);
    const first = await ctx.send(op, 'lifecycle', {
      pathParams: { [idParam]: created.id },
      body,
      label: `cancel ${created.id}`,
    });
    const problem = transportProblem(first);
    if (problem) return { status: 'error', message: problem, evidence: [first] };
    const job = jobOf(op, first.json);
    if (first.response!.status !== 200 || !isRecord(job) || job.id !== created.id) {
      if (first.response!.status === 400) {
        const state = await waitUntilEnded(ctx, getOp(ctx.api), created.id);
        if (state && hasEnded(jobOf(getOp(ctx.api)!, state.json)))
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
    const polled = hasEnded(job) ? undefined : await waitUntilEnded(ctx, get, created.id);
    const ended =
      hasEnded(job) || (polled !== undefined && get !== undefined && hasEnded(jobOf(get, polled.json)));
    const second = await ctx.send(op, 'lifecycle', {
      pathParams: { [idParam]: created.id },
      body,
      label: `cancel ${created.id} again`,
    });
    const evidence = polled ? [first, polled, second] : [first, second];
    if (!ended && second.response?.status === 200) {
      return {
        status: 'warn',
        message: `job ${created.id} had not ended ${ctx.options.pollTimeoutMs} ms after its cancel, and a second cancel answered 200 (no document says what it answers then)`,
        evidence,
      };
    }
    const outcome = judgeRejection(ctx.api, op, second, [400], 'lifecycle', 'cancel after the job ended');
    const message = op.responses.get('400')?.errorMessage;
    if (outcome.status === 'pass' && message && !JSON.stringify(second.json).includes(message)) {
      return {
        status: 'fail',
        message: `cancel after the job ended: 400 without the documented message "${message}"`,
        evidence,
      };
    }
    return {
      ...outcome,
      evidence,
      message:
        outcome.status === 'pass'
          ? `cancelled ${created.id}; once it had ended, another cancel was rejected with 400`
          : outcome.message,
    };
  },
};
