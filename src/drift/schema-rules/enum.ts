import { enumForm } from '../schema-form.ts';
import type { Node, Report } from '../types.ts';

/**
 * Enum values one side lists and the other does not. A value only the official document lists
 * falls into our closed enum (a provider answering it fails) or our open one (a warning); a value
 * only we list is either still current with us (new) or kept as deprecated (recorded).
 */
export function compareEnum(official: Node, ours: Node, where: string, report: Report): void {
  const theirs = enumForm(official);
  const mine = enumForm(ours);
  if (!theirs && !mine) return;
  if (!theirs || !mine) {
    report({
      kind: 'bound-changed',
      where,
      detail: 'enum',
      official: theirs?.current,
      ours: mine ? [...mine.current, ...mine.deprecated] : undefined,
      oursNode: ours,
    });
    return;
  }
  const official_ = new Set(theirs.current.map((v) => JSON.stringify(v)));
  const known = new Set([...mine.current, ...mine.deprecated].map((v) => JSON.stringify(v)));
  for (const value of theirs.current) {
    if (known.has(JSON.stringify(value))) continue;
    report({
      kind: 'enum-value-added',
      where,
      detail: String(value),
      official: value,
      tier: mine.open ? 'open' : 'closed',
      oursNode: ours,
    });
  }
  for (const tier of ['current', 'deprecated'] as const)
    for (const value of mine[tier]) {
      if (official_.has(JSON.stringify(value))) continue;
      report({ kind: 'enum-value-removed', where, detail: String(value), ours: value, tier, oursNode: ours });
    }
}
