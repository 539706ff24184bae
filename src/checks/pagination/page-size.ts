import { sourceOf } from '../judge.ts';
import type { Walk } from '../paging.ts';
import type { CheckDefinition } from '../types.ts';
import { brokenWalk, isPaged, walkPair, walkSummary } from './walks.ts';

function pageSizeProblem(walk: Walk): string | undefined {
  // Items on the pages before this one, kept as a running sum: a walk can have 100,000+ pages.
  let before = 0;
  for (const [i, page] of walk.pages.entries()) {
    const n = page.count;
    const isLast = i === walk.pages.length - 1;
    if (n > walk.size) return `page ${i + 1} has ${n} items, more than the ${walk.size} asked for`;
    if (!isLast && n !== walk.size)
      return `page ${i + 1} of ${walk.pages.length} has ${n} items, not the ${walk.size} asked for`;
    const total = page.totals.total;
    if (isLast && walk.stoppedBy === 'end' && total !== undefined && n < walk.size && before + n < total) {
      return `page ${i + 1} has ${n} items though ${total - before} of ${total} remained (size ${walk.size} asked)`;
    }
    before += n;
  }
  return undefined;
}

export const pageSize: CheckDefinition = {
  id: 'pagination.page-size',
  category: 'pagination',
  description: 'Every page but the last holds exactly the page size asked for; none holds more.',
  source: (api, op) => sourceOf(api, op, `x-pagination.request.size (${op.pagination?.request.size.name})`),
  appliesTo: isPaged,
  faults: ['pagination.size-ignored'],
  async run(ctx, op) {
    const pair = await walkPair(ctx, op);
    if (typeof pair === 'string') return ctx.noJobOutcome(pair);
    for (const walk of [pair.large, pair.small]) {
      const problem = pageSizeProblem(walk);
      if (problem)
        return {
          status: 'fail',
          message: `size ${walk.size}: ${problem}`,
          evidence: walk.pages.slice(0, 3).map((p) => p.exchange),
          data: walkSummary(walk),
        };
    }
    const broken = brokenWalk(pair);
    if (broken) return broken;
    return {
      status: 'pass',
      message: `page sizes ${pair.large.size} and ${pair.small.size} honoured over ${pair.large.pages.length} and ${pair.small.pages.length} pages`,
      evidence: [pair.large.pages[0]!.exchange],
      data: { walks: [walkSummary(pair.large), walkSummary(pair.small)] },
    };
  },
};
