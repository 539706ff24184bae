import { sourceOf } from '../judge.ts';
import type { CheckDefinition, CheckOutcome } from '../types.ts';
import { walkAssumptions, walkPair, walkSummary } from './walks.ts';

export const cursorTerminates: CheckDefinition = {
  id: 'pagination.cursor-terminates',
  category: 'pagination',
  description:
    'A cursor walk ends with an empty or missing cursor and never repeats a cursor; an empty page that carries a next cursor is a warning.',
  source: (api, op) =>
    sourceOf(api, op, `x-pagination.lastPage: ${op.pagination?.lastPage}`, [
      ...walkAssumptions(api, op),
      "A cursor that comes back a second time loops the walk: that fails (suite's reading; no client could page past it).",
      "An empty page with a next cursor is allowed by the documents (the SDKs page on), so it is a warning; a walk that still has a cursor after the page limit fails only on the simulators, where the list is known to be finite (suite's choice).",
    ]),
  appliesTo: (op) => op.pagination?.style === 'cursor',
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
