// The matchers alone, not the package root (which loads Pact's verifier, proxy and GraphQL as well).
import * as MatchersV3 from '@pact-foundation/pact/src/v3/matchers.js';
import {
  type Catalogue,
  enumTierOf,
  getCatalogue,
  type JsonSchema,
  resolveSchemaNode,
} from '../catalogue/index.ts';

/**
 * Pact V4 matchers derived from the catalogue's JSON Schemas: nothing here restates a type, enum,
 * pattern or format; the walk reads them from the schema a response (or request) body points at.
 *
 * Example values come, in order, from the caller's example (the shape a provider state promises),
 * the enclosing schema's documented `examples`, the node's own `examples`/`default`, and last a
 * value synthesised from the node's keywords; every one is checked against its node.
 */

/**
 * The Pact date-time format for RFC 3339 values with milliseconds and a zone (`Z` or `+01:00`), the
 * form JavaScript's toISOString and most JSON encoders write. Pact's formats have no optional
 * sections, so one form is chosen; examples without a fraction get `.000`.
 */
export const PACT_DATETIME_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";

export interface MatcherOptions {
  /**
   * What the provider state promises for this body. Optional properties appear in the contract only
   * when this example has them (the contract then promises exactly those; a property given as
   * undefined is promised with a documented value); arrays given empty stay empty (the empty-list
   * and past-the-end interactions).
   */
  example?: unknown;
  /**
   * 'promised' (default): required properties plus optional ones present in `example`.
   * 'documented': every property the schema's examples show, too.
   */
  fields?: 'promised' | 'documented';
  catalogue?: Catalogue;
}

/** A schema that cannot give a matcher (no example fits); names the schema location. */
export class MatcherError extends Error {
  override name = 'MatcherError';
}

const NONE = Symbol('none');
type Hint = unknown | typeof NONE;

/** The matcher tree for the body a schema ref describes. Reify it (`MatchersV3.reify`) for the example. */
export function matcherFor(ref: string, options: MatcherOptions = {}): unknown {
  const catalogue = options.catalogue ?? getCatalogue();
  const fields = options.fields ?? 'promised';
  const explicit = options.example !== undefined;

  const resolve = (node: JsonSchema, base: string) =>
    resolveSchemaNode((ref) => catalogue.schema(ref).schema, node, base);

  /** `given` is what the caller promised at this place (drives optional fields); `hint` any documented example. */
  /**
   * A node whose alternatives (oneOf/anyOf) carry the shape: the alternative the example fits (its
   * consts and required properties), else the first, merged with the node's own keywords.
   */
  const chooseBranch = (node: JsonSchema, base: string, value: Hint): { node: JsonSchema; base: string } => {
    const list = (node.oneOf ?? node.anyOf) as JsonSchema[] | undefined;
    if (!Array.isArray(list) || list.length === 0) return { node, base };
    const resolved = list.map((b) => resolve(b, base));
    const fitsValue = (b: JsonSchema): boolean => {
      if (!isObject(value)) return false;
      const props = (b.properties ?? {}) as Record<string, JsonSchema>;
      const required = (b.required as string[] | undefined) ?? [];
      if (!required.every((r) => r in value)) return false;
      return Object.entries(props).every(([name, sub]) => {
        if (!(name in value)) return true;
        const p = resolve(sub, base).node;
        if ('const' in p) return p.const === value[name];
        if (Array.isArray(p.enum)) return p.enum.includes(value[name]);
        return true;
      });
    };
    const chosen = resolved.find((b) => fitsValue(b.node)) ?? resolved[0]!;
    const { oneOf: _o, anyOf: _a, ...own } = node;
    const merged: JsonSchema = {
      ...own,
      ...chosen.node,
      properties: { ...((own.properties ?? {}) as object), ...((chosen.node.properties ?? {}) as object) },
      required: [
        ...new Set([...((own.required as string[]) ?? []), ...((chosen.node.required as string[]) ?? [])]),
      ],
    };
    return { node: merged, base: chosen.base };
  };

  const walk = (raw: JsonSchema, base: string, given: Hint, hint: Hint, where: string): unknown => {
    const resolvedNode = resolve(raw, base);
    const early: Hint = given !== NONE ? given : hint !== NONE ? hint : ownExample(resolvedNode.node);
    const { node, base: nodeBase } =
      resolvedNode.node.type === 'object' && resolvedNode.node.properties === undefined
        ? chooseBranch(resolvedNode.node, resolvedNode.base, early)
        : resolvedNode;
    if (hint === NONE) hint = ownExample(node);
    const value: Hint = given !== NONE ? given : hint;

    const tier = enumTierOf(String(node.title ?? where), nodeBase, node);
    if (tier) {
      const values = tier.current;
      const example = typeof value === 'string' && values.includes(value) ? value : values[0];
      if (example === undefined) throw new MatcherError(`${nodeBase}: enum at ${where} has no current value`);
      return MatchersV3.regex(`^(${values.map(escapeRegex).join('|')})$`, example);
    }
    if ('const' in node) return MatchersV3.equal(node.const);

    const type = schemaType(node, value);
    switch (type) {
      case 'object': {
        const properties = (node.properties ?? {}) as Record<string, JsonSchema>;
        const required = new Set((node.required as string[] | undefined) ?? []);
        const givenObj = isObject(given) ? given : undefined;
        const hintObj = isObject(hint) ? hint : undefined;
        const out: Record<string, unknown> = {};
        for (const [name, sub] of Object.entries(properties)) {
          const promised = givenObj !== undefined && name in givenObj;
          const documented = hintObj !== undefined && name in hintObj;
          if (!required.has(name) && !promised && !(fields === 'documented' && documented)) continue;
          out[name] = walk(
            sub,
            nodeBase,
            // A promised field given as undefined takes its value from the documentation.
            promised && givenObj[name] !== undefined ? givenObj[name] : NONE,
            documented ? hintObj[name] : NONE,
            `${where}/${name}`,
          );
        }
        return out;
      }
      case 'array': {
        const items = (node.items ?? {}) as JsonSchema;
        if (Array.isArray(given) && given.length === 0) return [];
        const itemGiven = Array.isArray(given) ? (given[0] as unknown) : NONE;
        const itemHint = Array.isArray(hint) && hint.length > 0 ? (hint[0] as unknown) : NONE;
        const template = walk(items, nodeBase, itemGiven, itemHint, `${where}/*`);
        const minItems = typeof node.minItems === 'number' ? node.minItems : 0;
        const count = Array.isArray(given) ? Math.max(given.length, 1) : 1;
        return minItems >= 1 ? MatchersV3.atLeastOneLike(template, count) : MatchersV3.eachLike(template, 1);
      }
      case 'string':
        return stringMatcher(node, value, `${nodeBase} at ${where}`);
      case 'integer':
        return MatchersV3.integer(numberExample(node, value, true));
      case 'number':
        // Pact's `decimal` rejects integral JSON numbers (10000), which a `number` schema allows.
        return MatchersV3.number(numberExample(node, value, false));
      case 'boolean':
        return MatchersV3.boolean(typeof value === 'boolean' ? value : true);
      case 'null':
        return null;
      default:
        // No type keyword: promise only what the example shows, by type.
        return MatchersV3.like(value === NONE ? {} : value);
    }
  };

  const { node: root, base } = resolve({ $ref: ref }, ref);
  return walk(root, base, explicit ? options.example : NONE, NONE, '');
}

