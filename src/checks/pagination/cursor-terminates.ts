import { sourceOf } from '../judge.ts';
import type { CheckDefinition } from '../types.ts';
import { walkPair, walkSummary } from './walks.ts';

export const cursorTerminates: CheckDefinition = {
  id: 'pagination.cursor-terminates',
  category: 'pagination',
  description:
    'A cursor walk ends with an empty or missing cursor, never repeats a cursor, and no empty page carries a next cursor.',
  source: (api, op) => sourceOf(api, op, `x-pagination.lastPage: ${op.pagination?.lastPage}`),
  appliesTo: (op) => op.pagination?.style === 'cursor',
  faults: ['pagination.cursor-repeats', 'pagination.cursor-never-ends'],
  async run(ctx, op) {
    const pair = await walkPair(ctx, op);
    if (typeof pair === 'string') return ctx.noJobOutcome(pair);
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
      const emptyWithCursor = walk.pages.findIndex((p, i) => p.count === 0 && i < walk.pages.length - 1);
      if (emptyWithCursor >= 0) {
        return {
          status: 'fail',
          message: `size ${walk.size}: page ${emptyWithCursor + 1} is empty yet gives a next cursor`,
          evidence: [walk.pages[emptyWithCursor]!.exchange],
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
    }
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
