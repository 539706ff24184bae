import { type FilterSpec, getAtPointer, type Operation } from '../../catalogue/index.ts';
import { walkSizes } from '../paging.ts';
import { isRecord, itemsOf, type ProbeInput, type QueryLanguage } from '../probe.ts';

/** One filter probe: the request input, and the predicate every returned item must satisfy. */
export interface FilterProbe {
  label: string;
  input: ProbeInput;
  matches: (item: Record<string, unknown>) => boolean;
  /** The listed job the value was taken from: it must come back. */
  witness: string;
}

function fieldValue(item: Record<string, unknown>, field: string): unknown {
  return field.includes('.') ? getAtPointer(item, `/${field.split('.').join('/')}`) : item[field];
}

/** A time or epoch value as a number to compare: epoch seconds as they are, date-times as ms. */
function ordinal(value: unknown): bigint | number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value);
  if (/^-?\d+$/.test(text)) return BigInt(text);
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function compareGte(a: unknown, b: unknown): boolean {
  const x = ordinal(a);
  const y = ordinal(b);
  if (x === undefined || y === undefined || typeof x !== typeof y) return false;
  return x >= y;
}

/**
 * The value a time filter is probed with: one whole second before the witness's time, so the
 * witness matches whether the provider reads the bound as inclusive ("since") or strict ("after"),
 * and at whole-second precision, so a provider that truncates the bound reads the same instant.
 */
export function timeProbeValue(value: unknown): unknown {
  const text = String(value);
  if (/^-?\d+$/.test(text)) {
    const before = BigInt(text) - 1n;
    return typeof value === 'number' ? Number(before) : String(before);
  }
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return undefined;
  return new Date(Math.floor(ms / 1000) * 1000 - 1000).toISOString();
}

/**
 * A returned job without the filtered field cannot be judged: the Job schemas make it optional
 * (Vectara, Emporix), and only the provider knows the value it filtered on.
 */
function absent(item: Record<string, unknown>, field: string): boolean {
  const value = fieldValue(item, field);
  return value === undefined || value === null;
}

/** Filter values compared as the documents leave them: no document says whether matching is case-sensitive. */
function sameText(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return a === b;
}

function put(op: Operation, spec: FilterSpec, value: unknown, size: number): ProbeInput {
  const sizeRef = op.pagination?.request.size;
  const param = op.parameters.find((p) => p.name === spec.name);
  const where = spec.in;
  const target: Record<string, unknown> = {};
  target[spec.name] = value;
  if (sizeRef && sizeRef.in === where)
    target[sizeRef.name] = param?.schema.schema.type === 'string' ? String(size) : size;
  const input: ProbeInput = where === 'query' ? { query: target as ProbeInput['query'] } : { body: target };
  if (sizeRef && sizeRef.in !== where) {
    if (sizeRef.in === 'query') input.query = { ...input.query, [sizeRef.name]: size };
    else input.body = { ...(input.body as object), [sizeRef.name]: size };
  }
  const total = op.pagination?.request.total;
  if (total) input.headers = { [total.name]: total.value };
  return input;
}

/** The filters of an operation whose query language no provider implements (x-filters syntax). */
export function unimplementedSyntaxes(
  op: Operation,
  languages: Readonly<Record<string, QueryLanguage>> = {},
): string[] {
  return op.filters.flatMap((f) => (f.syntax !== undefined && !languages[f.syntax] ? [f.syntax] : []));
}

/** Probes for every documented filter, with values taken from a listed job so each has a witness. */
export function filterProbes(
  op: Operation,
  witness: Record<string, unknown>,
  id: string,
  languages: Readonly<Record<string, QueryLanguage>> = {},
): FilterProbe[] {
  const size = walkSizes(op).large;
  const probes: FilterProbe[] = [];
  for (const spec of op.filters) {
    if (spec.syntax !== undefined) {
      const language = languages[spec.syntax];
      if (!language) continue;
      const fields = (spec.field ? [spec.field] : language.fields).filter(
        (f) => typeof fieldValue(witness, f) === 'string',
      );
      if (fields.length === 0) continue;
      const terms = fields.map((field) => ({ field, value: String(fieldValue(witness, field)) }));
      const q = language.matchQuery(terms);
      probes.push({
        label: `${spec.name}=${q}`,
        input: put(op, spec, q, size),
        witness: id,
        matches: (item) =>
          terms.every((t) => absent(item, t.field) || sameText(fieldValue(item, t.field), t.value)),
      });
      continue;
    }
    if (!spec.field) continue;
    const value = fieldValue(witness, spec.field);
    if (value === undefined) continue;
    const param = op.parameters.find((p) => p.name === spec.name);
    const bodyProp = (
      op.requestBody?.body.schema.properties as Record<string, Record<string, unknown>> | undefined
    )?.[spec.name];
    const isArrayFilter = (param?.schema.schema.type ?? bodyProp?.type) === 'array';
    if (spec.op === '>=') {
      // Whether a job created exactly at the bound is included is open (provider-docs/README.md,
      // "Corrections and additions": v2 after; v1 says "since"): probe a second before the witness
      // and assert only what holds under both readings.
      const bound = timeProbeValue(value);
      if (bound === undefined) continue;
      probes.push({
        label: `${spec.name}=${String(bound)} (a second before job ${id}'s ${spec.field})`,
        input: put(op, spec, bound, size),
        witness: id,
        matches: (item) => absent(item, spec.field!) || compareGte(fieldValue(item, spec.field!), bound),
      });
    } else if (Array.isArray(value)) {
      const one = value[0];
      if (one === undefined) continue;
      probes.push({
        label: `${spec.name}=${String(one)}`,
        input: put(op, spec, isArrayFilter ? [one] : one, size),
        witness: id,
        matches: (item) => {
          const values = fieldValue(item, spec.field!);
          return absent(item, spec.field!) || (Array.isArray(values) && values.some((v) => sameText(v, one)));
        },
      });
    } else {
      probes.push({
        label: `${spec.name}=${String(value)}`,
        input: put(op, spec, isArrayFilter ? [value] : value, size),
        witness: id,
        matches: (item) => absent(item, spec.field!) || sameText(fieldValue(item, spec.field!), value),
      });
    }
  }
  return probes;
}

export function recordsOf(
  op: Operation,
  exchange: import('../../core/index.ts').Exchange,
): Record<string, unknown>[] | undefined {
  return itemsOf(op, exchange)?.filter(isRecord);
}
