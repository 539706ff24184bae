import { getCatalogue, type Operation } from '../catalogue/index.ts';
import { type Exchange, type Target, type TransportErrorKind, UsageError } from '../core/index.ts';
import { type AuthMode, authHeaders, knownAuthHeaders, noteTargetSecrets } from './auth.ts';
import type { HttpClient, HttpRequest } from './client-options.ts';

export type QueryScalar = string | number | boolean;
export type QueryValue = QueryScalar | QueryScalar[] | undefined | null;

export interface CallOptions {
  /** Values for the operation's path parameters, on top of target.pathParams (job_id, jobId …). */
  pathParams?: Record<string, string | number>;
  /** Query parameters in order; arrays follow the parameter's style/explode (repeated by default). */
  query?: Record<string, QueryValue>;
  /** Extra headers, applied last; undefined removes a header (a missing account-id header probe). */
  headers?: Record<string, string | undefined>;
  /** A JSON value, encoded with the operation's content type; a string is sent as-is (malformed-body probes). */
  body?: unknown;
  /** Default 'valid'. */
  auth?: AuthMode;
  /** oauth2: the scope asked for with the token. */
  scope?: string;
  label?: string;
  /** False to see a 429 or 503 as it came. */
  retry?: boolean;
  followRedirects?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** The request an operation call turns into, before authentication. */
export interface BuiltRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** Resolve an operation given by id against the shared catalogue. */
export function resolveOperation(target: Target, operation: Operation | string): Operation {
  return typeof operation === 'string' ? getCatalogue().operation(target.api, operation) : operation;
}

/** A path template cut at its parameters: literal text at even indexes, parameter names at odd ones. */
const templateCache = new Map<string, string[]>();

function templatePieces(path: string): string[] {
  let pieces = templateCache.get(path);
  if (!pieces) {
    pieces = path.split(/\{([^}]+)\}/);
    if (templateCache.size >= 1024) templateCache.clear();
    templateCache.set(path, pieces);
  }
  return pieces;
}

/** target.baseUrl + the operation's path template, path values URL-encoded, query per parameter style. */
export function buildUrl(
  target: Target,
  operation: Operation,
  pathParams: Record<string, string | number> = {},
  query: Record<string, QueryValue> = {},
): string {
  const pieces = templatePieces(operation.path);
  let path = pieces[0] ?? '';
  for (let i = 1; i < pieces.length; i += 2) {
    const name = pieces[i]!;
    // The call's own values win over the target's, as a spread of the two would.
    const value = Object.hasOwn(pathParams, name) ? pathParams[name] : target.pathParams?.[name];
    if (value === undefined) {
      throw new UsageError(
        `${operation.key}: no value for path parameter ${name} (set it in the target's pathParams or the call's pathParams)`,
      );
    }
    path += encodeURIComponent(String(value)) + (pieces[i + 1] ?? '');
  }
  const base = target.baseUrl.endsWith('/') ? target.baseUrl.replace(/\/+$/, '') : target.baseUrl;
  const search = buildQuery(operation, query);
  return `${base}${path}${search ? `?${search}` : ''}`;
}

const DELIMITERS: Record<string, string> = { form: ',', spaceDelimited: ' ', pipeDelimited: '|' };

/** Query names come from the schemas (a handful): each is encoded once. */
const encodedNames = new Map<string, string>();

function encodedName(name: string): string {
  let encoded = encodedNames.get(name);
  if (encoded === undefined) {
    encoded = encodeURIComponent(name);
    if (encodedNames.size >= 1024) encodedNames.clear();
    encodedNames.set(name, encoded);
  }
  return encoded;
}

/** Encode a query: `state=a&state=b` for exploded arrays (OpenAPI's default for form), `a,b` otherwise. */
export function buildQuery(operation: Operation, query: Record<string, QueryValue>): string {
  const parts: string[] = [];
  for (const name in query) {
    const value = query[name];
    if (value === undefined || value === null) continue;
    const key = encodedName(name);
    if (!Array.isArray(value)) {
      // An integer needs no encoding (digits and a minus sign); a page number is one.
      parts.push(`${key}=${Number.isSafeInteger(value) ? value : encodeURIComponent(String(value))}`);
      continue;
    }
    const param = operation.parameters.find((p) => p.in === 'query' && p.name === name);
    const style = param?.style ?? 'form';
    const explode = param?.explode ?? style === 'form';
    if (explode) {
      for (const item of value) parts.push(`${key}=${encodeURIComponent(String(item))}`);
    } else if (value.length > 0) {
      const delimiter = DELIMITERS[style] ?? ',';
      parts.push(
        `${key}=${value.map((v) => encodeURIComponent(String(v))).join(encodeURIComponent(delimiter))}`,
      );
    }
  }
  return parts.join('&');
}

/** Method, URL, headers and encoded body of a call, without authentication. */
export function buildRequest(target: Target, operation: Operation, options: CallOptions = {}): BuiltRequest {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] = operation.requestBody?.contentType ?? 'application/json';
  }
  return {
    method: operation.method,
    url: buildUrl(target, operation, options.pathParams, options.query),
    headers,
    ...(body !== undefined ? { body } : {}),
  };
}

