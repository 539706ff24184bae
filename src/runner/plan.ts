import picomatch from 'picomatch';
import type { Api, Operation } from '../catalogue/index.ts';
import { CHECKS, type CheckDefinition } from '../checks/index.ts';
import { UsageError } from '../core/index.ts';

export interface PlannedCheck {
  op: Operation;
  check: CheckDefinition;
  /** `${api}/${operation}/${check}`: the result id, stable across runs. */
  id: string;
}

/** Does a glob (`pagination.*`, `*.schema`) match the whole id? */
export function globMatches(glob: string, id: string): boolean {
  return picomatch.isMatch(id, glob, { dot: true });
}

/**
 * Checks selected by --check: comma-separated ids or globs (pagination.*); an entry starting with `!`
 * excludes what it matches (`!enum.known`, or `pagination.*,!pagination.past-end`). Only exclusions
 * means every check but those. Every entry must match a check, so a typo never silently selects all.
 */
export function selectChecks(pattern?: string): readonly CheckDefinition[] {
  if (!pattern || pattern.trim() === '' || pattern === '*') return CHECKS;
  const entries = pattern
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const include = entries.filter((p) => !p.startsWith('!'));
  const exclude = entries.filter((p) => p.startsWith('!')).map((p) => p.slice(1).trim());
  for (const entry of entries) {
    const p = entry.replace(/^!\s*/, '');
    if (p === '' || !CHECKS.some((c) => globMatches(p, c.id))) {
      throw new UsageError(
        `--check '${entry}' matches no check (checks: ${CHECKS.map((c) => c.id).join(', ')})`,
      );
    }
  }
  const selected = CHECKS.filter(
    (c) =>
      (include.length === 0 || include.some((p) => globMatches(p, c.id))) &&
      !exclude.some((p) => globMatches(p, c.id)),
  );
  if (selected.length === 0) throw new UsageError(`--check '${pattern}' leaves no check to run`);
  return selected;
}

/** Every (operation, check) pair that applies to an API, in run order. Deterministic: the suites declare one test each. */
export function planChecks(api: Api, checks: readonly CheckDefinition[] = CHECKS): PlannedCheck[] {
  const plan: PlannedCheck[] = [];
  for (const check of checks) {
    for (const op of api.operations) {
      if (check.appliesTo(op, api)) plan.push({ op, check, id: `${api.id}/${op.id}/${check.id}` });
    }
  }
  return plan;
}

/** One of n equal parts of a run's work (`--shard i/n`, i from 1): n CI jobs together cover it once. */
export interface Shard {
  index: number;
  count: number;
}

/** `--shard i/n`: 1 ≤ i ≤ n. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count)
    throw new UsageError(`--shard '${text}' must be i/n with 1 ≤ i ≤ n (e.g. 2/4: the second of four parts)`);
  return { index, count };
}

export const shardText = (shard: Shard): string => `${shard.index}/${shard.count}`;

/**
 * The units of work a shard runs, out of all of them (result ids `${api}/${operation}/${check}`; API
 * ids for the APIs' contracts): sorted, then dealt out in turn, so the split depends only on the work
 * itself (not on the machine or the order of --api), every unit lands in exactly one shard, and the
 * shards differ in size by one at most.
 */
export function unitsOfShard(units: Iterable<string>, shard: Shard): Set<string> {
  const sorted = [...new Set(units)].sort();
  return new Set(sorted.filter((_, i) => i % shard.count === shard.index - 1));
}
