/**
 * Values made from a JSON Schema alone, deterministic for a seeded stream: enums (listed values only,
 * never an open branch's, never a deprecated one), consts, formats (date-time, unix-seconds or date-time via
 * x-timestamp, uri, uuid, email, byte), simple patterns (a literal prefix and a character class),
 * bounds and lengths. $refs are followed through the catalogue.
 */
import type { Catalogue, JsonSchema } from '../../catalogue/index.ts';
import { isoTimestamp, type Rng } from '../data.ts';

/** A schema node with the URI its relative $refs resolve against. */
export interface Node {
  schema: JsonSchema;
  base: string;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Answers kept per catalogue, schema node and base URI: seeding makes hundreds of jobs from the same
 * few nodes, and following $refs (URL parsing, merging siblings) was most of its time. The kept
 * answers are shared, so callers never change them.
 */
function memoByNode<T>(
  make: (catalogue: Catalogue, node: Node) => T,
): (catalogue: Catalogue, node: Node) => T {
  const kept = new WeakMap<Catalogue, WeakMap<JsonSchema, Map<string, T>>>();
  return (catalogue, node) => {
    let byNode = kept.get(catalogue);
    if (!byNode) {
      byNode = new WeakMap();
      kept.set(catalogue, byNode);
    }
    let byBase = byNode.get(node.schema);
    if (!byBase) {
      byBase = new Map();
      byNode.set(node.schema, byBase);
    }
    if (byBase.has(node.base)) return byBase.get(node.base) as T;
    const made = make(catalogue, node);
    byBase.set(node.base, made);
    return made;
  };
}

const resolveRef = memoByNode((catalogue, node): Node => {
  const { node: schema, base } = catalogue.resolveNode(node.schema, node.base);
  return { schema, base };
});

export function resolve(catalogue: Catalogue, node: Node): Node {
  return typeof node.schema.$ref === 'string' ? resolveRef(catalogue, node) : node;
}

const isRecord = (v: unknown): v is JsonSchema => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The branches of an anyOf/oneOf, resolved; open-enum catch-alls and deprecated branches last. */
export const branches = memoByNode(branchesOf);

function branchesOf(catalogue: Catalogue, node: Node): Node[] {
  const list = (node.schema.anyOf ?? node.schema.oneOf) as unknown;
  if (!Array.isArray(list)) return [];
  const out = list.filter(isRecord).map((b) => resolve(catalogue, { schema: b, base: node.base }));
  const rank = (b: Node) => (b.schema['x-open-enum'] === true || b.schema.deprecated === true ? 1 : 0);
  return out.sort((a, b) => rank(a) - rank(b));
}

/** The listed values of an enum node (enum, const, or an anyOf of them; open and deprecated branches left out). */
export const enumValues = memoByNode(enumValuesOf);

function enumValuesOf(catalogue: Catalogue, node: Node): Json[] | undefined {
  const n = resolve(catalogue, node).schema;
  if (Array.isArray(n.enum)) return n.enum as Json[];
  if ('const' in n) return [n.const as Json];
  const parts = branches(catalogue, { schema: n, base: node.base }).filter(
    (b) => b.schema['x-open-enum'] !== true && b.schema.deprecated !== true,
  );
  if (parts.length === 0) return undefined;
  const values: Json[] = [];
  for (const part of parts) {
    const v = enumValues(catalogue, part);
    if (v === undefined) return undefined;
    values.push(...v);
  }
  return values;
}

export function typesOf(schema: JsonSchema): string[] {
  const t = schema.type;
  return Array.isArray(t) ? (t as string[]) : typeof t === 'string' ? [t] : [];
}

/** How a timestamp is written: ISO 8601, or unix seconds as a number or as decimal text (an int64 string). */
export type TimeKind = 'iso' | 'unix-seconds' | 'unix-seconds-text';

export function isTimestamp(schema: JsonSchema): TimeKind | undefined {
  if (schema['x-timestamp'] === 'unix-seconds')
    return typesOf(schema).includes('string') ? 'unix-seconds-text' : 'unix-seconds';
  // x-timestamp 'date-time': a plain string the documents type loosely that holds an ISO timestamp.
  if (schema.format === 'date-time' || schema['x-timestamp'] === 'date-time') return 'iso';
  return undefined;
}

export function formatTime(kind: TimeKind, ms: number): string | number {
  if (kind === 'iso') return isoTimestamp(Math.floor(ms));
  const seconds = Math.floor(ms / 1000);
  return kind === 'unix-seconds' ? seconds : String(seconds);
}

/** The literal text a pattern starts with (after ^), e.g. 'job_' of ^job_.+$. */
export function patternPrefix(pattern: string): string {
  const body = pattern.startsWith('^') ? pattern.slice(1) : pattern;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch === '\\' && i + 1 < body.length && /[^\w]/.test(body[i + 1] as string)) {
      out += body[i + 1];
      i++;
      continue;
    }
    if ('[](){}.*+?|$^\\'.includes(ch)) break;
    out += ch;
  }
  // A quantifier binds to the last literal character: it is not part of the fixed prefix.
  const next = body[out.length];
  return next !== undefined && '*?{'.includes(next) ? out.slice(0, -1) : out;
}

