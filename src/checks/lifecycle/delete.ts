import { judgeRejection, sourceOf, transportProblem } from '../judge.ts';
import { declaredAt } from '../open-points.ts';
import { jobIdOf, jobIdParam } from '../probe.ts';
import type { CheckDefinition } from '../types.ts';
import { deleteOp, getOp } from './jobs.ts';

export const lifecycleDelete: CheckDefinition = {
  id: 'lifecycle.delete',
  category: 'lifecycle',
  description: 'DELETE answers 204 with no body, then GET of the job answers 404.',
  source: (api, op) =>
    sourceOf(api, op, 'responses.204; get → 404', [
      `DELETE answers 204 with no body (${declaredAt(api, op, 'responses 204')}: "${op.responses.get('204')?.description ?? ''}").`,
      `A deleted job is gone at once: GET answers the documented 404 right after the 204 (suite's reading; no document promises a delay).`,
    ]),
  writes: true,
  appliesTo: (op, api) =>
    op === deleteOp(api) && jobIdParam(api, op) !== undefined && getOp(api) !== undefined,
  faults: ['lifecycle.delete-not-deleting'],
  async run(ctx, op) {
    if (!ctx.options.allowWrites)
      return { status: 'skip', message: 'write operation: not sent without --allow-writes' };
    let id = ctx.options.deletableJobId;
    if (!id && !ctx.options.live) {
      // The simulator's data: delete the last job of the first page, one no other check reads.
      const { items } = await ctx.firstPage();
      id = jobIdOf(ctx.api, items[items.length - 1]);
    }
    if (!id)
      return ctx.options.live
        ? {
            status: 'skip',
            message: `set ${ctx.api.liveSettings?.deletableJobId?.env ?? 'the deletable job setting (x-live-settings deletableJobId)'} to name a job the run may delete`,
          }
        : ctx.noJobOutcome();
    const idParam = jobIdParam(ctx.api, op)!;
    const del = await ctx.send(op, 'lifecycle', { pathParams: { [idParam]: id }, label: `delete ${id}` });
    const problem = transportProblem(del);
    if (problem) return { status: 'error', message: problem, evidence: [del] };
    if (del.response!.status !== 204)
      return {
        status: 'fail',
        message: `DELETE ${id} answered ${del.response!.status}, expected 204`,
        evidence: [del],
      };
    const get = getOp(ctx.api)!;
    const after = await ctx.send(get, 'lifecycle', {
      pathParams: { [jobIdParam(ctx.api, get)!]: id },
      label: `get deleted ${id}`,
    });
    const outcome = judgeRejection(ctx.api, get, after, [404], 'lifecycle', `GET after DELETE ${id}`);
    return {
      ...outcome,
      evidence: [del, after],
      message: outcome.status === 'pass' ? `job ${id} deleted (204), then GET answered 404` : outcome.message,
    };
  },
};
