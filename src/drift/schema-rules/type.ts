import type { Node, Report } from '../types.ts';

/** The JSON type changed (string to integer, a type made nullable, ...); only where both sides say one. */
export function compareType(official: Node, ours: Node, where: string, report: Report): void {
  const a = official.type as string[] | undefined;
  const b = ours.type as string[] | undefined;
  if (!a || !b || a.join() === b.join()) return;
  report({
    kind: 'type-changed',
    where,
    detail: 'type',
    official: a.join('|'),
    ours: b.join('|'),
    oursNode: ours,
  });
}
