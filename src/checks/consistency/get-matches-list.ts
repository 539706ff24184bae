import { isDeepStrictEqual } from 'node:util';
import { isRecord, jobIdParam, jobOf } from '../context.ts';
import { sourceOf, transportProblem } from '../judge.ts';
import { hasEnded } from '../lifecycle/jobs.ts';
import type { CheckDefinition } from '../types.ts';

export function differences(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => !isDeepStrictEqual(a[k], b[k]));
}

export const getMatchesList: CheckDefinition = {
  id: 'consistency.get-matches-list',
  category: 'consistency',
  description: 'GET of one job returns the same job, field for field, as the list does.',
  source: (api, op) => sourceOf(api, op, '200 body of get vs items of the list'),
  appliesTo: (op) => op.method === 'GET' && jobIdParam(op) !== undefined && !op.pagination,
  faults: ['consistency.get-disagrees'],
  async run(ctx, op) {
    const { items } = await ctx.firstPage();
    // Ended jobs do not change; a running one's heartbeat (last_seen_at) may between two reads.
    const withIds = items.filter((i) => typeof i.id === 'string');
    const ended = withIds.filter(hasEnded);
    const sample = (ended.length > 0 ? ended : withIds).slice(0, 3);
    if (sample.length === 0) return ctx.noJobOutcome('the list returned no job to compare');
    const idParam = jobIdParam(op)!;
    const evidence = [];
    for (const listed of sample) {
      const exchange = await ctx.send(op, 'consistency', {
        pathParams: { [idParam]: String(listed.id) },
        label: `get ${String(listed.id)}`,
      });
      evidence.push(exchange);
      const problem = transportProblem(exchange);
      if (problem) return { status: 'error', message: problem, evidence: [exchange] };
      if (exchange.response!.status !== 200)
        return {
          status: 'fail',
          message: `job ${String(listed.id)} is listed but GET answered ${exchange.response!.status}`,
          evidence: [exchange],
        };
      const got = jobOf(op, exchange.json);
      if (!isRecord(got))
        return {
          status: 'fail',
          message: `GET ${String(listed.id)} returned no job object`,
          evidence: [exchange],
        };
      const diff = differences(listed, got);
      if (diff.length > 0) {
        const first = diff[0]!;
        return {
          status: 'fail',
          message: `job ${String(listed.id)} differs from the list in ${diff.join(', ')} (${first}: list ${JSON.stringify(listed[first])}, get ${JSON.stringify(got[first])})`,
          evidence: [(await ctx.firstPage()).exchange!, exchange],
        };
      }
    }
    return {
      status: 'pass',
      message: `${sample.length} jobs read one by one equal their list entries`,
      evidence,
    };
  },
};