/** A string matching a simple pattern: its literal prefix, then hex, digits or letters until it matches. */
export function fromPattern(pattern: string, rng: Rng, minLength = 0): string | undefined {
  const re = patternRegExp(pattern);
  if (!re) return undefined;
  const prefix = patternPrefix(pattern);
  const tails = [rng.hex(12), String(rng.int(100000, 999999)), 'abcdefghij', rng.uuid(), ''];
  for (const tail of tails) {
    let candidate = prefix + tail;
    while (candidate.length < minLength) candidate += rng.hex(1);
    if (re.test(candidate)) return candidate;
  }
  return undefined;
}

const regExps = new Map<string, RegExp | null>();

/** The pattern compiled once (null: JavaScript cannot read it). */
function patternRegExp(pattern: string): RegExp | null {
  let re = regExps.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = null;
    }
    regExps.set(pattern, re);
  }
  return re;
}

/** How ids of a kind look, from a pattern or an example: 'vsfb_…', 'file-…', small decimals, or plain. */
export interface IdShape {
  prefix: string;
  digits: boolean;
  pattern?: RegExp;
  /** The pattern's source, for the pattern generator. */
  source?: string;
  minLength: number;
  maxLength: number;
}

export function idShape(...schemas: (JsonSchema | undefined)[]): IdShape {
  const shape: IdShape = { prefix: '', digits: false, minLength: 1, maxLength: Number.POSITIVE_INFINITY };
  for (const schema of schemas) {
    if (!schema) continue;
    if (typeof schema.minLength === 'number') shape.minLength = Math.max(shape.minLength, schema.minLength);
    if (typeof schema.maxLength === 'number') shape.maxLength = Math.min(shape.maxLength, schema.maxLength);
    if (typeof schema.pattern === 'string' && shape.pattern === undefined) {
      try {
        shape.pattern = new RegExp(schema.pattern, 'u');
        shape.source = schema.pattern;
        shape.prefix = patternPrefix(schema.pattern);
      } catch {
        // a pattern JavaScript cannot read: ids stay plain
      }
    }
  }
  if (shape.pattern === undefined)
    for (const schema of schemas) {
      const example = Array.isArray(schema?.examples) ? schema.examples[0] : undefined;
      if (typeof example !== 'string') continue;
      if (/^\d+$/.test(example)) shape.digits = true;
      else shape.prefix = /^([A-Za-z]+[_-])/.exec(example)?.[1] ?? '';
      break;
    }
  return shape;
}

const fits = (shape: IdShape, id: string) =>
  id.length >= shape.minLength && id.length <= shape.maxLength && (shape.pattern?.test(id) ?? true);

