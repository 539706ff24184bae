import { sourceOf, transportProblem } from '../judge.ts';
import { DOCS, docOf, retryAfterMs } from '../open-points.ts';
import { jobIdParam, jobOf } from '../probe.ts';
import type { CheckDefinition } from '../types.ts';
import { createJob, createOp, endedText, getOp, hasEnded } from './jobs.ts';

export const lifecycleTerminalState: CheckDefinition = {
  id: 'lifecycle.terminal-state',
  category: 'lifecycle',
  description:
    'A created job reaches an ended state within a bounded poll that backs off and honours retry-after.',
  source: (api, op) =>
    sourceOf(
      api,
      op,
      `x-lifecycle ended: ${endedText(api)}`,
      [
        `A job has ended once ${endedText(api)} (${docOf(api, '/x-lifecycle/ended')}).`,
        "A created job ends within the poll bound (live 120 s, simulators 10 s): no document gives a duration (suite's choice).",
        `retry-after is read as delay-seconds or an HTTP date (${DOCS.rfc9110} §10.2.3; ${DOCS.corrections}: the official SDK reads both).`,
      ],
      docOf(api, '/x-lifecycle'),
    ),
  writes: true,
  appliesTo: (op, api) =>
    op === createOp(api) && getOp(api) !== undefined && (api.lifecycle?.ended ?? []).length > 0,
  faults: ['lifecycle.never-ends'],
  async run(ctx, op) {
    if (!ctx.options.allowWrites)
      return { status: 'skip', message: 'write operation: not sent without --allow-writes' };
    const created = await createJob(ctx, op, 'terminal-state');
    if (created.problem || !created.id)
      return {
        status: 'error',
        message: `could not create a job: ${created.problem}`,
        evidence: [created.exchange],
      };
    const get = getOp(ctx.api)!;
    const started = ctx.now();
    let delay = 100;
    for (let polls = 1; ; polls++) {
      const exchange = await ctx.send(get, 'lifecycle', {
        pathParams: { [jobIdParam(ctx.api, get)!]: created.id },
        label: `poll ${polls}`,
      });
      const problem = transportProblem(exchange);
      if (problem) return { status: 'error', message: problem, evidence: [exchange] };
      if (exchange.response!.status === 200 && hasEnded(ctx.api, jobOf(ctx.api, exchange.json))) {
        return {
          status: 'pass',
          message: `job ${created.id} ended after ${polls} polls (${ctx.now() - started} ms)`,
          evidence: [created.exchange, exchange],
          data: { polls, ms: ctx.now() - started },
        };
      }
      const retryAfter = retryAfterMs(exchange.response!.headers['retry-after'], ctx.now());
      const wait = retryAfter !== undefined && retryAfter > 0 ? retryAfter : delay;
      if (ctx.now() - started + wait > ctx.options.pollTimeoutMs) {
        return {
          status: 'fail',
          message: `job ${created.id} had not ended after ${polls} polls over ${ctx.now() - started} ms (bound ${ctx.options.pollTimeoutMs} ms)`,
          evidence: [created.exchange, exchange],
        };
      }
      await ctx.sleep(wait);
      delay = Math.min(delay * 2, 5000);
    }
  },
};
