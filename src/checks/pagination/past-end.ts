import { itemsOf } from '../context.ts';
import { sourceOf, transportProblem } from '../judge.ts';
import { pagerFor } from '../paging.ts';
import type { CheckDefinition } from '../types.ts';
import { brokenWalk, walkBase, walkPair } from './walks.ts';

export const pastEnd: CheckDefinition = {
  id: 'pagination.past-end',
  category: 'pagination',
  description:
    'A page past the last answers 200 with an empty result (the official SDKs page until they get one).',
  source: (api, op) =>
    sourceOf(api, op, 'x-pagination.pastLastPage: empty-result', 'provider-docs/README.md'),
  appliesTo: (op) => op.pagination?.pastLastPage === 'empty-result',
  faults: ['pagination.data-past-end'],
  async run(ctx, op) {
    const pair = await walkPair(ctx, op);
    if (typeof pair === 'string') return ctx.noJobOutcome(pair);
    // The page after the last: from the reported total when there is one (a server that keeps
    // answering past the end never lets a walk finish), else after a walk that ended.
    const { large } = pair;
    const total = large.pages[0]?.totals.total;
    let lastPage: number | undefined;
    if (total !== undefined) lastPage = Math.max(1, Math.ceil(total / large.size));
    else if (large.stoppedBy === 'end') lastPage = large.pages[large.pages.length - 1]!.state.page;
    if (lastPage === undefined)
      return (
        brokenWalk(pair) ?? {
          status: 'skip',
          message: `no total and the walk did not reach the end (${large.stoppedBy})`,
        }
      );
    const pager = pagerFor(op)!;
    const base = (await walkBase(ctx, op)) ?? {};
    const page = lastPage + 1;
    const exchange = await ctx.send(op, 'walk', {
      ...pager.request({ index: page - 1, page }, large.size, base),
      label: `page ${page} (past the end)`,
    });
    const problem = transportProblem(exchange);
    if (problem) return { status: 'error', message: problem, evidence: [exchange] };
    if (exchange.response!.status !== 200) {
      return {
        status: 'fail',
        message: `page ${page} past the end answered ${exchange.response!.status}, not 200 with an empty result`,
        evidence: [exchange],
      };
    }
    const items = itemsOf(op, exchange);
    if (!items || items.length > 0) {
      return {
        status: 'fail',
        message: `page ${page} past the end returned ${items ? `${items.length} items` : 'no item array'}`,
        evidence: [exchange],
      };
    }
    return { status: 'pass', message: `page ${page} past the end is empty`, evidence: [exchange] };
  },
};
