import { sourceOf } from '../judge.ts';
import type { CheckDefinition } from '../types.ts';
import { brokenWalk, isPaged, walkAssumptions, walkPair, walkSummary } from './walks.ts';

export const noDuplicates: CheckDefinition = {
  id: 'pagination.no-duplicates',
  category: 'pagination',
  description: 'No item appears twice across the pages of a walk.',
  source: (api, op) =>
    sourceOf(api, op, 'x-pagination', [
      "Items are told apart by their id (the Job schemas' id), or by their whole JSON where they have none (suite's choice).",
      ...walkAssumptions(api, op),
    ]),
  appliesTo: isPaged,
  faults: ['pagination.duplicate-item'],
  async run(ctx, op) {
    const pair = await walkPair(ctx, op);
    if (typeof pair === 'string') return ctx.noJobOutcome(pair);
    for (const walk of [pair.large, pair.small]) {
      const pageOf = new Map<string, number>();
      for (const [i, page] of walk.pages.entries()) {
        for (const key of page.ids) {
          const earlier = pageOf.get(key);
          if (earlier !== undefined) {
            return {
              status: 'fail',
              message: `size ${walk.size}: item ${key} appears on page ${earlier + 1} and again on page ${i + 1}`,
              evidence: [walk.pages[earlier]!.exchange, page.exchange],
              data: walkSummary(walk),
            };
          }
          pageOf.set(key, i);
        }
      }
    }
    const broken = brokenWalk(pair);
    if (broken) return broken;
    return {
      status: 'pass',
      message: `${new Set(pair.large.ids).size} items, none repeated, at sizes ${pair.large.size} and ${pair.small.size}`,
      evidence: [pair.large.pages[0]!.exchange],
      data: { walks: [walkSummary(pair.large), walkSummary(pair.small)] },
    };
  },
};
