import { answerProblem, sourceOf, transportProblem } from '../judge.ts';
import type { CheckDefinition } from '../types.ts';
import { filterProbes, recordsOf } from './filters.ts';

export const filterMatches: CheckDefinition = {
  id: 'filter.matches',
  category: 'consistency',
  description:
    'Every documented filter (Vectara state, corpus, time, job id; Emporix q) returns only matching jobs, the witness job among them.',
  source: (api, op) => sourceOf(api, op, `x-filters (${op.filters.map((f) => f.name).join(', ')})`),
  appliesTo: (op) => op.filters.length > 0 && op.pagination !== undefined,
  faults: ['filter.non-matching'],
  async run(ctx, op) {
    const first = await ctx.baseline(op);
    const witness = first ? recordsOf(op, first)?.find((i) => i.id !== undefined) : undefined;
    if (!first || !witness) {
      const problem = first ? answerProblem(first) : undefined;
      const message = 'the list returned no job to take filter values from';
      return problem && first
        ? { status: 'error', message: `${message}: ${problem}`, evidence: [first] }
        : { status: 'skip', message };
    }
    const probes = filterProbes(op, witness);
    if (probes.length === 0)
      return { status: 'skip', message: 'the witness job has none of the filtered fields' };
    const evidence = [];
    for (const probe of probes) {
      const exchange = await ctx.send(op, 'filter', { ...probe.input, label: probe.label });
      evidence.push(exchange);
      const problem = transportProblem(exchange);
      if (problem) return { status: 'error', message: `${probe.label}: ${problem}`, evidence: [exchange] };
      const items = recordsOf(op, exchange);
      if (exchange.response!.status !== 200 || !items)
        return {
          status: 'fail',
          message: `${probe.label}: answered ${exchange.response!.status}`,
          evidence: [exchange],
        };
      const stray = items.find((item) => !probe.matches(item));
      if (stray)
        return {
          status: 'fail',
          message: `${probe.label}: job ${String(stray.id)} does not match the filter`,
          evidence: [exchange],
        };
      if (!items.some((item) => String(item.id) === probe.witness)) {
        return {
          status: 'fail',
          message: `${probe.label}: job ${probe.witness}, which matches, is missing from the first page`,
          evidence: [exchange],
        };
      }
    }
    return {
      status: 'pass',
      message: `filters return only matching jobs: ${probes.map((p) => p.label).join('; ')}`,
      evidence,
    };
  },
};
