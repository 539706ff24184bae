import type { Exchange } from '../../core/index.ts';
import { answerProblem, listProblem, sourceOf, transportProblem } from '../judge.ts';
import { DOCS } from '../open-points.ts';
import { type PageState, pagerFor, walkSizes } from '../paging.ts';
import { jobIdOf } from '../probe.ts';
import type { CheckDefinition } from '../types.ts';
import { filterProbes, recordsOf, unimplementedSyntaxes } from './filters.ts';

/** Pages of one filtered list a probe may read while it looks for its witness job on a live target. */
const LIVE_FILTER_PAGES = 3;

export const filterMatches: CheckDefinition = {
  id: 'filter.matches',
  category: 'consistency',
  description:
    'Every documented filter (x-filters: a field, a time bound, or a query language a provider implements) returns only matching jobs, the witness job among them.',
  source: (api, op) =>
    sourceOf(api, op, `x-filters (${op.filters.map((f) => f.name).join(', ')})`, [
      `A time filter is probed one whole second before the witness job's time and asserts only "created at or after the bound": whether a job created exactly at the bound is included is open (${DOCS.corrections}: the documents differ on whether the bound is inclusive).`,
      "Filter values are compared without regard to case, and a returned job that lacks the filtered field is not judged: no document says whether matching is case-sensitive, and the Job fields are optional (suite's choice).",
      "The witness job is looked for across the pages of the filtered list, not only the first: no document gives the order of a filtered list (suite's choice).",
      "The jobs do not change between the unfiltered list the witness comes from and the filtered requests (suite's choice).",
    ]),
  appliesTo: (op) => op.filters.length > 0 && op.pagination !== undefined,
  faults: ['filter.non-matching'],
  async run(ctx, op) {
    const first = await ctx.baseline(op);
    const witness = first ? recordsOf(op, first)?.find((i) => jobIdOf(ctx.api, i) !== undefined) : undefined;
    if (!first || !witness) {
      const problem = first ? answerProblem(first) : undefined;
      const message = 'the list returned no job to take filter values from';
      return problem && first
        ? { status: 'error', message: `${message}: ${problem}`, evidence: [first] }
        : { status: 'skip', message };
    }
    const languages = ctx.options.queryLanguages ?? {};
    const missing = unimplementedSyntaxes(op, languages);
    const unprobed =
      missing.length > 0
        ? `no provider implements the query language ${missing.map((m) => `'${m}'`).join(', ')} (x-filters syntax)`
        : '';
    const probes = filterProbes(op, witness, jobIdOf(ctx.api, witness)!, languages);
    if (probes.length === 0)
      return {
        status: 'skip',
        message: unprobed || 'the witness job has none of the filtered fields',
      };
    const pager = pagerFor(op)!;
    const size = walkSizes(op).large;
    const pageLimit = ctx.options.live
      ? Math.min(LIVE_FILTER_PAGES, ctx.options.pageLimit)
      : ctx.options.pageLimit;
    const evidence: Exchange[] = [];
    const notReached: string[] = [];
    for (const probe of probes) {
      let state: PageState | undefined = pager.first();
      let found = false;
      let pages = 0;
      let last: Exchange | undefined;
      for (; state && !found && pages < pageLimit; pages++) {
        const label = pages === 0 ? probe.label : `${probe.label}, page ${pages + 1}`;
        const exchange = await ctx.send(op, 'filter', {
          ...pager.request(state, size, probe.input),
          label,
        });
        if (pages === 0) evidence.push(exchange);
        last = exchange;
        const problem = transportProblem(exchange);
        if (problem) return { status: 'error', message: `${label}: ${problem}`, evidence: [exchange] };
        const items = recordsOf(op, exchange);
        if (exchange.response!.status !== 200 || !items)
          return {
            status: 'fail',
            message: `${label}: ${listProblem(op, exchange)}`,
            evidence: [exchange],
          };
        const stray = items.find((item) => !probe.matches(item));
        if (stray)
          return {
            status: 'fail',
            message: `${label}: job ${jobIdOf(ctx.api, stray) ?? JSON.stringify(stray).slice(0, 80)} does not match the filter`,
            evidence: [exchange],
          };
        found = items.some((item) => jobIdOf(ctx.api, item) === probe.witness);
        state = pager.next(exchange, state, size);
      }
      if (found) continue;
      if (!state)
        return {
          status: 'fail',
          message: `${probe.label}: job ${probe.witness}, which matches, is missing from the filtered list (${pages} page${pages === 1 ? '' : 's'})`,
          evidence: last ? [last] : [],
        };
      notReached.push(probe.label);
    }
    const unverified =
      notReached.length > 0
        ? `; the witness job was not reached within ${pageLimit} pages of ${notReached.join('; ')}`
        : '';
    return {
      status: 'pass',
      message: `filters return only matching jobs: ${probes.map((p) => p.label).join('; ')}${unverified}${unprobed ? `; not probed: ${unprobed}` : ''}`,
      evidence,
    };
  },
};