/** An id of that shape for item `index` (small decimals count up; others are drawn from the stream). */
export function makeId(shape: IdShape, index: number, rng: Rng): string {
  if (shape.digits && fits(shape, String(index + 1))) return String(index + 1);
  const room = Math.max(1, Math.min(20, shape.maxLength - shape.prefix.length));
  // A fixed-length tail right after the prefix ({8}) sets the length to draw.
  const fixed = shape.source
    ? /^[^{]*\{(\d+)\}/.exec(
        shape.source.slice(shape.source.indexOf(shape.prefix) + shape.prefix.length),
      )?.[1]
    : undefined;
  for (let attempt = 0; attempt < 8; attempt++) {
    const candidates = [
      shape.prefix + rng.hex(fixed ? Number(fixed) : room),
      shape.prefix + rng.hex(room),
      ...(shape.source ? [fromPattern(shape.source, rng, shape.minLength) ?? ''] : []),
    ];
    for (const c of candidates) if (fits(shape, c)) return c;
  }
  return `${shape.prefix}${index + 1}`;
}

export interface GenerateOptions {
  /** Milliseconds for timestamps at the root and below. */
  timeMs: number;
  /** Values by property name, wherever the property is met (path parameter values such as vector_store_id). */
  named?: Record<string, Json>;
  /**
   * Uses so far of each enum (by its listed values): the first uses of an enum take its values in turn,
   * so a set of values made with one counter shows every value once it is as long as the enum.
   */
  cycle?: Map<string, number>;
}

const enumKeys = new WeakMap<Json[], string>();

/** The cycle's key of a list of values: the same for equal lists, made once per list. */
function enumKey(values: Json[]): string {
  let key = enumKeys.get(values);
  if (key === undefined) {
    key = JSON.stringify(values);
    enumKeys.set(values, key);
  }
  return key;
}

/** A listed value: the next in turn while the enum's cycle lasts, else the stream's pick (drawn either way). */
function listedValue(values: Json[], rng: Rng, options: GenerateOptions): Json {
  const picked = rng.pick(values);
  if (!options.cycle) return picked;
  const key = enumKey(values);
  const used = options.cycle.get(key) ?? 0;
  options.cycle.set(key, used + 1);
  return used < values.length ? (values[used] as Json) : picked;
}

/** A value valid against `node`. */
export function generate(
  catalogue: Catalogue,
  node: Node,
  rng: Rng,
  options: GenerateOptions,
  depth = 0,
): Json {
  const { schema, base } = resolve(catalogue, node);
  if ('const' in schema) return schema.const as Json;
  if (Array.isArray(schema.enum)) return listedValue(schema.enum as Json[], rng, options);
  const alts = branches(catalogue, { schema, base });
  if (alts.length > 0) {
    const listed = enumValues(catalogue, { schema, base });
    if (listed && listed.length > 0) return listedValue(listed, rng, options);
    // A nullable value (anyOf [X, null]) is null; otherwise the first branch, merged with the node's own keywords.
    if (alts.some((b) => typesOf(b.schema).includes('null'))) return null;
    const { anyOf: _a, oneOf: _o, ...own } = schema;
    const first = alts[0] as Node;
    return generate(
      catalogue,
      { schema: { ...own, ...first.schema }, base: first.base },
      rng,
      options,
      depth + 1,
    );
  }
  const types = typesOf(schema).filter((t) => t !== 'null');
  const type = types[0] ?? (isRecord(schema.properties) ? 'object' : schema.items ? 'array' : 'string');
  if (depth > 12) return type === 'object' ? {} : type === 'array' ? [] : null;
  switch (type) {
    case 'object': {
      const out: Record<string, Json> = {};
      const props = isRecord(schema.properties) ? schema.properties : {};
      for (const [name, prop] of Object.entries(props)) {
        if (!isRecord(prop)) continue;
        const named = options.named?.[name];
        out[name] =
          named !== undefined ? named : generate(catalogue, { schema: prop, base }, rng, options, depth + 1);
      }
      return out;
    }
    case 'array': {
      const items = isRecord(schema.items) ? schema.items : {};
      const min = typeof schema.minItems === 'number' ? schema.minItems : 1;
      const max = typeof schema.maxItems === 'number' ? schema.maxItems : Math.max(min, 2);
      const n = Math.max(min, Math.min(max, 1 + rng.int(0, 1)));
      return Array.from({ length: n }, () =>
        generate(catalogue, { schema: items, base }, rng, options, depth + 1),
      );
    }
    case 'integer':
    case 'number': {
      const ts = isTimestamp(schema);
      if (ts) return formatTime(ts, options.timeMs);
      const lo = typeof schema.minimum === 'number' ? schema.minimum : 0;
      const hi = typeof schema.maximum === 'number' ? schema.maximum : Math.max(lo + 1000, 1000);
      if (type === 'integer') return rng.int(Math.ceil(lo), Math.floor(hi));
      return Math.round((lo + rng.next() * (hi - lo)) * 10) / 10;
    }
    case 'boolean':
      return rng.next() < 0.5;
    default:
      return stringValue(schema, rng, options);
  }
}

function stringValue(schema: JsonSchema, rng: Rng, options: GenerateOptions): string {
  if (isTimestamp(schema) === 'unix-seconds-text')
    return String(formatTime('unix-seconds-text', options.timeMs));
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
  if (typeof schema.pattern === 'string') {
    const made = fromPattern(schema.pattern, rng, min);
    if (made !== undefined) return made;
  }
  switch (schema['x-timestamp'] === 'date-time' ? 'date-time' : schema.format) {
    case 'date-time':
      return isoTimestamp(Math.floor(options.timeMs));
    case 'date':
      return isoTimestamp(Math.floor(options.timeMs)).slice(0, 10);
    case 'uuid':
      return rng.uuid();
    case 'uri':
    case 'url':
      return `https://example.com/${rng.hex(8)}`;
    case 'email':
      return `user-${rng.hex(6)}@example.com`;
    case 'byte':
      return Buffer.from(rng.hex(8)).toString('base64');
  }
  const example = Array.isArray(schema.examples) ? schema.examples[0] : undefined;
  if (typeof example === 'string' && example.length >= min && example.length <= max) return example;
  let out = `sim-${rng.hex(8)}`;
  while (out.length < min) out += rng.hex(4);
  return out.length > max ? out.slice(0, Math.max(min, max)) : out;
}

/** Sets a JSON pointer's value, making objects on the way. */
export function setAt(doc: Record<string, Json>, pointer: string, value: Json): void {
  const keys = pointer.slice(1).split('/').map(unescapeKey);
  let node: Record<string, Json> = doc;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, Json>;
  }
  node[keys[keys.length - 1] as string] = value;
}

