/**
 * What the provider documents settle and what they leave open, where a check needs to know. A check
 * fails only on what a document says; on an open point it asserts what holds under every reading, or
 * reports a warning. Each fact names its document (paths relative to ../shared/, as in the schemas'
 * x-source); "Corrections and additions" in provider-docs/README.md wins over what precedes it.
 * test/checks/open-boundaries.test.ts runs the checks against simulators that take the other readings.
 */
import {
  type Api,
  type Catalogue,
  type JsonSchema,
  type Operation,
  responseFor,
} from '../catalogue/index.ts';
import { errorBodyIsOpen } from './response/envelope-rules.ts';

/** Documents every API shares (paths relative to ../shared/); an API's own are in its x-source. */
export const DOCS = {
  readme: 'provider-docs/README.md',
  corrections: 'provider-docs/README.md "Corrections and additions"',
  rfc9110: 'RFC 9110',
} as const;

/**
 * Where an API documents something: its openapi.json at a pointer (schemas/<api>/openapi.json#…), or
 * without one, the first document its x-source names and its openapi.json.
 */
export function docOf(api: Api, pointer = ''): string {
  const where = `schemas/${api.id}/openapi.json`;
  if (pointer) return `${where}#${pointer}`;
  const source = api.sources[0];
  return source ? `${source}; ${where}` : where;
}

/** Where an operation's declaration lives: schemas/<api>/openapi.json, the operation, the keyword. */
export function declaredAt(api: Api, op: Operation, what = ''): string {
  return `schemas/${api.id}/openapi.json, ${op.id}${what ? ` ${what}` : ''}`;
}

/**
 * Where a document says that a page past the last answers 200 with an empty result (x-pagination
 * pastLastPage empty-result, with the reason in its x-why); undefined where none does (a pastLastPage
 * declared with no reason is the suite's reading of the style).
 */
export function pastEndDocumentedBy(api: Api, op: Operation): string | undefined {
  const spec = op.pagination as (Operation['pagination'] & { 'x-why'?: string }) | undefined;
  if (spec?.pastLastPage !== 'empty-result' || typeof spec['x-why'] !== 'string') return undefined;
  return `${declaredAt(api, op, 'x-pagination')}: ${spec['x-why']}`;
}

/**
 * Where a document says that paging values outside their bounds are rejected (not clamped), with the
 * status the check expects: x-pagination outOfBounds answer rejected, and a 400 the operation documents
 * (not x-inferred). Undefined where the rejection is not documented: an accepted value is a warning.
 */
export function boundsRejectionDocumentedBy(api: Api, op: Operation): string | undefined {
  const declared = op.pagination?.outOfBounds;
  const documented400 = op.responses.get('400');
  if (declared?.answer !== 'rejected' || !documented400 || documented400.inferred) return undefined;
  return `${declared.why.replace(/\.$/, '')}; schemas/${api.id}/openapi.json, ${op.id} x-pagination outOfBounds`;
}

/** Every paged operation of the API leaves out-of-bounds values open (faultExceptions). */
export function boundsRejectionOpen(api: Api): boolean {
  return api.operations.every((op) => !op.pagination || boundsRejectionDocumentedBy(api, op) === undefined);
}

/** The API's error bodies have only optional fields (its x-envelope only warns about them). */
export function errorBodiesOpen(api: Api): boolean {
  return errorBodyIsOpen(api.envelope);
}

/**
 * The API documents no required field of a job: the job schema of its get (at x-envelope data) and the
 * item schema of its list (at x-pagination items) require none, nested objects included.
 */
export function jobHasNoRequiredField(api: Api, catalogue: Catalogue): boolean {
  const lifecycle = api.lifecycle?.operations ?? {};
  const sites: { op: Operation | undefined; path: string[] }[] = [
    { op: api.operations.find((o) => o.id === lifecycle.get), path: pointerSegments(api.envelope.data) },
    ...api.operations
      .filter((o) => o.id === lifecycle.list || (!api.lifecycle && o.pagination))
      .map((op) => ({ op, path: [...pointerSegments(op.pagination?.response.items), 'items'] })),
  ];
  return sites.every(({ op, path }) => {
    const body = op?.responses.get('200')?.body;
    if (!body) return true;
    let { node, base } = catalogue.resolveNode(body.schema, body.ref);
    for (const key of path) {
      const next =
        key === 'items' && node.type === 'array'
          ? node.items
          : (node.properties as Record<string, JsonSchema> | undefined)?.[key];
      if (next === null || typeof next !== 'object') return true;
      ({ node, base } = catalogue.resolveNode(next as JsonSchema, base));
    }
    return !requiresAnything(catalogue, node, base, 0);
  });
}

