import { sourceOf } from '../judge.ts';
import type { CheckDefinition } from '../types.ts';
import { brokenWalk, walkPair, walkSummary } from './walks.ts';

export const totals: CheckDefinition = {
  id: 'pagination.totals',
  category: 'pagination',
  description:
    'Reported counts and totals (result_info.count/total_count, X-Total-Count, page, per_page) agree with the items.',
  source: (api, op) => sourceOf(api, op, 'x-pagination.response (count, total, totalHeader)'),
  appliesTo: (op) => {
    const r = op.pagination?.response;
    return r !== undefined && (r.count !== undefined || r.total !== undefined || r.totalHeader !== undefined);
  },
  faults: ['pagination.wrong-total'],
  async run(ctx, op) {
    const pair = await walkPair(ctx, op);
    if (typeof pair === 'string') return ctx.noJobOutcome(pair);
    for (const walk of [pair.large, pair.small]) {
      let total: number | undefined;
      for (const [i, page] of walk.pages.entries()) {
        // The page a broken walk stopped on has no totals to judge (brokenWalk reports it).
        if (walk.stoppedBy === 'error' && i === walk.pages.length - 1) break;
        const t = page.totals;
        const fail = (message: string) => ({
          status: 'fail' as const,
          message: `size ${walk.size}, page ${i + 1}: ${message}`,
          evidence: [page.exchange],
          data: walkSummary(walk),
        });
        if (t.count !== undefined && t.count !== page.count)
          return fail(`count is ${t.count} but the page holds ${page.count} items`);
        if (t.perPage !== undefined && t.perPage !== walk.size)
          return fail(`per_page is ${t.perPage}, ${walk.size} was asked`);
        if (t.page !== undefined && page.state.page !== undefined && t.page !== page.state.page)
          return fail(`page is ${t.page}, page ${page.state.page} was asked`);
        if (t.total === undefined) return fail('no total is reported');
        if (total !== undefined && t.total !== total)
          return fail(`total changed from ${total} to ${t.total} between pages`);
        total = t.total;
      }
      const unique = new Set(walk.ids).size;
      if (walk.stoppedBy === 'end' && total !== undefined && total !== unique) {
        return {
          status: 'fail',
          message: `size ${walk.size}: total is ${total} but a full walk found ${unique} items`,
          evidence: [walk.pages[0]!.exchange],
          data: walkSummary(walk),
        };
      }
    }
    const broken = brokenWalk(pair);
    if (broken) return broken;
    return {
      status: 'pass',
      message: `counts and the total (${pair.large.pages[0]?.totals.total}) agree with the items on every page`,
      evidence: [pair.large.pages[0]!.exchange],
      data: { walks: [walkSummary(pair.large), walkSummary(pair.small)] },
    };
  },
};
