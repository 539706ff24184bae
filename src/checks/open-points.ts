/**
 * What the provider documents settle and what they leave open, where a check needs to know. A check
 * fails only on what a document says; on an open point it asserts what holds under every reading, or
 * reports a warning. Each fact names its document (paths relative to ../shared/, as in the schemas'
 * x-source); "Corrections and additions" in provider-docs/README.md wins over what precedes it.
 * test/checks/open-boundaries.test.ts runs the checks against simulators that take the other readings.
 */
import type { Api, ApiId, Operation } from '../catalogue/index.ts';

export const DOCS = {
  readme: 'provider-docs/README.md',
  corrections: 'provider-docs/README.md "Corrections and additions"',
  cloudflare: 'provider-docs/README.md#cloudflare-ai-search-jobs',
  cloudflareOpenapi: 'provider-docs/official/cloudflare-ai-search-jobs.openapi.json',
  vectara: 'provider-docs/README.md#vectara-jobs',
  vectaraV1Page: 'provider-docs/vectara-v1-list-jobs.txt',
  vectaraV2Openapi: 'provider-docs/official/vectara-v2-jobs.openapi.json',
  emporix: 'provider-docs/README.md#emporix-ai-service-jobs-newer-official-openapi',
  emporixOpenapi: 'provider-docs/official/emporix-ai-service-jobs.openapi.json',
  rfc9110: 'RFC 9110',
} as const;

const isCloudflare = (api: ApiId) =>
  api === 'cloudflare-ai-search' || api === 'cloudflare-ai-search-namespaced';

/**
 * Where a document says that a page past the last answers 200 with an empty result; undefined where
 * none does (Emporix: its documents say nothing about pages past the end).
 */
export function pastEndDocumentedBy(api: ApiId): string | undefined {
  return isCloudflare(api)
    ? `${DOCS.cloudflare} (the official TypeScript SDK pages until a page comes back with an empty result)`
    : undefined;
}

/**
 * Where a document says that paging values outside their bounds are rejected (not clamped), with the
 * status the check expects; undefined where the bound or the rejection is not documented:
 * Vectara v1 gives "Max allowed value is 100" but no error for more, v2 documents no 400 (it is
 * inferred), Emporix declares pageSize/pageNumber as strings with no bounds.
 */
export function boundsRejectionDocumentedBy(api: ApiId, op: Operation): string | undefined {
  const documented400 = op.responses.get('400');
  if (!isCloudflare(api) || !documented400 || documented400.inferred) return undefined;
  return `${DOCS.cloudflareOpenapi} (page minimum 1, per_page 0..50 and 0..500 for logs; 400 "Input Validation Error")`;
}

/**
 * The statuses a request with a malformed path id may get: 400 where documented, and 404 where
 * documented, since no document says whether a malformed id is validated or simply not found.
 */
export function malformedIdStatuses(op: Operation): number[] {
  const statuses = [400, 404].filter((s) => op.statuses.includes(s));
  return statuses.length > 0 ? statuses : [404];
}

/** True where a documented 404 names a resource other than the job (Cloudflare logs: "Ai search not found."). */
export function notFoundIsForParent(api: Api, op: Operation): boolean {
  return isCloudflare(api.id) && op.pagination !== undefined;
}

/** Where a 429 must carry retry-after: the APIs whose rate limit documents the header. */
export function retryAfterDocumentedBy(api: Api): string | undefined {
  return api.rateLimit?.headers.includes('retry-after')
    ? `${DOCS.cloudflare} (429 with retry-after; ${DOCS.corrections}: retry-after only on 429)`
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
