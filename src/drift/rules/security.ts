import { isNode } from '../schema-form.ts';
import type { Node, OperationView, Report } from '../types.ts';

/** A scheme by what it asks of a request (names differ between documents): "apiKey header x-api-key". */
function describe(scheme: unknown, scopes: unknown): string {
  if (!isNode(scheme)) return 'unknown scheme';
  const type = String(scheme.type);
  const scoped = Array.isArray(scopes) && scopes.length ? ` [${[...scopes].sort().join(' ')}]` : '';
  if (type === 'apiKey') return `apiKey ${String(scheme.in)} ${String(scheme.name).toLowerCase()}`;
  if (type === 'http') return `http ${String(scheme.scheme).toLowerCase()}`;
  return `${type}${scoped}`;
}

/** Each alternative of a security requirement list, as sorted descriptions joined with " + ". */
export function alternatives(security: Node[] | undefined, schemes: Node): string[] {
  return (security ?? [])
    .map((alt) =>
      Object.entries(alt)
        .map(([name, scopes]) => describe(schemes[name], scopes))
        .sort()
        .join(' + '),
    )
    .sort();
}

/** The ways to authenticate an operation: an alternative only one side offers. */
export function compareSecurity(
  official: OperationView,
  ours: OperationView,
  report: Report,
  schemes: { official: Node; ours: Node },
): void {
  const a = alternatives(official.security, schemes.official);
  const b = alternatives(ours.security, schemes.ours);
  if (a.join('|') === b.join('|')) return;
  report({ kind: 'security-changed', where: 'security', official: a, ours: b });
}
