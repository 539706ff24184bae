/**
 * A baseline diff: marks each result new (failing or erring now, neither in the baseline), fixed
 * (failing or erring there, passing now) or same, and lists the enum values seen for the first time.
 */
import { type Result, type RunResults, shownPath } from '../core/index.ts';
import { enumValuesOf } from './stats.ts';

/** A failure or an error: what the ratchet (--fail-on new) counts. */
function failing(r: Result | undefined): boolean {
  return r?.status === 'fail' || r?.status === 'error';
}

function enumKey(api: string, name: string, value: string): string {
  return `${api}\u0000${name}\u0000${value}`;
}

/**
 * A copy of `current` with `result.baseline` on every result and `baseline` filled in; `source` (the
 * baseline's path as typed) is kept relative to the working directory (shownPath).
 */
export function applyBaseline(current: RunResults, baseline: RunResults, source = 'baseline'): RunResults {
  const before = new Map(baseline.results.map((r) => [r.id, r]));
  const newFailures: string[] = [];
  const fixed: string[] = [];
  const results = current.results.map((r): Result => {
    const old = before.get(r.id);
    let mark: Result['baseline'] = 'same';
    if (failing(r) && !failing(old)) {
      mark = 'new';
      newFailures.push(r.id);
    } else if (!failing(r) && failing(old) && (r.status === 'pass' || r.status === 'warn')) {
      mark = 'fixed';
      fixed.push(r.id);
    }
    return { ...r, baseline: mark };
  });
  const known = new Set(
    baseline.results.flatMap((r) => enumValuesOf(r).map((e) => enumKey(r.api, e.enum, e.value))),
  );
  const newEnumValues: { api: string; enum: string; value: string }[] = [];
  const listed = new Set<string>();
  for (const r of current.results) {
    for (const e of enumValuesOf(r)) {
      const key = enumKey(r.api, e.enum, e.value);
      if (known.has(key) || listed.has(key)) continue;
      listed.add(key);
      newEnumValues.push({ api: r.api, enum: e.enum, value: e.value });
    }
  }
  return { ...current, results, baseline: { source: shownPath(source), newFailures, fixed, newEnumValues } };
}