/** A schema node, or one nested in it (properties, items, anyOf/oneOf/allOf), requires a field. */
function requiresAnything(catalogue: Catalogue, node: JsonSchema, base: string, depth: number): boolean {
  if (depth > 8) return false;
  if (Array.isArray(node.required) && node.required.length > 0) return true;
  const children: unknown[] = [
    ...Object.values((node.properties as Record<string, unknown> | undefined) ?? {}),
    node.items,
    ...(['anyOf', 'oneOf', 'allOf'] as const).flatMap((k) =>
      Array.isArray(node[k]) ? (node[k] as unknown[]) : [],
    ),
  ];
  return children.some((child) => {
    if (child === null || typeof child !== 'object') return false;
    const resolved = catalogue.resolveNode(child as JsonSchema, base);
    return requiresAnything(catalogue, resolved.node, resolved.base, depth + 1);
  });
}

function pointerSegments(pointer: string | undefined): string[] {
  return pointer ? pointer.slice(1).split('/') : [];
}

/** A gateway error page (502) is documented by every operation of the API (a default or 5XX response). */
export function serverErrorsDocumented(api: Api): boolean {
  return api.operations.every((op) => responseFor(op, 502) !== undefined);
}

/** The API's lists report a total and nothing else to check it by (no count): an off total is open. */
export function totalIsOnlyFigure(api: Api): boolean {
  const totalled = api.operations
    .map((op) => op.pagination?.response)
    .filter((r) => r !== undefined && (r.total !== undefined || r.totalHeader !== undefined));
  return totalled.length > 0 && totalled.every((r) => r?.count === undefined);
}

/**
 * The statuses a request with a malformed path id may get: 400 where documented, and 404 where
 * documented, since no document says whether a malformed id is validated or simply not found.
 */
export function malformedIdStatuses(op: Operation): number[] {
  const statuses = [400, 404].filter((s) => op.statuses.includes(s));
  return statuses.length > 0 ? statuses : [404];
}

/**
 * True where a paged operation under a job documents a 404 that does not name the job: its 404 has
 * no documented message while the API's get of a job documents one ("Job not found."), so the 404
 * may be for a parent resource and an empty list for an unknown job is a reading.
 */
export function notFoundIsForParent(api: Api, op: Operation): boolean {
  if (!op.pagination || !op.responses.has('404')) return false;
  const getId = api.lifecycle?.operations.get;
  const get = getId ? api.operations.find((o) => o.id === getId) : undefined;
  const jobMessage = get?.responses.get('404')?.errorMessage;
  // A list whose 404 says nothing, or says something else than the get's (Cloudflare's logs: "Ai
  // search not found." against "Job not found."), is about the parent.
  return (
    get !== undefined &&
    get !== op &&
    jobMessage !== undefined &&
    op.responses.get('404')?.errorMessage !== jobMessage
  );
}

/** Where a 429 must carry retry-after: the APIs whose rate limit documents the header. */
export function retryAfterDocumentedBy(api: Api): string | undefined {
  return api.rateLimit?.headers.includes('retry-after')
    ? `${docOf(api, '/x-rate-limit')}: 429 with retry-after; ${DOCS.corrections}: retry-after only on 429`
    : undefined;
}

/**
 * A retry-after value in milliseconds from now: delay-seconds or an HTTP date (RFC 9110 §10.2.3; the
 * official Cloudflare SDK reads both). Undefined when it is neither.
 */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** An RFC 3339 / ISO-8601 date-time with a zone: compared as an instant, not as text. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})$/;

export function instantOf(value: unknown): number | undefined {
  if (typeof value !== 'string' || !DATE_TIME.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Two field values equal as the documents define them: date-times as instants, the rest deeply. */
export function sameValue(a: unknown, b: unknown, deepEqual: (x: unknown, y: unknown) => boolean): boolean {
  const ia = instantOf(a);
  const ib = instantOf(b);
  if (ia !== undefined && ib !== undefined) return ia === ib;
  return deepEqual(a, b);
}
