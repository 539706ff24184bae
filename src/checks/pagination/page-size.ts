import type { Operation } from '../../catalogue/index.ts';
import { sourceOf } from '../judge.ts';
import { declaredAt } from '../open-points.ts';
import { pagesByNumber } from '../paging.ts';
import type { CheckDefinition } from '../types.ts';
import { brokenWalk, isPaged, pageSizeProblem, walkAssumptions, walkPair, walkSummary } from './walks.ts';

/** What the documents say of the page size parameter: its description, or its name. */
function sizeDescription(op: Operation): string {
  const name = op.pagination?.request.size.name ?? 'size';
  const param = op.parameters.find((p) => p.name === name);
  const props = op.requestBody?.body.schema.properties as
    | Record<string, { description?: unknown }>
    | undefined;
  const text = param?.description ?? param?.schema.schema.description ?? props?.[name]?.description;
  return typeof text === 'string' ? `${name} is "${text.replace(/\.$/, '')}"` : `${name} bounds each page`;
}

export const pageSize: CheckDefinition = {
  id: 'pagination.page-size',
  category: 'pagination',
  description:
    'No page holds more than the page size asked for; on page-number lists every page but the last holds exactly that many.',
  source: (api, op) =>
    sourceOf(api, op, `x-pagination.request.size (${op.pagination?.request.size.name})`, [
      !pagesByNumber(op.pagination)
        ? `The page size is a maximum, so a page short of it may still have a next cursor (${declaredAt(api, op)}: ${sizeDescription(op)}).`
        : "Page n of size s holds jobs (n-1)s+1 to ns, so every page but the last is full (suite's reading of page-number paging).",
      ...walkAssumptions(api, op),
    ]),
  appliesTo: isPaged,
  faults: ['pagination.size-ignored'],
  async run(ctx, op) {
    const pair = await walkPair(ctx, op);
    if (typeof pair === 'string') return ctx.noJobOutcome(pair);
    for (const walk of [pair.large, pair.small]) {
      const problem = pageSizeProblem(walk, pagesByNumber(op.pagination));
      if (problem)
        return {
          status: 'fail',
          message: `size ${walk.size}: ${problem.message}`,
          evidence: [walk.pages[problem.page]!.exchange],
          findings: [
            {
              note: `page ${problem.page + 1} holds ${walk.pages[problem.page]!.count} items at size ${walk.size}`,
              exchange: walk.pages[problem.page]!.exchange.id,
              pointer: op.pagination?.response.items ?? '',
            },
          ],
          data: walkSummary(walk),
        };
    }
    const broken = brokenWalk(pair);
    if (broken) return broken;
    return {
      status: 'pass',
      message: `page sizes ${pair.large.size} and ${pair.small.size} honoured over ${pair.large.pages.length} and ${pair.small.pages.length} pages${pagesByNumber(op.pagination) ? '' : ' (none holds more; short pages are allowed)'}`,
      evidence: [pair.large.pages[0]!.exchange],
      data: { walks: [walkSummary(pair.large), walkSummary(pair.small)] },
    };
  },
};
