import type { ApiId } from '../catalogue/index.ts';

/**
 * Every fault a simulator can inject. Each breaks one documented rule, so a test can prove that the
 * check guarding that rule catches it. Stable ids: tests, the CLI (--fault) and the check table use them.
 */
export interface FaultSpec {
  id: string;
  description: string;
  /** APIs the fault applies to ('all' when every simulator implements it). */
  apis: readonly ApiId[] | 'all';
}

const CLOUDFLARE = ['cloudflare-ai-search', 'cloudflare-ai-search-namespaced'] as const;
const VECTARA = ['vectara-v1', 'vectara-v2'] as const;
const EMPORIX = ['emporix-ai-service'] as const;
const PAGED = [...CLOUDFLARE, ...EMPORIX] as const;

export const FAULTS = [
  // response shape
  {
    id: 'status.undocumented',
    description: 'Successful reads answer 299, a status no operation documents.',
    apis: 'all',
  },
  { id: 'content-type.wrong', description: 'JSON bodies are labelled text/plain.', apis: 'all' },
  { id: 'content-type.missing', description: 'JSON bodies carry no Content-Type header.', apis: 'all' },
  {
    id: 'envelope.success-contradicts-status',
    description: 'Cloudflare success flag is false on 200 and true on errors.',
    apis: CLOUDFLARE,
  },
  {
    id: 'envelope.errors-missing',
    description: 'Error responses omit the errors array (Cloudflare) or the error body fields (others).',
    apis: 'all',
  },
  {
    id: 'body.required-missing',
    description: 'Jobs lack a required field (Cloudflare source, Emporix metadata.version; Vectara job id).',
    apis: 'all',
  },
  { id: 'body.enum-unknown', description: 'A job carries an enum value no schema knows.', apis: 'all' },
  {
    id: 'body.enum-deprecated',
    description: 'A job carries a deprecated enum value (Emporix agentType support).',
    apis: EMPORIX,
  },
  { id: 'body.wrong-type', description: 'A job field has the wrong JSON type.', apis: 'all' },
  {
    id: 'body.pattern-violation',
    description: 'A job field breaks its pattern (Vectara v2 id without job_, v1 int64 string not numeric).',
    apis: VECTARA,
  },
  { id: 'headers.content-length-wrong', description: 'Content-Length disagrees with the body.', apis: 'all' },
  {
    id: 'headers.retry-after-missing',
    description: '429 answers carry no retry-after header.',
    apis: CLOUDFLARE,
  },
  // pagination
  {
    id: 'pagination.duplicate-item',
    description: 'The last item of each page repeats as the first of the next.',
    apis: 'all',
  },
  {
    id: 'pagination.skipped-item',
    description: 'The first item of every page after the first is dropped.',
    apis: 'all',
  },
  {
    id: 'pagination.wrong-total',
    description: 'result_info.count/total_count or X-Total-Count is off by one.',
    apis: PAGED,
  },
  {
    id: 'pagination.size-ignored',
    description: 'per_page/limit/numResults/pageSize is ignored; a fixed page size is used.',
    apis: 'all',
  },
  {
    id: 'pagination.data-past-end',
    description: 'A page past the last returns the last page again instead of an empty result.',
    apis: PAGED,
  },
  {
    id: 'pagination.cursor-repeats',
    description: 'The next cursor after the second page points back to the first.',
    apis: VECTARA,
  },
  {
    id: 'pagination.cursor-never-ends',
    description: 'The last page still returns a next cursor (to an empty page, forever).',
    apis: VECTARA,
  },
  {
    id: 'pagination.bounds-not-enforced',
    description:
      'Out-of-bounds page, per_page, limit, numResults, pageNumber are clamped instead of rejected.',
    apis: 'all',
  },
  // auth
  { id: 'auth.not-enforced', description: 'Requests without credentials are served.', apis: 'all' },
  {
    id: 'auth.wrong-credentials-accepted',
    description: 'Any credentials of the right form are accepted.',
    apis: 'all',
  },
  {
    id: 'auth.scope-not-enforced',
    description: 'DELETE succeeds with a token lacking ai.agent_manage.',
    apis: EMPORIX,
  },
  // errors and input
  {
    id: 'error.wrong-shape',
    description: 'Error bodies are {"error": "..."} instead of the documented shape.',
    apis: 'all',
  },
  {
    id: 'input.id-not-validated',
    description: 'Malformed ids (pattern, 65 chars) are served as if valid.',
    apis: CLOUDFLARE,
  },
  {
    id: 'input.malformed-body-accepted',
    description: 'A request body that is not valid JSON or breaks its schema is accepted.',
    apis: [...CLOUDFLARE, 'vectara-v1', ...EMPORIX],
  },
  {
    id: 'input.unknown-id-found',
    description: 'An unknown job id answers 200 with a made-up job.',
    apis: 'all',
  },
  // lifecycle and consistency
  {
    id: 'lifecycle.delete-not-deleting',
    description: 'DELETE answers 204 but the job stays.',
    apis: EMPORIX,
  },
  {
    id: 'lifecycle.cancel-ended-accepted',
    description: 'Cancelling an ended job answers 200.',
    apis: CLOUDFLARE,
  },
  { id: 'lifecycle.never-ends', description: 'Created jobs never reach an ended state.', apis: CLOUDFLARE },
  {
    id: 'lifecycle.created-not-listed',
    description: 'A created job is missing from the list.',
    apis: CLOUDFLARE,
  },
  {
    id: 'consistency.get-disagrees',
    description: 'GET one returns a job that differs from the same job in the list.',
    apis: 'all',
  },
  {
    id: 'filter.non-matching',
    description: 'Filters (state, corpus, time, q) let non-matching jobs through.',
    apis: [...VECTARA, ...EMPORIX],
  },
  { id: 'sort.ignored', description: 'The sort parameter is ignored.', apis: EMPORIX },
  // transport
  {
    id: 'transport.slow',
    description: 'Every response is delayed past the client timeout (default 3 s).',
    apis: 'all',
  },
  {
    id: 'transport.drip',
    description: 'Bodies are sent a few bytes at a time, slower than the request timeout allows.',
    apis: 'all',
  },
  {
    id: 'transport.reset-mid-body',
    description: 'The connection is reset halfway through the body.',
    apis: 'all',
  },
  {
    id: 'transport.invalid-json',
    description: 'JSON bodies are cut into invalid JSON with a correct Content-Length.',
    apis: 'all',
  },
  {
    id: 'transport.html-error-page',
    description: 'Every request answers 502 with an HTML page.',
    apis: 'all',
  },
  {
    id: 'transport.truncated-body',
    description: 'Content-Length promises more than is sent; the connection then closes.',
    apis: 'all',
  },
  {
    id: 'transport.oversized-body',
    description: 'Bodies are padded past the client size cap (default 8 MiB).',
    apis: 'all',
  },
  { id: 'transport.redirect-loop', description: 'Every request is redirected to itself.', apis: 'all' },
  { id: 'transport.429-storm', description: 'Every request answers 429 with retry-after: 1.', apis: 'all' },
  {
    id: 'transport.503-burst',
    description: 'The first 5 requests of each route answer 503, then service resumes.',
    apis: 'all',
  },
  // hostile bodies (src/simulators/hostile-bodies.ts): every JSON response of every API
  {
    id: 'transport.deep-nesting',
    description: 'JSON bodies are wrapped in 200,000 levels of arrays.',
    apis: 'all',
  },
  {
    id: 'transport.huge-body',
    description: 'JSON bodies are followed by 200 MB of spaces, streamed (chunked, no Content-Length).',
    apis: 'all',
  },
  {
    id: 'transport.invalid-utf8',
    description: 'A JSON string in each body carries bytes that are not UTF-8.',
    apis: 'all',
  },
  {
    id: 'transport.gzip-bomb',
    description:
      'JSON bodies come gzip-encoded (not asked for) and decode to the body followed by 300 MB of spaces.',
    apis: 'all',
  },
  { id: 'transport.huge-header', description: 'JSON responses carry a 60 KB header.', apis: 'all' },
  { id: 'transport.null-body', description: 'JSON bodies are the literal null.', apis: 'all' },
  { id: 'transport.array-body', description: 'JSON bodies are wrapped in a one-item array.', apis: 'all' },
  {
    id: 'transport.content-length-invalid',
    description: 'Content-Length is not a number (headers.content-length-wrong sends one byte short).',
    apis: 'all',
  },
  {
    id: 'transport.body-never-ends',
    description: 'Headers and half the body are sent, then nothing more; the connection never closes.',
    apis: 'all',
  },
  {
    id: 'transport.no-headers',
    description: 'Requests are read and never answered; the connection stays open.',
    apis: 'all',
  },
] as const satisfies readonly FaultSpec[];

export type FaultId = (typeof FAULTS)[number]['id'];
export const FAULT_IDS: readonly FaultId[] = FAULTS.map((f) => f.id);

export function isFaultId(value: string): value is FaultId {
  return (FAULT_IDS as readonly string[]).includes(value);
}

export function faultApplies(id: FaultId, api: ApiId): boolean {
  const spec = FAULTS.find((f) => f.id === id);
  return spec !== undefined && (spec.apis === 'all' || (spec.apis as readonly string[]).includes(api));
}