/** Deletes a JSON pointer's value; a parent object it leaves empty goes too. */
export function deleteAt(doc: Record<string, Json>, pointer: string): void {
  const keys = pointer.slice(1).split('/').map(unescapeKey);
  const chain: Record<string, Json>[] = [doc];
  let node: Json = doc;
  for (const key of keys.slice(0, -1)) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
    node = (node as Record<string, Json>)[key] as Json;
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
    chain.push(node as Record<string, Json>);
  }
  delete (chain[chain.length - 1] as Record<string, Json>)[keys[keys.length - 1] as string];
  for (let i = chain.length - 1; i > 0; i--) {
    if (Object.keys(chain[i] as object).length > 0) break;
    delete (chain[i - 1] as Record<string, Json>)[keys[i - 1] as string];
  }
}

const unescapeKey = (k: string) => k.replace(/~1/g, '/').replace(/~0/g, '~');

/** The property schemas of an object node (resolved), for walking a job schema's fields. */
export function properties(
  catalogue: Catalogue,
  node: Node,
): { name: string; node: Node; required: boolean }[] {
  const { schema, base } = resolve(catalogue, node);
  const props = isRecord(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  return Object.entries(props)
    .filter(([, p]) => isRecord(p))
    .map(([name, p]) => ({
      name,
      node: resolve(catalogue, { schema: p as JsonSchema, base }),
      required: required.includes(name),
    }));
}
