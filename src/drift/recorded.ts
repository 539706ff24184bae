import { isNode } from './schema-form.ts';
import type { Difference, Node, Recorded } from './types.ts';

/** An x-deviations entry: a difference we knowingly keep, why, and where that is said. */
export interface Deviation {
  /** The difference id; `*` stands for any text (e.g. "*: response 400 body/errors/*\/path: field-removed path"). */
  difference: string;
  reason: string;
  source: string;
}

const globToRegExp = (glob: string) =>
  new RegExp(
    `^${glob
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );

export function deviationsOf(doc: Node): Deviation[] {
  const list = doc['x-deviations'];
  return Array.isArray(list) ? (list as Deviation[]) : [];
}

/** An x-provenance entry on our node that speaks of this keyword or value. */
function provenanceFor(d: Difference, node: Node | undefined): Recorded | undefined {
  const entries = node && Array.isArray(node['x-provenance']) ? (node['x-provenance'] as Node[]) : [];
  // A value a newer source removed explains the official document still listing it; a value
  // only we list is never explained by its history (a deprecated tier or a deviation must say why).
  if (d.kind === 'enum-value-removed') return undefined;
  const value = d.kind === 'enum-value-added' ? d.official : undefined;
  const fields = (e: Node) => String(e.field ?? '').split(/,\s*/);
  const hit = entries.find(
    (e) =>
      (d.detail !== undefined && fields(e).includes(d.detail)) || (value !== undefined && e.value === value),
  );
  if (!hit) return undefined;
  const was = 'was' in hit ? `was ${JSON.stringify(hit.was)}` : `${String(hit.status ?? 'changed')}`;
  return { by: 'provenance', reason: `x-provenance: ${was}`, source: String(hit.source) };
}

/** Changes where we ask for more than the official document: an x-inferred note on our node explains them. */
const STRICTER = new Set(['status-removed', 'field-optional', 'header-removed', 'bound-changed']);

/** How a difference is already accounted for in our schemas, if it is. */
export function recordedBy(
  d: Difference,
  oursNode: Node | undefined,
  deviations: Deviation[],
): Recorded | undefined {
  const deviation = deviations.find((dev) => globToRegExp(dev.difference).test(d.id));
  if (deviation) return { by: 'deviation', reason: deviation.reason, source: deviation.source };
  if (d.kind === 'enum-value-removed' && d.tier === 'deprecated') {
    return provenanceFor(d, oursNode) ?? { by: 'deprecated', reason: 'kept as a deprecated enum value' };
  }
  if (STRICTER.has(d.kind) && isNode(oursNode) && typeof oursNode['x-inferred'] === 'string') {
    return { by: 'inferred', reason: `x-inferred: ${oursNode['x-inferred']}` };
  }
  return provenanceFor(d, oursNode);
}
