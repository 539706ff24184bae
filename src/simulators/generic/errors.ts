/**
 * Error answers with a body valid against the schema the operation documents for the status (exact,
 * then `4XX`/`5XX`, then `default`; the auth rejection's own schema for 401/403): the schema's first
 * example when it has one, else a made-up body, with the message where the envelope says errors say
 * it (x-envelope errorSays) and the success flag false. The faults error.wrong-shape and
 * envelope.errors-missing break exactly that.
 */
import type { ApiId, Operation, ResponseSpec, SchemaHandle } from '../../catalogue/index.ts';
import type { SimResponse } from '../core.ts';
import { createRng } from '../data.ts';
import { applyErrorValues, applyFieldErrors, type FieldError } from './error-values.ts';
import type { ApiModel } from './model.ts';
import { deleteAt, generate, type Json, setAt } from './values.ts';

const isObject = (v: Json): v is Record<string, Json> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** The documented response for a status: exact, its range (4XX), then default. */
export function documentedResponse(op: Operation | undefined, status: number): ResponseSpec | undefined {
  if (!op) return undefined;
  return (
    op.responses.get(String(status)) ??
    op.responses.get(`${String(status)[0]}XX`) ??
    op.responses.get('default')
  );
}

/** The status to use for `wanted` on `op`: itself if documented (or by range), else the first of `fallbacks` that is. */
export function pickStatus(op: Operation | undefined, wanted: number, ...fallbacks: number[]): number {
  if (!op) return wanted;
  for (const s of [wanted, ...fallbacks])
    if (op.responses.has(String(s)) || op.responses.has(`${String(s)[0]}XX`)) return s;
  return wanted;
}

export interface ErrorFaults {
  wrongShape: boolean;
  fieldsMissing: boolean;
  /** envelope.success-contradicts-status: the success flag says success on an error. */
  successContradicts?: boolean;
}

/** What one error says beyond its message: a declared code, the offending input's path segments. */
export interface ErrorDetail {
  code?: number | string;
  inputPath?: string[];
  /** Say this answer's own message, not the status's documented one (an auth rejection that declares its own). */
  keepMessage?: boolean;
  /** The job id a not-found answer is about (x-envelope errorValues requested-id). */
  requestedId?: string;
  /** The offending inputs of an input error, by name (x-envelope fieldErrors). */
  fieldErrors?: FieldError[];
}

/** One error item of the envelope's error list (x-envelope errors: code, message, inputPath pointers). */
function errorItem(model: ApiModel, status: number, message: string, detail: ErrorDetail): Json {
  const spec = model.api.envelope?.errors;
  const item: Record<string, Json> = {};
  setAt(item, spec?.code ?? '/code', detail.code ?? status);
  setAt(item, spec?.message ?? '/message', message);
  if (spec?.inputPath && detail.inputPath) setAt(item, spec.inputPath, detail.inputPath);
  return item;
}

export function errorBody(
  model: ApiModel,
  handle: SchemaHandle | undefined,
  status: number,
  message: string,
  detail: ErrorDetail = {},
): Json {
  const rng = createRng(status, `${model.api.id}-error`);
  let body: Json;
  const example = Array.isArray(handle?.schema.examples) ? (handle?.schema.examples[0] as Json) : undefined;
  if (!handle) body = { message };
  else if (
    example !== undefined &&
    example !== null &&
    typeof example === 'object' &&
    !Array.isArray(example)
  )
    body = structuredClone(example);
  else body = generate(model.catalogue, { schema: handle.schema, base: handle.ref }, rng, { timeMs: 0 });
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const env = model.api.envelope;
  for (const says of env?.errorSays ?? []) {
    if (says.statuses && !says.statuses.includes(status)) continue;
    // The message goes to the first place the body's schema lets it go (a string, or a list of them).
    for (const pointer of says.anyOf) {
      const candidate = { ...body };
      const current = pointer
        .split('/')
        .slice(1)
        .reduce<Json | undefined>(
          (n, k) => (n && typeof n === 'object' && !Array.isArray(n) ? n[k] : undefined),
          body,
        );
      setAt(candidate, pointer, Array.isArray(current) ? [message] : message);
      if (!handle || handle.validate(candidate)) {
        body = candidate;
        break;
      }
    }
    break;
  }
  if (env?.errorValues)
    applyErrorValues(model.catalogue, env.errorValues, handle, body, {
      status,
      requestedId: detail.requestedId,
      fieldErrors: detail.fieldErrors,
    });
  if (env?.fieldErrors) applyFieldErrors(env.fieldErrors, handle, body, detail.fieldErrors);
  if (env?.successFlag) setAt(body, env.successFlag.pointer, env.successFlag.onFailure ?? false);
  if (env?.errors) {
    const errors = pointer(body, env.errors.pointer);
    // The one error this answer is about, in place of made-up ones.
    setAt(body, env.errors.pointer, [errorItem(model, status, message, detail)]);
    if (handle && !handle.validate(body)) setAt(body, env.errors.pointer, errors ?? []);
  }
  if (env?.messages) setAt(body, env.messages.pointer, []);
  // No payload on an error, where the schema allows null there.
  if (env?.data && handle) {
    const candidate = structuredClone(body);
    setAt(candidate, env.data, null);
    if (handle.validate(candidate)) body = candidate;
  }
  return body;
}

