import { sourceOf } from '../judge.ts';
import { declaredAt } from '../open-points.ts';
import type { Walk } from '../paging.ts';
import type { CheckDefinition, CheckOutcome } from '../types.ts';
import { walkAssumptions, walkPair, walkSummary } from './walks.ts';

/**
 * after-id pages: the has-more flag is a boolean on every page (an SDK that finds none keeps paging),
 * and the last page of a walk that ended says false: true on an empty last page is a warning (the
 * analogue of an empty page with a cursor), true on a last page whose last item has no id fails.
 */
export function afterIdProblem(walk: Walk, flag: string): CheckOutcome | undefined {
  if (walk.op.pagination?.style !== 'after-id') return undefined;
  const checked = walk.stoppedBy === 'error' ? walk.pages.slice(0, -1) : walk.pages;
  const bad = checked.findIndex((p) => typeof p.hasMore !== 'boolean');
  if (bad >= 0)
    return {
      status: 'fail',
      message: `size ${walk.size}, page ${bad + 1}: ${flag} is ${JSON.stringify(checked[bad]!.hasMore) ?? 'missing'}, not a boolean`,
      evidence: [checked[bad]!.exchange],
    };
  const last = walk.pages[walk.pages.length - 1];
  if (walk.stoppedBy !== 'end' || !last || last.hasMore !== true) return undefined;
  if (last.count > 0)
    return {
      status: 'fail',
      message: `size ${walk.size}, page ${walk.pages.length}: ${flag} is true, but the last item has no id to ask for the next page with`,
      evidence: [last.exchange],
    };
  return {
    status: 'warn',
    message: `size ${walk.size}, page ${walk.pages.length}: empty, yet ${flag} is true (the documents allow it; a client stops at an empty page)`,
    evidence: [last.exchange],
  };
}

export const cursorTerminates: CheckDefinition = {
  id: 'pagination.cursor-terminates',
  category: 'pagination',
  description:
    'A cursor walk ends as x-pagination lastPage declares (an empty or missing cursor, or has-more false) and never repeats a cursor; an empty page that carries a next cursor is a warning.',
  source: (api, op) =>
    sourceOf(api, op, `x-pagination.lastPage: ${op.pagination?.lastPage}`, [
      ...walkAssumptions(api, op),
      "A cursor that comes back a second time loops the walk: that fails (suite's reading; no client could page past it).",
      "An empty page with a next cursor is allowed by the documents (the SDKs page on), so it is a warning; a walk that still has a cursor after the page limit fails only on the simulators, where the list is known to be finite (suite's choice).",
      ...(op.pagination?.style === 'after-id'
        ? [
            `The has-more flag (${op.pagination.response.hasMore}) is a boolean on every page and false on the last; the next cursor is the last item's id at ${op.pagination.response.itemId ?? '/id'} (${declaredAt(api, op, 'x-pagination')}).`,
          ]
        : []),
    ]),
  appliesTo: (op) => op.pagination?.style === 'cursor' || op.pagination?.style === 'after-id',
  faults: ['pagination.cursor-repeats', 'pagination.cursor-never-ends'],
  async run(ctx, op) {
    const pair = await walkPair(ctx, op);
    if (typeof pair === 'string') return ctx.noJobOutcome(pair);
    let warn: CheckOutcome | undefined;
    for (const walk of [pair.large, pair.small]) {
      const data = walkSummary(walk);
      if (walk.stoppedBy === 'cursor-repeat') {
        return {
          status: 'fail',
          message: `size ${walk.size}: cursor ${walk.cursors[walk.cursors.length - 1]} came back a second time`,
          evidence: walk.pages.slice(-2).map((p) => p.exchange),
          data,
        };
      }
      if (walk.stoppedBy === 'error')
        return {
          status: 'error',
          message: `size ${walk.size}: ${walk.error}`,
          evidence: walk.pages.slice(-1).map((p) => p.exchange),
          data,
        };
      if (walk.stoppedBy === 'page-limit' && !ctx.options.live) {
        return {
          status: 'fail',
          message: `size ${walk.size}: still a next cursor after ${walk.pages.length} pages`,
          evidence: walk.pages.slice(-1).map((p) => p.exchange),
          data,
        };
      }
      const afterId = afterIdProblem(walk, op.pagination?.response.hasMore ?? 'has-more');
      if (afterId?.status === 'fail') return { ...afterId, data };
      if (afterId) warn ??= { ...afterId, data };
      const emptyWithCursor = walk.pages.findIndex((p, i) => p.count === 0 && i < walk.pages.length - 1);
      if (emptyWithCursor >= 0) {
        warn ??= {
          status: 'warn',
          message: `size ${walk.size}: page ${emptyWithCursor + 1} is empty yet gives a next cursor (the documents allow it; it costs a request)`,
          evidence: [walk.pages[emptyWithCursor]!.exchange],
          data,
        };
      }
    }
    if (warn) return warn;
    const { large } = pair;
    const ended = large.stoppedBy === 'end';
    return {
      status: 'pass',
      message: ended
        ? `the cursor ended after ${large.pages.length} pages without repeating`
        : `no cursor repeated within ${large.pages.length} pages (page limit)`,
      evidence: [large.pages[large.pages.length - 1]!.exchange],
      data: { walks: [walkSummary(pair.large), walkSummary(pair.small)] },
    };
  },
};
