import {
  RESULT_STATUSES,
  type Result,
  type ResultStatus,
  type RunResults,
  type RunSummary,
} from '../core/index.ts';

export type Verdict = 'pass' | 'fail' | 'error';

/** Failed when a check failed; incomplete when only environment errors stand in the way. */
export function verdictOf(summary: RunSummary): Verdict {
  if (summary.fail > 0) return 'fail';
  if (summary.error > 0) return 'error';
  return 'pass';
}

export const VERDICT_LABEL: Record<Verdict, string> = {
  pass: 'Passed',
  fail: 'Failed',
  error: 'Incomplete (environment errors)',
};

/** The selected APIs a run could not check at all (RunResults.notChecked), in the run's API order. */
export function notCheckedOf(
  run: Pick<RunResults, 'apis' | 'notChecked'>,
): { api: string; reason: string }[] {
  const list = run.notChecked ?? [];
  const order = (api: string) => {
    const i = run.apis.indexOf(api);
    return i < 0 ? run.apis.length : i;
  };
  return [...list].sort((a, b) => order(a.api) - order(b.api));
}

/** "2 of 5 APIs not checked"; undefined when every selected API was checked. */
export function notCheckedCount(run: Pick<RunResults, 'apis' | 'notChecked'>): string | undefined {
  const n = notCheckedOf(run).length;
  if (n === 0) return undefined;
  const of = Math.max(run.apis.length, n);
  return `${n} of ${of} API${of === 1 ? '' : 's'} not checked`;
}

/**
 * The APIs not checked, with why, as one line: "2 of 5 APIs not checked: vectara-v1 (live settings
 * missing: VECTARA_API_KEY), emporix-ai-service (…)"; undefined when every selected API was checked.
 */
export function notCheckedText(run: Pick<RunResults, 'apis' | 'notChecked'>): string | undefined {
  const count = notCheckedCount(run);
  if (!count) return undefined;
  return `${count}: ${notCheckedOf(run)
    .map((n) => `${n.api} (${n.reason})`)
    .join(', ')}`;
}

/**
 * The verdict as a report's headline: its label, followed by what was not checked, so that a run with
 * unchecked APIs never reads as a plain "Passed" ("Passed — 2 of 5 APIs not checked"; with the reasons
 * when `reasons` is set). A passing run that checked none of its APIs reads "Nothing checked — …".
 */
export function verdictHeadline(
  run: Pick<RunResults, 'apis' | 'notChecked' | 'summary'>,
  reasons = false,
): string {
  const verdict = verdictOf(run.summary);
  const note = reasons ? notCheckedText(run) : notCheckedCount(run);
  if (!note) return VERDICT_LABEL[verdict];
  const none = verdict === 'pass' && notCheckedOf(run).length >= run.apis.length;
  return `${none ? 'Nothing checked' : VERDICT_LABEL[verdict]} — ${note}`;
}

/** Most severe first: the order reports list results in. */
export const SEVERITY: readonly ResultStatus[] = ['fail', 'error', 'warn', 'expected', 'skip', 'pass'];

export function emptyCounts(): Record<ResultStatus, number> {
  return Object.fromEntries(RESULT_STATUSES.map((s) => [s, 0])) as Record<ResultStatus, number>;
}

/** Counts per API and check, in first-seen order: the API × check matrix. */
export function matrixOf(run: RunResults): {
  apis: string[];
  checks: string[];
  cells: Map<string, Record<ResultStatus, number>>;
} {
  const apis = [...run.apis];
  const checks: string[] = [];
  const cells = new Map<string, Record<ResultStatus, number>>();
  for (const r of run.results) {
    if (!apis.includes(r.api)) apis.push(r.api);
    if (!checks.includes(r.check)) checks.push(r.check);
    const key = cellKey(r.api, r.check);
    let cell = cells.get(key);
    if (!cell) {
      cell = emptyCounts();
      cells.set(key, cell);
    }
    cell[r.status]++;
  }
  checks.sort();
  return { apis, checks, cells };
}

export function cellKey(api: string, check: string): string {
  return `${api}\u0000${check}`;
}

export function countsOf(results: Result[]): Record<ResultStatus, number> {
  const counts = emptyCounts();
  for (const r of results) counts[r.status]++;
  return counts;
}

export function bySeverity(a: Result, b: Result): number {
  return SEVERITY.indexOf(a.status) - SEVERITY.indexOf(b.status) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** A pagination walk's figures, as checks put them in `data`. */
export interface PaginationWalk {
  pages: number;
  items?: number;
  unique?: number;
  size?: number;
  stoppedBy?: string;
  totals?: unknown;
}

function walkOf(value: unknown): PaginationWalk | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const w = value as Record<string, unknown>;
  if (typeof w.pages !== 'number') return undefined;
  return {
    pages: w.pages,
    ...(typeof w.items === 'number' ? { items: w.items } : {}),
    ...(typeof w.unique === 'number' ? { unique: w.unique } : {}),
    ...(typeof w.size === 'number' ? { size: w.size } : {}),
    ...(typeof w.stoppedBy === 'string' ? { stoppedBy: w.stoppedBy } : {}),
    ...(w.totals !== undefined ? { totals: w.totals } : {}),
  };
}

/** The pagination walks a result reports: `data.walks` [{pages, items, totals …}] or `data` itself. */
export function paginationWalksOf(result: Result): PaginationWalk[] {
  const data = result.data;
  if (!data) return [];
  if (Array.isArray(data.walks)) return data.walks.map(walkOf).filter((w): w is PaginationWalk => !!w);
  const single = walkOf(data);
  return single ? [single] : [];
}

export interface EnumValueSeen {
  enum: string;
  value: string;
  tier?: string;
}

/** Enum values a result saw (`data.enumValues`), ignoring malformed entries. */
export function enumValuesOf(result: Result): EnumValueSeen[] {
  const list = result.data?.enumValues;
  if (!Array.isArray(list)) return [];
  const out: EnumValueSeen[] = [];
  for (const entry of list) {
    if (entry && typeof entry === 'object') {
      const { enum: name, value, tier } = entry as Record<string, unknown>;
      if (typeof name === 'string' && (typeof value === 'string' || typeof value === 'number')) {
        out.push({ enum: name, value: String(value), ...(typeof tier === 'string' ? { tier } : {}) });
      }
    }
  }
  return out;
}

/** Contract (pact-vs-schema) findings: results of a `contract.*` check that carry a code. */
export function isContractFinding(result: Result): boolean {
  return result.check.startsWith('contract.') && typeof result.code === 'string';
}