/** Merge header sets case-insensitively, later ones winning; undefined removes. */
function mergeHeaders(...sets: Array<Record<string, string | undefined>>): Record<string, string> {
  const out = new Map<string, [string, string]>();
  for (const set of sets) {
    for (const [name, value] of Object.entries(set)) {
      if (value === undefined) out.delete(name.toLowerCase());
      else out.set(name.toLowerCase(), [name, value]);
    }
  }
  return Object.fromEntries(out.values());
}

/**
 * What does not change between plain calls of an operation (no path values, headers or body of
 * their own; valid credentials without a scope): the URL before its query and the merged headers.
 * A walk's pages are such calls; each is then its query alone. Kept per client, target and
 * operation object, as the valid credentials' headers are kept per client and target (auth.ts).
 */
interface PlainCall {
  path: string;
  headers: Record<string, string>;
}

const plainCalls = new WeakMap<HttpClient, WeakMap<Target, WeakMap<Operation, PlainCall>>>();

const isPlain = (options: CallOptions) =>
  options.pathParams === undefined &&
  options.headers === undefined &&
  options.body === undefined &&
  options.scope === undefined &&
  (options.auth ?? 'valid') === 'valid';

function plainCallOf(http: HttpClient, target: Target, op: Operation): PlainCall | undefined {
  return plainCalls.get(http)?.get(target)?.get(op);
}

function rememberPlainCall(http: HttpClient, target: Target, op: Operation, call: PlainCall): void {
  let byTarget = plainCalls.get(http);
  if (!byTarget) {
    byTarget = new WeakMap();
    plainCalls.set(http, byTarget);
  }
  let byOp = byTarget.get(target);
  if (!byOp) {
    byOp = new WeakMap();
    byTarget.set(target, byOp);
  }
  byOp.set(op, call);
}

/** The request of a call, before its headers. */
function requestOf(
  target: Target,
  op: Operation,
  url: string,
  options: CallOptions,
  body?: string,
): HttpRequest {
  const request: HttpRequest = { api: target.api, operation: op.id, method: op.method, url };
  if (options.label !== undefined) request.label = options.label;
  if (body !== undefined) request.body = body;
  if (options.retry !== undefined) request.retry = options.retry;
  if (options.followRedirects !== undefined) request.followRedirects = options.followRedirects;
  if (options.timeoutMs !== undefined) request.timeoutMs = options.timeoutMs;
  if (options.signal !== undefined) request.signal = options.signal;
  return request;
}

/**
 * Call one catalogue operation against a target: URL, query, body and the API's auth headers.
 * Never throws for transport problems (they are in the exchange); a missing path value or
 * credentials that do not fit the API are usage errors.
 */
export function callOperation(
  http: HttpClient,
  target: Target,
  operation: Operation | string,
  options: CallOptions = {},
): Promise<Exchange> {
  // A plain call goes straight to the client: no async frame of its own (a walk makes thousands).
  if (typeof operation !== 'string' && isPlain(options)) {
    const prepared = plainCallOf(http, target, operation);
    if (prepared) {
      noteTargetSecrets(http, target);
      const search = options.query ? buildQuery(operation, options.query) : '';
      const url = search ? `${prepared.path}?${search}` : prepared.path;
      const request = requestOf(target, operation, url, options);
      request.headers = prepared.headers;
      return http.send(request);
    }
  }
  return buildAndCall(http, target, operation, options);
}

/** Any call: URL, body and auth headers worked out for this call (and a plain call's parts remembered). */
async function buildAndCall(
  http: HttpClient,
  target: Target,
  operation: Operation | string,
  options: CallOptions,
): Promise<Exchange> {
  const op = resolveOperation(target, operation);
  const plain = isPlain(options);
  const built = buildRequest(target, op, options);
  const request = requestOf(target, op, built.url, options, built.body);
  // The pages of a walk authenticate alike: valid credentials without a token are worked out once.
  const known =
    (options.auth ?? 'valid') === 'valid' && options.scope === undefined
      ? knownAuthHeaders(http, target, op)
      : undefined;
  const auth = known
    ? { headers: known }
    : await authHeaders({
        http,
        target,
        api: getCatalogue().api(target.api),
        operation: op,
        mode: options.auth ?? 'valid',
        ...(options.scope !== undefined ? { scope: options.scope } : {}),
        onTokenFailure: (problem: string, kind: TransportErrorKind) =>
          http.recordUnsent(
            { ...request, headers: mergeHeaders(built.headers, options.headers ?? {}) },
            { kind, message: problem },
          ),
      });
  if ('failure' in auth) return auth.failure;
  request.headers = mergeHeaders(built.headers, auth.headers, options.headers ?? {});
  if (plain && (known ?? knownAuthHeaders(http, target, op))) {
    // Frozen: the client may then reuse what it made of these headers for the next call.
    rememberPlainCall(http, target, op, {
      path: buildUrl(target, op),
      headers: Object.freeze(request.headers),
    });
  }
  return http.send(request);
}
