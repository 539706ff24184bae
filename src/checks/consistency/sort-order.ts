import { type Api, getAtPointer } from '../../catalogue/index.ts';
import type { Exchange } from '../../core/index.ts';
import { judgeRejection, listProblem, sourceOf, transportProblem } from '../judge.ts';
import { docOf, instantOf } from '../open-points.ts';
import { walkSizes } from '../paging.ts';
import { baselineInput } from '../probe.ts';
import type { CheckDefinition, CheckOutcome } from '../types.ts';
import { recordsOf } from './filters.ts';

type Direction = 'asc' | 'desc';

/** A dotted field path from a JSON pointer (/metadata/createdAt → metadata.createdAt). */
const fieldOf = (pointer: string) => pointer.slice(1).split('/').join('.');

/**
 * The sorts a probe asks for, from x-sort: with syntax 'asc|desc' the value is the direction alone,
 * applied to x-sort field (or the job's createdAt), first against its default then with it; with
 * 'field:asc|desc' the job id descending and its creation time ascending (x-lifecycle jobId and
 * createdAt), each sent as field:direction.
 */
export function sortProbes(api: Api): { field: string; dir: Direction; value: string }[] {
  const sort = api.sort;
  if (!sort) return [];
  const createdAt = api.lifecycle?.createdAt;
  if (/^asc\|desc\b/.test(sort.syntax)) {
    const field = sort.field ?? (createdAt ? fieldOf(createdAt) : undefined);
    if (!field) return [];
    const first: Direction = sort.default === 'asc' ? 'desc' : 'asc';
    const second: Direction = first === 'asc' ? 'desc' : 'asc';
    return [first, second].map((dir) => ({ field, dir, value: dir }));
  }
  const fields: { field: string; dir: Direction }[] = [
    { field: fieldOf(api.lifecycle?.jobId?.pointer ?? '/id'), dir: 'desc' },
    ...(createdAt ? [{ field: fieldOf(createdAt), dir: 'asc' as const }] : []),
  ];
  return fields.map((f) => ({ ...f, value: `${f.field}:${f.dir}` }));
}

function sortKeyOf(item: Record<string, unknown>, field: string): unknown {
  return getAtPointer(item, `/${field.split('.').join('/')}`);
}

const sign = (n: number) => (n > 0 ? 1 : n < 0 ? -1 : 0);

/**
 * How a compares with b under each reading the documents leave open: date-times as instants; other
 * values as numbers when both are, else as text in code-unit order and case-folded (no document gives
 * the collation).
 */
export function comparisons(a: unknown, b: unknown): number[] {
  const ia = instantOf(a);
  const ib = instantOf(b);
  if (ia !== undefined && ib !== undefined) return [sign(ia - ib)];
  if (typeof a === 'number' && typeof b === 'number') return [sign(a - b)];
  const sa = String(a);
  const sb = String(b);
  const folded = [sa.toLowerCase(), sb.toLowerCase()] as const;
  return [sa < sb ? -1 : sa > sb ? 1 : 0, folded[0] < folded[1] ? -1 : folded[0] > folded[1] ? 1 : 0];
}

/** True when b may follow a in `dir` under some reading (ties in any order). */
export function inOrder(a: unknown, b: unknown, dir: Direction): boolean {
  return comparisons(a, b).some((c) => (dir === 'asc' ? c <= 0 : c >= 0));
}

/**
 * The first pair of neighbours, among the jobs that carry the key, that is out of `dir` under every
 * reading, with their 1-based positions. Jobs without the key are left out: no document says where
 * they sort.
 */
export function outOfOrder(
  keys: unknown[],
  dir: Direction,
): { first: number; firstKey: unknown; next: number; nextKey: unknown } | undefined {
  let previous: { at: number; key: unknown } | undefined;
  for (const [i, key] of keys.entries()) {
    if (key === undefined || key === null) continue;
    if (previous && !inOrder(previous.key, key, dir))
      return { first: previous.at + 1, firstKey: previous.key, next: i + 1, nextKey: key };
    previous = { at: i, key };
  }
  return undefined;
}

