import type { EnumSite, EnumTier, JsonSchema } from './types.ts';

/**
 * An enum in these schemas is either a plain `enum`, or an `anyOf` of `enum`/`const` branches where
 * branches marked with the standard `deprecated: true` annotation hold values the newer official
 * facts removed (still valid, reported as warnings). A catch-all branch marked `x-open-enum: true`
 * ({type: string, x-open-enum: true}) makes the set open: the tier records it, and a value outside the
 * known ones is drift to look at, not a contract break.
 */
export function enumTierOf(name: string, schemaRef: string, node: JsonSchema): EnumTier | undefined {
  if (Array.isArray(node.enum)) {
    return { name, schemaRef, current: node.enum.map(String), deprecated: [] };
  }
  const branches = node.anyOf;
  if (!Array.isArray(branches) || branches.length === 0) return undefined;
  const current: string[] = [];
  const deprecated: string[] = [];
  let open = false;
  for (const branch of branches as JsonSchema[]) {
    if (branch['x-open-enum'] === true) {
      open = true;
      continue;
    }
    const values = Array.isArray(branch.enum) ? branch.enum : 'const' in branch ? [branch.const] : undefined;
    if (!values) return undefined;
    (branch.deprecated === true ? deprecated : current).push(...values.map(String));
  }
  if (current.length === 0 && deprecated.length === 0) return undefined;
  return { name, schemaRef, current, deprecated, ...(open ? { open } : {}) };
}

type Resolve = (ref: string) => { ref: string; node: JsonSchema };

/** Walks a schema (following $refs) and lists every enum with the body path where it applies. */
export function collectEnumSites(rootRef: string, resolve: Resolve): EnumSite[] {
  const sites: EnumSite[] = [];
  const walk = (ref: string, node: JsonSchema, path: string[], seen: Set<string>): void => {
    if (typeof node.$ref === 'string') {
      const target = resolve(new URL(node.$ref, ref).href);
      if (seen.has(target.ref)) return;
      walk(target.ref, target.node, path, new Set([...seen, target.ref]));
      return;
    }
    const name = (node.title as string | undefined) ?? ref.split('/').pop() ?? ref;
    const tier = enumTierOf(name, ref, node);
    if (tier) {
      sites.push({ ...tier, path });
      return;
    }
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
      const list = node[key];
      if (!Array.isArray(list)) continue;
      for (const [i, sub] of list.entries()) walk(`${ref}/${key}/${i}`, sub as JsonSchema, path, seen);
    }
    const props = node.properties as Record<string, JsonSchema> | undefined;
    if (props) {
      for (const [prop, sub] of Object.entries(props))
        walk(`${ref}/properties/${prop}`, sub, [...path, prop], seen);
    }
    if (node.items && typeof node.items === 'object')
      walk(`${ref}/items`, node.items as JsonSchema, [...path, '*'], seen);
  };
  const root = resolve(rootRef);
  walk(root.ref, root.node, [], new Set([root.ref]));
  return sites;
}

/** Values found at an enum site's path in a body, with their concrete JSON pointer. */
export function valuesAtSite(body: unknown, path: string[]): { pointer: string; value: unknown }[] {
  let frontier: { pointer: string; value: unknown }[] = [{ pointer: '', value: body }];
  for (const segment of path) {
    const next: { pointer: string; value: unknown }[] = [];
    for (const { pointer, value } of frontier) {
      if (segment === '*') {
        if (Array.isArray(value)) {
          for (const [i, item] of value.entries()) next.push({ pointer: `${pointer}/${i}`, value: item });
        }
      } else if (value !== null && typeof value === 'object' && segment in value) {
        next.push({ pointer: `${pointer}/${segment}`, value: (value as Record<string, unknown>)[segment] });
      }
    }
    frontier = next;
  }
  return frontier.filter((f) => f.value !== undefined);
}
