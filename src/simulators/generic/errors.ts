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
import type { ApiModel } from './model.ts';
import { generate, type Json, setAt } from './values.ts';

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
}

export function errorBody(
  model: ApiModel,
  handle: SchemaHandle | undefined,
  status: number,
  message: string,
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
  if (env?.successFlag) setAt(body, env.successFlag.pointer, env.successFlag.onFailure ?? false);
  if (env?.errors) {
    const errors = pointer(body, env.errors.pointer);
    if (!Array.isArray(errors) || errors.length === 0)
      setAt(body, env.errors.pointer, [{ code: status, message }]);
    if (handle && !handle.validate(body)) setAt(body, env.errors.pointer, errors ?? []);
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
  // The message the provider documents for this status (x-error-message), where it does.
  const said = documentedResponse(op, status)?.errorMessage ?? message;
  let json = errorBody(model, handle, status, said);
  if (faults.fieldsMissing) json = {};
  if (faults.wrongShape) json = wrongShape(handle, said);
  const api: ApiId = model.api.id;
  return { status, json, api, operation: op };
}
