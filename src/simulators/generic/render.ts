/**
 * A job as an operation answers it: projected onto the operation's documented success schema (the
 * job itself, a `{id}` start answer, an empty `{}` cancel answer), with the job-body faults applied.
 */
import type { Operation } from '../../catalogue/index.ts';
import { otherEnumValue, UNDOCUMENTED_ENUM_VALUE } from '../body-faults.ts';
import { createRng } from '../data.ts';
import { type ApiModel, payloadNode } from './model.ts';
import type { Body } from './seeding.ts';
import {
  branches,
  enumValues,
  generate,
  isTimestamp,
  type Json,
  type Node,
  properties,
  typesOf,
} from './values.ts';

export interface BodyFaults {
  requiredMissing: boolean;
  enumUnknown: boolean;
  enumDeprecated: boolean;
  wrongType: boolean;
  patternViolation: boolean;
  getDisagrees: boolean;
}

interface FieldFacts {
  required: string[];
  /** Where a required field sits when the job itself requires none (metadata.version), with its type. */
  nestedRequired?: { path: string[]; type: string };
  /** A typed top-level field other than the id and state, for body.wrong-type where nothing is required. */
  typed?: string;
  closedEnum?: string;
  /** The closed enum's listed values (consistency.get-disagrees where no state is declared). */
  closedValues: string[];
  /** The creation time when it is an ISO string (body.wrong-type makes it its epoch milliseconds). */
  isoCreatedAt?: string;
  deprecated?: { name: string; value: Json };
  pattern?: string;
  types: Record<string, string>;
}

const facts = new WeakMap<object, FieldFacts>();

function fieldFacts(model: ApiModel, node: Node, id: string): FieldFacts {
  let f = facts.get(node.schema);
  if (f) return f;
  const props = properties(model.catalogue, node);
  const types: Record<string, string> = {};
  for (const p of props)
    types[p.name] = String(p.node.schema.type ?? (p.node.schema.properties ? 'object' : ''));
  const stateName = model.statePointer?.slice(1);
  const closed = props.filter((p) => {
    const listed = Array.isArray(p.node.schema.enum) || 'const' in p.node.schema;
    const open = branches(model.catalogue, p.node).some((b) => b.schema['x-open-enum'] === true);
    return (listed || enumValues(model.catalogue, p.node) !== undefined) && !open;
  });
  let deprecated: FieldFacts['deprecated'];
  for (const p of props) {
    const old = branches(model.catalogue, p.node).find((b) => b.schema.deprecated === true);
    if (old) {
      const v = enumValues(model.catalogue, { ...old, schema: { ...old.schema, deprecated: false } });
      if (v?.[0] !== undefined) deprecated = { name: p.name, value: v[0] };
      break;
    }
  }
  let nestedRequired: FieldFacts['nestedRequired'];
  for (const p of props) {
    const inner = properties(model.catalogue, p.node).find((q) => q.required);
    if (inner) {
      nestedRequired = { path: [p.name, inner.name], type: String(inner.node.schema.type ?? '') };
      break;
    }
  }
  const closedProp =
    closed.find((p) => p.name === stateName) ?? closed.find((p) => p.name !== 'object') ?? closed[0];
  const createdName = model.createdAtPointer?.slice(1);
  const created = props.find((p) => p.name === createdName);
  f = {
    required: props.filter((p) => p.required && p.name !== id).map((p) => p.name),
    nestedRequired,
    typed: props.find((p) => p.name !== id && p.name !== stateName && typeof p.node.schema.type === 'string')
      ?.name,
    closedEnum: closedProp?.name,
    closedValues: closedProp
      ? (enumValues(model.catalogue, closedProp.node) ?? []).filter((v): v is string => typeof v === 'string')
      : [],
    isoCreatedAt:
      created && isTimestamp(created.node.schema) === 'iso' && typesOf(created.node.schema).includes('string')
        ? created.name
        : undefined,
    deprecated,
    pattern: props.find((p) => typeof p.node.schema.pattern === 'string')?.name,
    types,
  };
  facts.set(node.schema, f);
  return f;
}

/**
 * The job (or a list item of another schema, `node`) with the active body faults applied (single: a
 * GET of one job).
 */
