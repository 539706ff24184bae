import type { FilterSpec, Operation } from '../../catalogue/index.ts';
import { getAtPointer } from '../../catalogue/index.ts';
import { isRecord, itemsOf, type ProbeInput } from '../context.ts';
import { walkSizes } from '../paging.ts';

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

function compareGte(a: unknown, b: unknown): boolean {
  if (typeof a !== 'string' && typeof a !== 'number') return false;
  if (/^-?\d+$/.test(String(a)) && /^-?\d+$/.test(String(b))) return BigInt(String(a)) >= BigInt(String(b));
  return Date.parse(String(a)) >= Date.parse(String(b));
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

/** Probes for every documented filter, with values taken from a listed job so each has a witness. */
export function filterProbes(op: Operation, witness: Record<string, unknown>): FilterProbe[] {
  const id = String(witness.id);
  const size = walkSizes(op).large;
  const probes: FilterProbe[] = [];
  for (const spec of op.filters) {
    if (spec.syntax === 'emporix-q') {
      const terms = ['status', 'type'].filter((f) => typeof witness[f] === 'string');
      if (terms.length === 0) continue;
      const q = terms.map((f) => `${f}:${String(witness[f])}`).join(' ');
      probes.push({
        label: `q=${q}`,
        input: put(op, spec, q, size),
        witness: id,
        matches: (item) => terms.every((f) => item[f] === witness[f]),
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
      probes.push({
        label: `${spec.name}>=${String(value)}`,
        input: put(op, spec, value, size),
        witness: id,
        matches: (item) => compareGte(fieldValue(item, spec.field!), value),
      });
    } else if (Array.isArray(value)) {
      const one = value[0];
      if (one === undefined) continue;
      probes.push({
        label: `${spec.name}=${String(one)}`,
        input: put(op, spec, isArrayFilter ? [one] : one, size),
        witness: id,
        matches: (item) =>
          Array.isArray(fieldValue(item, spec.field!)) &&
          (fieldValue(item, spec.field!) as unknown[]).includes(one),
      });
    } else {
      probes.push({
        label: `${spec.name}=${String(value)}`,
        input: put(op, spec, isArrayFilter ? [value] : value, size),
        witness: id,
        matches: (item) => fieldValue(item, spec.field!) === value,
      });
    }
  }
  return probes;
}

export function recordsOf(
  op: Operation,
  exchange: import('../../http/exchange.ts').Exchange,
): Record<string, unknown>[] | undefined {
  return itemsOf(op, exchange)?.filter(isRecord);
}