/** The example body the matcher tree stands for (what a consumer test expects back). */
export function exampleFor(ref: string, options: MatcherOptions = {}): unknown {
  return MatchersV3.reify(matcherFor(ref, options) as never);
}

function stringMatcher(node: JsonSchema, value: Hint, where: string): unknown {
  const candidates = [value, ...examplesOf(node)].filter((v): v is string => typeof v === 'string');
  const fits = (s: string) =>
    (typeof node.pattern !== 'string' || new RegExp(node.pattern, 'u').test(s)) &&
    (typeof node.minLength !== 'number' || [...s].length >= node.minLength) &&
    (typeof node.maxLength !== 'number' || [...s].length <= node.maxLength) &&
    (node.format !== 'date-time' || RFC3339.test(s));
  let example = candidates.find(fits);
  if (example === undefined) {
    if (typeof node.pattern === 'string') {
      throw new MatcherError(`${where}: no documented example matches pattern ${node.pattern}`);
    }
    example =
      node.format === 'date-time'
        ? '2026-01-02T03:04:05Z'
        : 'x'.repeat(Math.max(1, Number(node.minLength ?? 1)));
  }
  if (node.format === 'date-time') {
    return MatchersV3.datetime(PACT_DATETIME_FORMAT, withMillis(example));
  }
  if (typeof node.pattern === 'string') return MatchersV3.regex(node.pattern, example);
  return MatchersV3.like(example);
}

/** '2026-01-02T03:04:05Z' → '2026-01-02T03:04:05.000Z'; a value with a fraction keeps 3 digits. */
function withMillis(value: string): string {
  return value.replace(
    /T(\d{2}:\d{2}:\d{2})(\.\d+)?/,
    (_m, time: string, fraction?: string) =>
      `T${time}.${(fraction ?? '.').slice(1).padEnd(3, '0').slice(0, 3)}`,
  );
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function numberExample(node: JsonSchema, value: Hint, integral: boolean): number {
  const min = typeof node.minimum === 'number' ? node.minimum : undefined;
  const max = typeof node.maximum === 'number' ? node.maximum : undefined;
  const fits = (n: unknown): n is number =>
    typeof n === 'number' &&
    (!integral || Number.isInteger(n)) &&
    (min === undefined || n >= min) &&
    (max === undefined || n <= max);
  const found = [value, ...examplesOf(node)].find(fits);
  if (found !== undefined) return found;
  const base = min ?? (max !== undefined ? Math.min(0, max) : 0);
  return integral ? Math.ceil(base) : base;
}

function ownExample(node: JsonSchema): Hint {
  const list = examplesOf(node);
  return list.length > 0 ? list[0] : NONE;
}

function examplesOf(node: JsonSchema): unknown[] {
  const out: unknown[] = [];
  if (Array.isArray(node.examples)) out.push(...node.examples);
  if ('default' in node) out.push(node.default);
  return out;
}

function schemaType(node: JsonSchema, value: Hint): string | undefined {
  const t = node.type;
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) {
    // A union ("object" | "null"): the example decides; else the first non-null type.
    const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
    if (value !== NONE && t.includes(actual)) return actual;
    return (t as string[]).find((x) => x !== 'null') ?? 'null';
  }
  if (node.properties) return 'object';
  if (node.items) return 'array';
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
