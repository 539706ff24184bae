/**
 * What an error body says beyond its message, as the envelope declares it: values that follow the
 * status (x-envelope errorValues: a google.rpc code, the status itself, the job id asked for) and
 * the offending inputs by name (x-envelope fieldErrors). A value goes only where the body stays valid.
 */
import { STATUS_CODES } from 'node:http';
import type { Catalogue, ErrorValueSpec, SchemaHandle } from '../../catalogue/index.ts';
import { deleteAt, type Json, type Node, properties, setAt } from './values.ts';

/** One offending input: its name (path segments joined by '.') and what is wrong with it. */
export interface FieldError {
  field: string;
  message: string;
}

/** What the answer knows that a declared value may need. */
export interface ErrorFacts {
  status: number;
  /** The job id a not-found answer is about. */
  requestedId?: string;
  /** The offending inputs of an input error. */
  fieldErrors?: FieldError[];
}

type Body = Record<string, Json>;

/** Whether the schema declares the property the pointer names (following $refs on the way). */
function declares(catalogue: Catalogue, handle: SchemaHandle, pointer: string): boolean {
  let node: Node = { schema: handle.schema, base: handle.ref };
  for (const segment of pointer.split('/').slice(1)) {
    const next = properties(catalogue, node).find((p) => p.name === segment);
    if (!next) return false;
    node = next.node;
  }
  return true;
}

function omit(body: Body, handle: SchemaHandle | undefined, pointer: string): void {
  const candidate = structuredClone(body);
  deleteAt(candidate, pointer);
  if (!handle || handle.validate(candidate)) deleteAt(body, pointer);
}

function declaredValue(spec: ErrorValueSpec, facts: ErrorFacts): Json | undefined {
  switch (spec.value) {
    case 'http-status':
      return facts.status;
    case 'reason-phrase':
      return STATUS_CODES[facts.status];
    case 'requested-id':
      return facts.requestedId;
    case 'omitted':
      return undefined;
    default:
      return (spec.byStatus?.[String(facts.status)] ?? spec.otherwise) as Json | undefined;
  }
}

/** Writes each declared value into `body` (an error body of `handle`'s schema) where it keeps it valid. */
export function applyErrorValues(
  catalogue: Catalogue,
  specs: readonly ErrorValueSpec[],
  handle: SchemaHandle | undefined,
  body: Body,
  facts: ErrorFacts,
): void {
  for (const spec of specs) {
    if (
      spec.statuses
        ? !spec.statuses.includes(facts.status)
        : !handle || !declares(catalogue, handle, spec.pointer)
    )
      continue;
    if (spec.value === 'omitted') {
      omit(body, handle, spec.pointer);
      continue;
    }
    const value = declaredValue(spec, facts);
    if (value === undefined) {
      // The id asked for, on an answer about none: the place is left out, not made up.
      if (spec.value === 'requested-id') omit(body, handle, spec.pointer);
      continue;
    }
    const candidate = structuredClone(body);
    setAt(candidate, spec.pointer, structuredClone(value));
    if (!handle || handle.validate(candidate)) setAt(body, spec.pointer, structuredClone(value));
  }
}

/**
 * The offending inputs at the declared place (a name-to-message map, or a list of items); on an
 * answer that names none, the place is left out where the schema lets it be.
 */
export function applyFieldErrors(
  spec: { pointer: string; item?: { field: string; message: string } },
  handle: SchemaHandle | undefined,
  body: Body,
  fieldErrors: readonly FieldError[] | undefined,
): void {
  const candidate = structuredClone(body);
  if (!fieldErrors || fieldErrors.length === 0) deleteAt(candidate, spec.pointer);
  else if (spec.item) {
    const items = fieldErrors.map((e) => {
      const item: Body = {};
      setAt(item, spec.item?.field ?? '/field', e.field);
      setAt(item, spec.item?.message ?? '/message', e.message);
      return item;
    });
    setAt(candidate, spec.pointer, items);
  } else {
    const map: Body = {};
    for (const e of fieldErrors) map[e.field] = map[e.field] ? `${map[e.field]}; ${e.message}` : e.message;
    setAt(candidate, spec.pointer, map);
  }
  if (!handle || handle.validate(candidate)) {
    for (const key of Object.keys(body)) delete body[key];
    Object.assign(body, candidate);
  }
}