export const sortOrder: CheckDefinition = {
  id: 'sort.order',
  category: 'consistency',
  description:
    'The sort parameter (x-sort: field:asc|desc, or a direction applied to one field) returns jobs in that order; the opposite order, or a documented 400 for a field, is a warning.',
  source: (api, op) =>
    sourceOf(api, op, `parameter ${api.sort?.param} (${api.sort?.syntax})`, [
      `${api.sort?.param} takes ${api.sort?.syntax} (${docOf(api, '/x-sort')}${api.sort?.['x-why'] ? ' and its x-why' : ''}); a list in the opposite direction is a warning (suite's reading).`,
      `${sortProbes(api)
        .map((s) => s.field)
        .filter((f, i, all) => all.indexOf(f) === i)
        .join(
          ' and ',
        )} sort: no document lists the sortable fields, so a documented 400 to one of them is a warning (suite's choice).`,
      "Jobs without the sort field are left out of the comparison, and jobs with equal keys may come in any order: no document says where they sort (suite's choice).",
      "Date-times compare as instants; other keys as text, out of order only if so both in code-unit order and case-folded: no document gives the collation (suite's choice).",
    ]),
  appliesTo: (op, api) =>
    api.sort !== undefined &&
    op.pagination !== undefined &&
    op.parameters.some((p) => p.name === api.sort?.param) &&
    sortProbes(api).length > 0,
  faults: ['sort.ignored'],
  async run(ctx, op) {
    const sizeRef = op.pagination!.request.size;
    const size = String(walkSizes(op).large);
    const evidence: Exchange[] = [];
    const warnings: CheckOutcome[] = [];
    const param = ctx.api.sort!.param;
    const sorts = sortProbes(ctx.api);
    for (const { field, dir, value } of sorts) {
      const base = baselineInput(op);
      const label = `${param}=${value}${value === dir ? ` (${field})` : ''}`;
      const exchange = await ctx.send(op, 'consistency', {
        ...base,
        query: { ...base.query, [param]: value, [sizeRef.name]: size },
        label,
      });
      evidence.push(exchange);
      const problem = transportProblem(exchange);
      if (problem) return { status: 'error', message: problem, evidence: [exchange] };
      const status = exchange.response!.status;
      if (status === 400) {
        // No document lists the sortable fields: a documented rejection of one is a reading.
        const judged = judgeRejection(ctx.api, op, exchange, [400], 'consistency', label);
        if (judged.status !== 'pass') return judged;
        warnings.push({
          status: 'warn',
          message: `${label}: rejected with 400; no document says which fields are sortable`,
          evidence: [exchange],
        });
        continue;
      }
      const items = recordsOf(op, exchange);
      if (status !== 200 || !items)
        return { status: 'fail', message: `${label} ${listProblem(op, exchange)}`, evidence: [exchange] };
      const keys = items.map((item) => sortKeyOf(item, field));
      const wrong = outOfOrder(keys, dir);
      if (!wrong) continue;
      const opposite = dir === 'asc' ? 'desc' : 'asc';
      const message = `${label}: item ${wrong.first} (${String(wrong.firstKey)}) comes before item ${wrong.next} (${String(wrong.nextKey)})`;
      if (!outOfOrder(keys, opposite)) {
        warnings.push({
          status: 'warn',
          message: `${message}: the jobs come in ${opposite}ending order (the direction syntax is open)`,
          evidence: [exchange],
        });
        continue;
      }
      return { status: 'fail', message, evidence: [exchange] };
    }
    if (warnings.length > 0) return warnings[0]!;
    return {
      status: 'pass',
      message: `sorted as asked: ${sorts.map((s) => `${s.field} ${s.dir}`).join(', ')}`,
      evidence,
    };
  },
};
