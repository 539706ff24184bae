import { judgeRejection, sourceOf, transportProblem } from '../judge.ts';
import { DOCS } from '../open-points.ts';
import { jobIdParam } from '../probe.ts';
import type { CheckDefinition } from '../types.ts';
import { getOp } from './jobs.ts';

export const lifecycleDelete: CheckDefinition = {
  id: 'lifecycle.delete',
  category: 'lifecycle',
  description: 'DELETE answers 204 with no body, then GET of the job answers 404.',
  source: (api, op) =>
    sourceOf(api, op, 'responses.204; get → 404', [
      `DELETE answers 204 with no body ("Given job has been deleted.", ${DOCS.emporixOpenapi}).`,
      `A deleted job is gone at once: GET answers the documented 404 right after the 204 (suite's reading; no document promises a delay).`,
    ]),
  writes: true,
  appliesTo: (op, api) => op.method === 'DELETE' && jobIdParam(op) !== undefined && getOp(api) !== undefined,
  faults: ['lifecycle.delete-not-deleting'],
  async run(ctx, op) {
    if (!ctx.options.allowWrites)
      return { status: 'skip', message: 'write operation: not sent without --allow-writes' };
    let id = ctx.options.deletableJobId;
    if (!id && !ctx.options.live) {
      // The simulator's data: delete the last job of the first page, one no other check reads.
      const { items } = await ctx.firstPage();
      const last = items[items.length - 1]?.id;
      id = typeof last === 'string' ? last : undefined;
    }
    if (!id)
      return ctx.options.live
        ? { status: 'skip', message: 'set EMPORIX_DELETABLE_JOB_ID to name a job the run may delete' }
        : ctx.noJobOutcome();
    const idParam = jobIdParam(op)!;
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
      pathParams: { [jobIdParam(get)!]: id },
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
