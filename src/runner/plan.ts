import type { Api, Operation } from '../catalogue/index.ts';
import { CHECKS, type CheckDefinition } from '../checks/index.ts';
import { UsageError } from '../core/index.ts';

export interface PlannedCheck {
  op: Operation;
  check: CheckDefinition;
  /** `${api}/${operation}/${check}`: the result id, stable across runs. */
  id: string;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

/** Checks selected by --check: comma-separated ids or globs (pagination.*); every pattern must match one. */
export function selectChecks(pattern?: string): readonly CheckDefinition[] {
  if (!pattern || pattern.trim() === '' || pattern === '*') return CHECKS;
  const patterns = pattern
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  for (const p of patterns) {
    if (!CHECKS.some((c) => globToRegExp(p).test(c.id))) {
      throw new UsageError(`--check '${p}' matches no check (checks: ${CHECKS.map((c) => c.id).join(', ')})`);
    }
  }
  return CHECKS.filter((c) => patterns.some((p) => globToRegExp(p).test(c.id)));
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
