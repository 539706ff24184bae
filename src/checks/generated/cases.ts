import type { JsonSchema } from '../../catalogue/index.ts';

/** What a generated value does to a field: the kinds a report names. */
export type CaseKind =
  | 'valid'
  | 'bound'
  | 'length'
  | 'type'
  | 'enum'
  | 'pattern'
  | 'required'
  | 'extra'
  | 'encoding';

/** A value left out of the request (a missing field or parameter). */
export const ABSENT = Symbol('absent');

/** One generated value for one field, with what it tries. */
export interface ValueCase {
  kind: CaseKind;
  /** In words: 'one past maximum 50', 'lower-cased enum value'. */
  label: string;
  value: unknown;
}

/** Where a value goes on the wire: a query string carries text, a JSON body carries types. */
export type Carrier = 'query' | 'body';

/** A schema node with its $refs followed (the catalogue's resolver, bound to where the node lives). */
export type Resolve = (node: JsonSchema) => JsonSchema;

export function typeOf(node: JsonSchema): string | undefined {
  const t = node.type;
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return t.find((x) => x !== 'null') as string | undefined;
  return undefined;
}

/** Shown in a label: short values whole, long strings by their length. */
export function shown(value: unknown): string {
  if (value === ABSENT) return '(absent)';
  if (typeof value === 'string' && value.length > 24)
    return `"${value.slice(0, 8)}…" (${value.length} chars)`;
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