const pointer = (doc: Json, p: string): Json | undefined =>
  p
    .split('/')
    .slice(1)
    .reduce<Json | undefined>(
      (n, k) => (n && typeof n === 'object' && !Array.isArray(n) ? n[k] : undefined),
      doc,
    );

/** A body the schema rejects (error.wrong-shape): {"error": message}, or the fields with the wrong types. */
function wrongShape(handle: SchemaHandle | undefined, message: string): Json {
  const first: Json = { error: message };
  if (handle === undefined || !handle.validate(first)) return first;
  const props = (handle.schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const broken: Record<string, Json> = {};
  for (const [name, prop] of Object.entries(props)) {
    const t = Array.isArray(prop.type) ? prop.type : [prop.type];
    broken[name] = t.includes('string') ? 12345 : message;
  }
  if (!handle.validate(broken)) return broken;
  return [message];
}

/** An undocumented 4xx (405, 413 …) in the shape of the operation's first documented client error. */
function clientErrorBody(op: Operation | undefined, status: number): SchemaHandle | undefined {
  if (!op || status < 400 || status >= 500) return undefined;
  for (const [code, response] of op.responses)
    if (/^4\d\d$/.test(code) && code !== '401' && code !== '403' && response.body) return response.body;
  return undefined;
}

/** An error answer for `op` (or the API's first operation) with its documented body. */
export function errorAnswer(
  model: ApiModel,
  op: Operation | undefined,
  status: number,
  message: string,
  faults: ErrorFaults,
  auth = false,
  detail: ErrorDetail = {},
): SimResponse {
  const rejection = model.api.authRejection;
  // A path no operation serves still answers in the API's error shape: its first operation's.
  const shape = op ?? model.api.operations[0];
  const handle =
    auth || (!documentedResponse(shape, status)?.body && rejection.statuses.includes(status))
      ? status === rejection.insufficientScope?.status
        ? rejection.insufficientScope.body
        : rejection.body
      : (documentedResponse(shape, status)?.body ?? clientErrorBody(shape, status));
  // The message the provider documents for this status (x-error-message), where it does; an input
  // error (one with a path) keeps its own.
  const own =
    detail.inputPath !== undefined || detail.fieldErrors !== undefined || detail.keepMessage === true;
  const said = (own ? undefined : documentedResponse(op, status)?.errorMessage) ?? message;
  let json = errorBody(model, handle, status, said, detail);
  const env = model.api.envelope;
  if (faults.successContradicts && env?.successFlag && isObject(json))
    setAt(json, env.successFlag.pointer, !(env.successFlag.onFailure ?? false));
  if (faults.fieldsMissing) {
    // The error list left out (x-envelope errors), else every field an error body says things in.
    if (env?.errors && isObject(json)) deleteAt(json, env.errors.pointer);
    else json = {};
  }
  if (faults.wrongShape) json = wrongShape(handle, said);
  const api: ApiId = model.api.id;
  return { status, json, api, operation: op };
}
