import { inputRejectionStatuses, judgeRejection, sourceOf, transportProblem } from '../judge.ts';
import { declaredAt, pastEndDocumentedBy } from '../open-points.ts';
import { pagerFor } from '../paging.ts';
import { itemsOf } from '../probe.ts';
import type { CheckDefinition } from '../types.ts';
import { brokenWalk, walkAssumptions, walkBase, walkCause, walkPair } from './walks.ts';

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
    const cause = walkCause(ctx, op, pair, 'pagination.past-end');
    if (cause) return cause;
    const total = large.pages[0]?.totals.total;
    // A walk can end early (a short page where an item went missing: pagination.no-skips judges
    // that); the page the reported total gives is then still inside the list, so the later one counts.
    const byTotal = total !== undefined ? Math.max(1, Math.ceil(total / large.size)) : undefined;
    const ended = large.stoppedBy === 'end' ? large.pages[large.pages.length - 1]!.state.page : undefined;
    const lastPage =
      ended !== undefined && byTotal !== undefined ? Math.max(ended ?? 0, byTotal) : (ended ?? byTotal);
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
      const pointer = op.pagination?.response.items ?? '';
      return {
        status: 'fail',
        message: `page ${page} past the end returned ${items ? `${items.length} items` : 'no item array'}`,
        evidence: [exchange],
        findings: items
          ? items.slice(0, 10).map((item, i) => ({
              note: `item ${i} of page ${page}, past the last page (${lastPage})`,
              exchange: exchange.id,
              pointer: `${pointer}/${i}`,
              value: item,
            }))
          : [{ note: `no item array at '${pointer}'`, exchange: exchange.id, pointer: '' }],
      };
    }
    return { status: 'pass', message: `page ${page} past the end is empty`, evidence: [exchange] };
  },
};
