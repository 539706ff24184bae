import * as fc from 'fast-check';
import type { JsonSchema } from '../../catalogue/index.ts';
import { boundaryCases } from './boundaries.ts';
import { ABSENT, type Carrier, type CaseKind, type Resolve, typeOf, type ValueCase } from './cases.ts';
import { enumCases, enumOf } from './enum-near-misses.ts';
import { shuffled } from './options.ts';
import { patternCases } from './patterns.ts';
import { typeCases } from './type-confusions.ts';

/** A field a generated request can change: a query parameter, or a path into the JSON body. */
export interface Field {
  carrier: Carrier;
  /** The query parameter's name, or the body path ([] for the whole body). */
  path: string[];
  /** A paging value (size, page number): its bounds follow x-pagination outOfBounds. */
  paging: boolean;
  /** A value whose meaning is its schema alone (a number, a boolean, an enum): a valid one must be served. */
  structural: boolean;
  cases: ValueCase[];
  /** Valid values drawn at random (the fuzzing part), where the schema bounds them. */
  random?: fc.Arbitrary<unknown>;
}

/** One change of a generated request: a field and the value it gets. */
export interface Pick {
  field: Field;
  case: ValueCase;
}

export const fieldName = (field: Field): string =>
  field.path.length === 0 ? 'the body' : field.path.join('.');

/** Every single-value case of a schema node: boundaries, type confusions, enum near misses, patterns. */
export function casesOf(node: JsonSchema, carrier: Carrier, resolve: Resolve): ValueCase[] {
  if (typeOf(node) === 'array') {
    const items = resolve((node.items ?? {}) as JsonSchema);
    const inner = [...enumCases(items), ...boundaryCases(items), ...typeCases(items, carrier)];
    const cases: ValueCase[] = inner.map((c) => ({ ...c, label: `[${c.label}]`, value: [c.value] }));
    const values = enumOf(items)?.current ?? [];
    if (values.length >= 2) {
      cases.push({ kind: 'encoding', label: 'two documented values', value: values.slice(0, 2) });
      // The wrong array style: both values in one comma-separated item.
      cases.push({
        kind: 'encoding',
        label: 'two values in the wrong array style',
        value: [values.slice(0, 2).join(',')],
      });
    }
    if (typeof node.minItems === 'number' && node.minItems > 0)
      cases.push({ kind: 'length', label: 'an empty array', value: [] });
    if (carrier === 'body') cases.push(...typeCases(node, carrier));
    return cases;
  }
  return [...enumCases(node), ...boundaryCases(node), ...typeCases(node, carrier), ...patternCases(node)];
}

/** A value needs no context to mean something: a number, a boolean or an enum (or an array of them). */
export function isStructural(node: JsonSchema, resolve: Resolve): boolean {
  const type = typeOf(node);
  if (type === 'array') return isStructural(resolve((node.items ?? {}) as JsonSchema), resolve);
  return type === 'integer' || type === 'number' || type === 'boolean' || enumOf(node) !== undefined;
}

/** Valid values at random: bounded numbers, enum members, booleans, short strings where nothing constrains them. */
export function randomValid(node: JsonSchema, resolve: Resolve): fc.Arbitrary<unknown> | undefined {
  const type = typeOf(node);
  const values = enumOf(node)?.current;
  if (values && values.length > 0) return fc.constantFrom(...values);
  if (type === 'integer') {
    const min = typeof node.minimum === 'number' ? node.minimum : 0;
    const max = typeof node.maximum === 'number' ? node.maximum : min + 1000;
    return fc.integer({ min, max });
  }
  if (type === 'boolean') return fc.boolean();
  if (type === 'array') {
    const item = randomValid(resolve((node.items ?? {}) as JsonSchema), resolve);
    return item ? fc.array(item, { minLength: 1, maxLength: 3 }) : undefined;
  }
  if (type === 'string' && node.pattern === undefined && node.format === undefined) {
    const minLength = typeof node.minLength === 'number' ? node.minLength : 0;
    const maxLength = Math.max(
      minLength,
      Math.min(typeof node.maxLength === 'number' ? node.maxLength : 16, 16),
    );
    return fc.string({ minLength, maxLength });
  }
  return undefined;
}

/** A generated request: one to three fields changed, each by one case or a random valid value. */
export function picksArbitrary(fields: readonly Field[]): fc.Arbitrary<Pick[]> {
  const one = fc.oneof(
    ...fields.map((field) => {
      const fixed = fc.constantFrom(...field.cases);
      const drawn = field.random?.map(
        (value): ValueCase => ({ kind: 'valid', label: 'a valid value', value }),
      );
      return (drawn ? fc.oneof(fixed, drawn) : fixed).map((c): Pick => ({ field, case: c }));
    }),
  );
  // Three optional slots rather than an array: fast-check shrinks each slot to absent on its own, so
  // a failing request shrinks to the one change that fails, wherever it was drawn.
  const slot = fc.option(one, { nil: undefined });
  return fc
    .tuple(slot, slot, slot)
    .filter((slots) => slots.some((p) => p !== undefined))
    .map((slots) => {
      const picks: Pick[] = [];
      for (const p of slots)
        if (p && !picks.some((q) => fieldName(q.field) === fieldName(p.field))) picks.push(p);
      return picks;
    });
}

/** The kinds in the order a field's cases are tried: what breaks a schema first, valid values last. */
const RANK: readonly CaseKind[] = [
  'type',
  'enum',
  'length',
  'bound',
  'pattern',
  'required',
  'encoding',
  'extra',
  'valid',
];

/**
 * The coverage part: every single case of every field, once. Fields take turns (in the seed's order),
 * each giving its next case by kind, so that a small --max-examples still tries every field's
 * type confusions and near misses first.
 */
export function coverage(fields: readonly Field[], seed: number): Pick[][] {
  const queues = shuffled(fields, seed).map((field) =>
    [...field.cases]
      .sort((a, b) => RANK.indexOf(a.kind) - RANK.indexOf(b.kind))
      .map((c): Pick[] => [{ field, case: c }]),
  );
  const out: Pick[][] = [];
  for (let round = 0; queues.some((q) => round < q.length); round++)
    for (const queue of queues) {
      const next = queue[round];
      if (next) out.push(next);
    }
  return out;
}

/** The picks in words: `per_page=1.5 (a fraction for an integer)`. */
export function describePicks(picks: readonly Pick[], shown: (v: unknown) => string): string {
  return picks
    .map(
      (p) =>
        `${fieldName(p.field)}=${p.case.value === ABSENT ? '(absent)' : shown(p.case.value)} (${p.case.label})`,
    )
    .join(', ');
}
