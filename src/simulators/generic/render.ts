/**
 * A job as an operation answers it: projected onto the operation's documented success schema (the
 * job itself, a `{id}` start answer, an empty `{}` cancel answer), with the job-body faults applied.
 */
import type { Operation } from '../../catalogue/index.ts';
import { otherEnumValue, UNDOCUMENTED_ENUM_VALUE } from '../body-faults.ts';
import { createRng } from '../data.ts';
import { type ApiModel, successResponse } from './model.ts';
import type { Body } from './seeding.ts';
import { branches, enumValues, generate, type Json, type Node, properties } from './values.ts';

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
  closedEnum?: string;
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
  f = {
    required: props.filter((p) => p.required && p.name !== id).map((p) => p.name),
    closedEnum: (
      closed.find((p) => p.name === stateName) ??
      closed.find((p) => p.name !== 'object') ??
      closed[0]
    )?.name,
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
    const name = f.required.find((n) => f.types[n] === 'string') ?? f.required[0];
    if (name) out[name] = f.types[name] === 'string' ? 12345 : 'not-a-number';
  }
  if (faults.requiredMissing) {
    const name = f.required[0] ?? idPointer.slice(1);
    delete out[name];
  }
  if (single && faults.getDisagrees && stateName && typeof out[stateName] === 'string')
    out[stateName] = otherEnumValue(model.states, out[stateName] as string);
  return out;
}

/** The job in the shape `op` documents for its success answer. */
export function project(model: ApiModel, op: Operation, job: Body): Json {
  const body = successResponse(op)?.body;
  if (!body) return job;
  const props = properties(model.catalogue, { schema: body.schema, base: body.ref });
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