export function faultyJob(
  model: ApiModel,
  job: Body,
  faults: BodyFaults,
  single: boolean,
  node: Node = model.job,
  idPointer = model.idPointer,
): Body {
  const any =
    faults.requiredMissing ||
    faults.enumUnknown ||
    faults.enumDeprecated ||
    faults.wrongType ||
    faults.patternViolation ||
    (single && faults.getDisagrees);
  if (!any) return job;
  const f = fieldFacts(model, node, idPointer.slice(1));
  const out: Body = structuredClone(job);
  const stateName = model.statePointer?.slice(1);
  if (faults.patternViolation && f.pattern) out[f.pattern] = '!!';
  if (faults.enumUnknown) out[f.closedEnum ?? stateName ?? 'status'] = UNDOCUMENTED_ENUM_VALUE;
  if (faults.enumDeprecated && f.deprecated) out[f.deprecated.name] = f.deprecated.value;
  if (faults.wrongType) {
    const at = f.isoCreatedAt !== undefined ? out[f.isoCreatedAt] : undefined;
    const name = f.required.find((n) => f.types[n] === 'string') ?? f.required[0];
    const nested = f.nestedRequired;
    // A creation time written as its epoch milliseconds: the number a careless server sends.
    if (typeof at === 'string' && f.isoCreatedAt) out[f.isoCreatedAt] = Date.parse(at);
    else if (name) out[name] = wrongValue(f.types[name]);
    else if (nested) setNested(out, nested.path, (v) => (v === undefined ? v : wrongValue(nested.type)));
    else if (f.typed) out[f.typed] = wrongValue(f.types[f.typed]);
  }
  if (faults.requiredMissing) {
    const name = f.required[0];
    if (name) delete out[name];
    else if (f.nestedRequired) setNested(out, f.nestedRequired.path, () => undefined);
    else delete out[idPointer.slice(1)];
  }
  if (single && faults.getDisagrees && stateName && typeof out[stateName] === 'string')
    out[stateName] = otherEnumValue(model.states, out[stateName] as string);
  else if (
    single &&
    faults.getDisagrees &&
    !stateName &&
    f.closedEnum &&
    typeof out[f.closedEnum] === 'string'
  )
    out[f.closedEnum] = otherEnumValue(f.closedValues, out[f.closedEnum] as string);
  return out;
}

/** A value of another JSON type than `type`. */
function wrongValue(type: string | undefined): Json {
  if (type === 'string') return 12345;
  if (type === 'array') return 'not-an-array';
  if (type === 'object') return 'not-an-object';
  if (type === 'boolean') return 'not-a-boolean';
  return 'not-a-number';
}

/** Rewrites (undefined: removes) the value at a nested path, where the job has the object on the way. */
function setNested(job: Body, path: string[], change: (value: Json | undefined) => Json | undefined): void {
  let node: Body = job;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) return;
    node = next as Body;
  }
  const last = path[path.length - 1] as string;
  const value = change(node[last]);
  if (value === undefined) delete node[last];
  else node[last] = value;
}

/** The job in the shape `op` documents for its success answer. */
export function project(model: ApiModel, op: Operation, job: Body): Json {
  const body = payloadNode(model.catalogue, model.api, op);
  if (!body) return job;
  const props = properties(model.catalogue, body);
  if (props.length === 0) {
    const example = Array.isArray(body.schema.examples) ? (body.schema.examples[0] as Json) : undefined;
    return example !== undefined ? structuredClone(example) : {};
  }
  const out: Body = {};
  const rng = createRng(1, `${model.api.id}-${op.id}`);
  for (const p of props) {
    if (p.name in job) out[p.name] = job[p.name] as Json;
    else if (p.required) out[p.name] = generate(model.catalogue, p.node, rng, { timeMs: 0 });
  }
  return out;
}

/** The fields a request asks for (x-field-selection), each as its path; undefined: every field. */
export function askedFields(op: Operation, query: URLSearchParams): string[][] | undefined {
  const spec = op.fieldSelection;
  const raw = spec ? query.get(spec.param) : null;
  if (!spec || !raw) return undefined;
  const paths = raw
    .split(spec.separator)
    .map((f) => f.trim())
    .filter((f) => f !== '')
    .map((f) => (spec.nested ? f.split(spec.nested) : [f]));
  return paths.length > 0 ? paths : undefined;
}

/** The job with only the asked fields (a nested path keeps its objects on the way; an array is kept whole). */
export function selectFields(job: Json, fields: string[][] | undefined): Json {
  if (!fields || job === null || typeof job !== 'object' || Array.isArray(job)) return job;
  const out: Body = {};
  for (const path of fields) {
    let from: Json = job;
    let into = out;
    for (const [depth, step] of path.entries()) {
      if (from === null || typeof from !== 'object' || Array.isArray(from)) break;
      const value: Json | undefined = from[step];
      if (value === undefined) break;
      if (depth === path.length - 1 || value === null || typeof value !== 'object' || Array.isArray(value)) {
        into[step] = value;
        break;
      }
      const next = into[step];
      into[step] = next !== null && typeof next === 'object' && !Array.isArray(next) ? next : {};
      into = into[step] as Body;
      from = value;
    }
  }
  return out;
}
