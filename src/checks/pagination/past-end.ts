import { inputRejectionStatuses, judgeRejection, sourceOf, transportProblem } from '../judge.ts';
import { declaredAt, pastEndDocumentedBy } from '../open-points.ts';
import { pagerFor } from '../paging.ts';
import { itemsOf } from '../probe.ts';
import type { CheckDefinition } from '../types.ts';
import { brokenWalk, walkAssumptions, walkBase, walkPair } from './walks.ts';

export const pastEnd: CheckDefinition = {
  id: 'pagination.past-end',
  category: 'pagination',
  description:
    'A page past the last holds no job: 200 with an empty result where documented (x-pagination pastLastPage with its reason), else also a documented error.',
  source: (api, op) => {
    const documented = pastEndDocumentedBy(api, op);
    return sourceOf(
      api,
      op,
      'x-pagination.pastLastPage: empty-result',
      [
        documented
          ? `A page past the last answers 200 with an empty result (${documented}).`
          : "No document says what a page past the last answers: 200 with an empty result passes, a documented error status with its error body is a warning, a page with jobs fails (suite's choice).",
        "The last page is where a full walk ended, or, when the walk did not end, the one the reported total gives (suite's choice: a total may be an estimate).",
        ...walkAssumptions(api, op),
      ],
      documented ? declaredAt(api, op, 'x-pagination') : undefined,
    );
  },
  appliesTo: (op) => op.pagination?.pastLastPage === 'empty-result',
  faults: ['pagination.data-past-end'],
  async run(ctx, op) {
    const pair = await walkPair(ctx, op);
    if (typeof pair === 'string') return ctx.noJobOutcome(pair);
    // The page after the last: where a walk that ended stopped (a total may be an estimate), else
    // from the reported total (a server that keeps answering past the end never lets a walk finish).
    const { large } = pair;
    const total = large.pages[0]?.totals.total;
    let lastPage: number | undefined;
    if (large.stoppedBy === 'end') lastPage = large.pages[large.pages.length - 1]!.state.page;
    else if (total !== undefined) lastPage = Math.max(1, Math.ceil(total / large.size));
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
    const documented = pastEndDocumentedBy(ctx.api, op);
    if (exchange.response!.status !== 200 && !documented) {
      // Open: an error is a reading the documents allow, if it is a documented one.
      const what = `page ${page} past the end`;
      const judged = judgeRejection(ctx.api, op, exchange, inputRejectionStatuses(op), 'walk', what);
      if (judged.status !== 'pass') return judged;
      return {
        status: 'warn',
        message: `${what} answered ${exchange.response!.status}, not 200 with an empty result (no document says which)`,
        evidence: [exchange],
      };
    }
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
