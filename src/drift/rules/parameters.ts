import { compareSchemas } from '../compare-schema.ts';
import { isNode } from '../schema-form.ts';
import type { Node, OperationView, Report } from '../types.ts';

const DEFAULT_STYLE: Record<string, string> = {
  query: 'form',
  cookie: 'form',
  path: 'simple',
  header: 'simple',
};

/** A parameter's identity: path parameters by position (their names are local), others by name. */
function keyed(op: OperationView): Map<string, Node> {
  const out = new Map<string, Node>();
  const pathNames = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  for (const p of op.parameters) {
    const where = String(p.in);
    const name = String(p.name);
    if (where === 'path') out.set(`path #${pathNames.indexOf(name)}`, p);
    else out.set(`${where} ${where === 'header' ? name.toLowerCase() : name}`, p);
  }
  return out;
}

const label = (p: Node) => `parameter ${String(p.in)} ${String(p.name)}`;
const typeOf = (p: Node) => JSON.stringify(isNode(p.schema) ? (p.schema.type ?? null) : null);
const style = (p: Node) => ({
  style: (p.style as string | undefined) ?? DEFAULT_STYLE[String(p.in)],
  explode: (p.explode as boolean | undefined) ?? (p.style ?? DEFAULT_STYLE[String(p.in)]) === 'form',
});

/**
 * Parameters added, removed or renamed (one gone and one new in the same place with the same
 * type), made required or optional, serialised in another style; then each schema.
 */
export function compareParameters(official: OperationView, ours: OperationView, report: Report): void {
  const a = keyed(official);
  const b = keyed(ours);
  const onlyTheirs = [...a.keys()].filter((k) => !b.has(k));
  const onlyMine = [...b.keys()].filter((k) => !a.has(k));
  for (const key of onlyTheirs) {
    const p = a.get(key) as Node;
    const twinIndex = onlyMine.findIndex((k) => {
      const q = b.get(k) as Node;
      return q.in === p.in && typeOf(q) === typeOf(p);
    });
    if (twinIndex >= 0) {
      const q = b.get(onlyMine[twinIndex] as string) as Node;
      onlyMine.splice(twinIndex, 1);
      report({
        kind: 'parameter-renamed',
        where: label(q),
        detail: String(p.name),
        official: p.name,
        ours: q.name,
        oursNode: q,
      });
      continue;
    }
    report({
      kind: 'parameter-added',
      where: label(p),
      detail: String(p.name),
      official: p.required === true,
    });
  }
  for (const key of onlyMine) {
    const q = b.get(key) as Node;
    report({ kind: 'parameter-removed', where: label(q), detail: String(q.name), oursNode: q });
  }
  for (const [key, p] of a) {
    const q = b.get(key);
    if (!q) continue;
    if (p.in === 'path' && p.name !== q.name) {
      report({
        kind: 'parameter-renamed',
        where: label(q),
        detail: String(p.name),
        official: p.name,
        ours: q.name,
        oursNode: q,
      });
    }
    if ((p.required === true) !== (q.required === true)) {
      report({
        kind: 'parameter-required',
        where: label(q),
        detail: 'required',
        official: p.required === true,
        ours: q.required === true,
        oursNode: q,
      });
    }
    const [sa, sb] = [style(p), style(q)];
    if (sa.style !== sb.style || sa.explode !== sb.explode) {
      report({
        kind: 'parameter-style',
        where: label(q),
        detail: 'style',
        official: sa,
        ours: sb,
        oursNode: q,
      });
    }
    compareSchemas(p.schema, q.schema, label(q), report);
  }
}
