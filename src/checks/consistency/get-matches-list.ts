import { isDeepStrictEqual } from 'node:util';
import { sourceOf, transportProblem } from '../judge.ts';
import { endedText, hasEnded } from '../lifecycle/jobs.ts';
import { docOf, sameValue } from '../open-points.ts';
import { isRecord, jobIdOf, jobIdParam, jobOf } from '../probe.ts';
import type { CheckDefinition } from '../types.ts';

const present = (v: unknown) => v !== undefined && v !== null;

/**
 * Fields that both bodies carry and that differ. A field only one of them carries is not a difference:
 * no document says a list item carries every optional field a GET does (or the reverse). Date-times
 * compare as instants, since no document fixes their text (fraction digits, zone notation).
 */
export function differences(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => present(a[k]) && present(b[k]) && !sameValue(a[k], b[k], isDeepStrictEqual));
}

/** Fields that only one of the two bodies carries (reported, not failed). */
export function onlyInOne(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => present(a[k]) !== present(b[k]));
}

export const getMatchesList: CheckDefinition = {
  id: 'consistency.get-matches-list',
  category: 'consistency',
  description:
    'GET of one job returns the same job as the list does: every field both carry has the same value.',
  source: (api, op) =>
    sourceOf(api, op, '200 body of get vs items of the list', [
      "A field that only the list item or only the GET body carries is not a difference: no document says list items carry every optional field (suite's choice).",
      "Date-time values compare as instants, not as text: no document fixes their fraction digits or zone notation (suite's choice).",
      api.lifecycle?.ended
        ? `An ended job does not change between the list and the GET, so ended jobs (${endedText(api)}: ${docOf(api, '/x-lifecycle/ended')}) are compared where the list shows any.`
        : "The jobs are assumed not to change between the list and the GET: no ended condition is declared (suite's choice).",
    ]),
  // Only where a list of jobs exists to compare with (a batch API may list only a batch's items).
  appliesTo: (op, api) =>
    op.method === 'GET' &&
    jobIdParam(api, op) !== undefined &&
    !op.pagination &&
    (api.lifecycle
      ? api.lifecycle.operations.list !== undefined
      : api.operations.some((o) => o.pagination && jobIdParam(api, o) === undefined)),
  faults: ['consistency.get-disagrees'],
  async run(ctx, op) {
    const { items } = await ctx.firstPage();
    // Ended jobs do not change; a running one's heartbeat (last_seen_at) may between two reads.
    const withIds = items.filter((i) => jobIdOf(ctx.api, i) !== undefined);
    const ended = withIds.filter((job) => hasEnded(ctx.api, job));
    const sample = (ended.length > 0 ? ended : withIds).slice(0, 3);
    if (sample.length === 0) return ctx.noJobOutcome('the list returned no job to compare');
    const idParam = jobIdParam(ctx.api, op)!;
    const evidence = [];
    const partialFields: string[] = [];
    for (const listed of sample) {
      const exchange = await ctx.send(op, 'consistency', {
        pathParams: { [idParam]: String(jobIdOf(ctx.api, listed)) },
        label: `get ${String(jobIdOf(ctx.api, listed))}`,
      });
      evidence.push(exchange);
      const problem = transportProblem(exchange);
      if (problem) return { status: 'error', message: problem, evidence: [exchange] };
      if (exchange.response!.status !== 200)
        return {
          status: 'fail',
          message: `job ${String(jobIdOf(ctx.api, listed))} is listed but GET answered ${exchange.response!.status}`,
          evidence: [exchange],
        };
      const got = jobOf(ctx.api, exchange.json);
      if (!isRecord(got))
        return {
          status: 'fail',
          message: `GET ${String(jobIdOf(ctx.api, listed))} returned no job object`,
          evidence: [exchange],
        };
      const diff = differences(listed, got);
      partialFields.push(...onlyInOne(listed, got));
      if (diff.length > 0) {
        const first = diff[0]!;
        return {
          status: 'fail',
          message: `job ${String(jobIdOf(ctx.api, listed))} differs from the list in ${diff.join(', ')} (${first}: list ${JSON.stringify(listed[first])}, get ${JSON.stringify(got[first])})`,
          evidence: [(await ctx.firstPage()).exchange!, exchange],
        };
      }
    }
    const partial = [...new Set(partialFields)];
    return {
      status: 'pass',
      message: `${sample.length} jobs read one by one equal their list entries${partial.length > 0 ? ` in every field both carry (only one carries: ${partial.join(', ')})` : ''}`,
      evidence,
    };
  },
};
