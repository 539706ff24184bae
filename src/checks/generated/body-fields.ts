import type { Catalogue, JsonSchema, Operation } from '../../catalogue/index.ts';
import { ABSENT, type ValueCase } from './cases.ts';
import { casesOf, type Field, isStructural, randomValid } from './fields.ts';

export const NOT_JSON = '{"unterminated": ';

/** The properties of a body node, those of its oneOf/anyOf/allOf branches included, resolved. */
function propertiesOf(
  catalogue: Catalogue,
  node: JsonSchema,
  base: string,
): { props: [string, JsonSchema, string][]; required: string[] } {
  const props: [string, JsonSchema, string][] = [];
  const required: string[] = Array.isArray(node.required) ? [...(node.required as string[])] : [];
  const own = (node.properties ?? {}) as Record<string, JsonSchema>;
  for (const [name, prop] of Object.entries(own)) {
    const r = catalogue.resolveNode(prop, base);
    props.push([name, r.node, r.base]);
  }
  for (const key of ['oneOf', 'anyOf', 'allOf'] as const) {
    const branches = Array.isArray(node[key]) ? (node[key] as JsonSchema[]) : [];
    // Only the first branch: the one the valid base body follows.
    for (const branch of branches.slice(0, key === 'allOf' ? branches.length : 1)) {
      const r = catalogue.resolveNode(branch, base);
      const inner = propertiesOf(catalogue, r.node, r.base);
      props.push(...inner.props.filter(([n]) => !props.some(([m]) => m === n)));
      required.push(...inner.required);
    }
  }
  return { props, required };
}

/**
 * The body fields a generated request changes: every property (and the properties of an object
 * property, one level down), each required property left out, an unknown property added, and the
 * whole body malformed (not JSON, an array).
 */
export function bodyFields(catalogue: Catalogue, op: Operation): Field[] {
  const handle = op.requestBody?.body;
  if (!handle) return [];
  const paging = op.pagination?.request;
  const pagingBody = new Set(
    [paging?.size, paging?.page].filter((r) => r?.in === 'body').map((r) => r!.name),
  );
  const fields: Field[] = [];
  const visit = (node: JsonSchema, base: string, path: string[], depth: number) => {
    const { props, required } = propertiesOf(catalogue, node, base);
    for (const [name, prop, at] of props) {
      const resolve = (n: JsonSchema) => catalogue.resolveNode(n, at).node;
      const cases: ValueCase[] = casesOf(prop, 'body', resolve);
      if (required.includes(name))
        cases.push({ kind: 'required', label: 'a required field left out', value: ABSENT });
      const random = randomValid(prop, resolve);
      const isPaging = depth === 0 && pagingBody.has(name);
      fields.push({
        carrier: 'body',
        path: [...path, name],
        paging: isPaging,
        structural: isStructural(prop, resolve) && !(isPaging && name === paging?.page?.name),
        cases,
        ...(random ? { random } : {}),
      });
      if (depth === 0 && prop.type === 'object') visit(prop, at, [...path, name], depth + 1);
    }
  };
  visit(handle.schema, handle.ref, [], 0);
  fields.push({
    carrier: 'body',
    path: ['unexpected_field'],
    paging: false,
    structural: false,
    cases: [{ kind: 'extra', label: 'a field no schema names', value: 'x' }],
  });
  fields.push({
    carrier: 'body',
    path: [],
    paging: false,
    structural: false,
    cases: [
      { kind: 'encoding', label: 'a body that is not JSON', value: NOT_JSON },
      { kind: 'encoding', label: 'a JSON array for an object', value: [] },
    ],
  });
  return fields.filter((f) => f.cases.length > 0);
}

/** The base body with each pick applied (set, or left out); a whole-body pick replaces it. */
export function applyPicks(base: unknown, picks: readonly { field: Field; case: ValueCase }[]): unknown {
  const whole = picks.find((p) => p.field.path.length === 0);
  if (whole) return whole.case.value;
  let body: unknown = structuredClone(base ?? {});
  if (body === null || typeof body !== 'object' || Array.isArray(body)) body = {};
  for (const { field, case: c } of picks) {
    let node = body as Record<string, unknown>;
    for (const key of field.path.slice(0, -1)) {
      const next = node[key];
      if (next === null || typeof next !== 'object' || Array.isArray(next)) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    const last = field.path[field.path.length - 1]!;
    if (c.value === ABSENT) delete node[last];
    else node[last] = c.value;
  }
  return body;
}
