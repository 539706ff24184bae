import { itemsOf } from '../context.ts';
import { sourceOf, transportProblem } from '../judge.ts';
import { pagerFor } from '../paging.ts';
import type { CheckDefinition } from '../types.ts';
import { walkBase, walkPair } from './walks.ts';

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
    if (typeof pair === 'string') return { status: 'skip', message: pair };
    const { large } = pair;
    if (large.stoppedBy !== 'end')
      return { status: 'skip', message: `the walk did not reach the end (${large.stoppedBy})` };
    const last = large.pages[large.pages.length - 1]!;
    const pager = pagerFor(op)!;
    const base = (await walkBase(ctx, op)) ?? {};
    const beyond = { index: last.state.index + 1, page: (last.state.page ?? 1) + 1 };
    const exchange = await ctx.send(op, 'walk', {
      ...pager.request(beyond, large.size, base),
      label: `page ${beyond.page} (past the end)`,
    });
    const problem = transportProblem(exchange);
    if (problem) return { status: 'error', message: problem, evidence: [exchange] };
    if (exchange.response!.status !== 200) {
      return {
        status: 'fail',
        message: `page ${beyond.page} past the end answered ${exchange.response!.status}, not 200 with an empty result`,
        evidence: [exchange],
      };
    }
    const items = itemsOf(op, exchange);
    if (!items || items.length > 0) {
      return {
        status: 'fail',
        message: `page ${beyond.page} past the end returned ${items ? `${items.length} items` : 'no item array'}`,
        evidence: [exchange],
      };
    }
    return { status: 'pass', message: `page ${beyond.page} past the end is empty`, evidence: [exchange] };
  },
};
