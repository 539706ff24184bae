import { sourceOf } from '../judge.ts';
import { declaredAt, docOf, totalIsOnlyFigure } from '../open-points.ts';
import type { Walk } from '../paging.ts';
import type { CheckDefinition, CheckOutcome } from '../types.ts';
import { brokenWalk, uniqueCount, walkAssumptions, walkPair, walkSummary } from './walks.ts';

/**
 * Counts on each page agree with its items, and a total is reported on every page. Whether the total is
 * exact is open (no document describes result_info.total_count or says X-Total-Count is exact rather
 * than an estimate): a total that changes between pages or differs from what a full walk found is a
 * warning. What result_info.count counts is open too: the items on the page, or all of them.
 */
function judgeWalk(walk: Walk): { fail?: CheckOutcome; warn?: CheckOutcome } {
  let total: number | undefined;
  let warn: CheckOutcome | undefined;
  for (const [i, page] of walk.pages.entries()) {
    // The page a broken walk stopped on has no totals to judge (brokenWalk reports it).
    if (walk.stoppedBy === 'error' && i === walk.pages.length - 1) break;
    const t = page.totals;
    const outcome = (status: 'fail' | 'warn', message: string): CheckOutcome => ({
      status,
      message: `size ${walk.size}, page ${i + 1}: ${message}`,
      evidence: [page.exchange],
      data: walkSummary(walk),
    });
    if (t.count !== undefined && t.count !== page.count && t.count !== t.total)
      return {
        fail: outcome(
          'fail',
          `count is ${t.count}, neither the ${page.count} items on the page nor the total ${t.total}`,
        ),
      };
    if (t.perPage !== undefined && t.perPage !== walk.size)
      return { fail: outcome('fail', `per_page is ${t.perPage}, ${walk.size} was asked`) };
    if (t.page !== undefined && page.state.page !== undefined && t.page !== page.state.page)
      return { fail: outcome('fail', `page is ${t.page}, page ${page.state.page} was asked`) };
    if (t.total === undefined) return { fail: outcome('fail', 'no total is reported') };
    if (total !== undefined && t.total !== total)
      warn ??= outcome('warn', `total changed from ${total} to ${t.total} between pages`);
    total = t.total;
  }
  const unique = uniqueCount(walk);
  if (walk.stoppedBy === 'end' && total !== undefined && total !== unique) {
    warn ??= {
      status: 'warn',
      message: `size ${walk.size}: total is ${total} but a full walk found ${unique} items (no document says the total is exact)`,
      evidence: [walk.pages[0]!.exchange],
      data: walkSummary(walk),
    };
  }
  return { warn };
}

export const totals: CheckDefinition = {
  id: 'pagination.totals',
  category: 'pagination',
  description:
    'Reported counts and totals (result_info.count/total_count, X-Total-Count, page, per_page) agree with the items.',
  source: (api, op) =>
    sourceOf(api, op, 'x-pagination.response (count, total, totalHeader)', [
      op.pagination?.response.totalHeader
        ? `${op.pagination.response.totalHeader} comes back on every page asked with ${op.pagination.request.total?.name ?? 'the total request header'}: ${op.pagination.request.total?.value ?? 'true'} (${declaredAt(api, op, 'x-pagination')}).`
        : `The counts and totals x-pagination names are on every page (${declaredAt(api, op, 'x-pagination')}: the response schema requires them).`,
      "result_info.count is the number of items on the page or the total: no document says which (suite's reading accepts either).",
      "result_info.page and per_page echo the page and page size asked for (suite's reading; no document describes them).",
      `A total that changes between pages or differs from the jobs a full walk found is a warning: no document says the total is exact rather than an estimate (${docOf(api)}).`,
      ...walkAssumptions(api, op),
    ]),
  appliesTo: (op) => {
    const r = op.pagination?.response;
    return r !== undefined && (r.count !== undefined || r.total !== undefined || r.totalHeader !== undefined);
  },
  faults: ['pagination.wrong-total'],
  faultExceptions: [
    {
      fault: 'pagination.wrong-total',
      when: totalIsOnlyFigure,
      why: 'the total is the only figure its lists report (no count), and no document says it is exact: a total off by one is a warning',
    },
  ],
  async run(ctx, op) {
    const pair = await walkPair(ctx, op);
    if (typeof pair === 'string') return ctx.noJobOutcome(pair);
    let warn: CheckOutcome | undefined;
    for (const walk of [pair.large, pair.small]) {
      const judged = judgeWalk(walk);
      if (judged.fail) return judged.fail;
      warn ??= judged.warn;
    }
    const broken = brokenWalk(pair);
    if (broken) return broken;
    if (warn) return warn;
    return {
      status: 'pass',
      message: `counts and the total (${pair.large.pages[0]?.totals.total}) agree with the items on every page`,
      evidence: [pair.large.pages[0]!.exchange],
      data: { walks: [walkSummary(pair.large), walkSummary(pair.small)] },
    };
  },
};
