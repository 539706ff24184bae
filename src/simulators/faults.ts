import { type Api, type ApiId, getCatalogue } from '../catalogue/index.ts';

/**
 * Every fault a simulator can inject. Each breaks one documented rule, so a test can prove that the
 * check guarding that rule catches it. Stable ids: tests, the CLI (--fault) and the check table use them.
 */
export interface FaultSpec {
  id: string;
  description: string;
  /**
   * The APIs the fault applies to, read from what each API declares ('all' when every API can show
   * it): a new API folder gets every fault that fits its declarations, with no list of ids here.
   */
  applies: 'all' | ((api: Api) => boolean);
}

const lists = (api: Api) => api.operations.filter((op) => op.pagination !== undefined);
/** A list that reports counts or totals (result_info, X-Total-Count). */
const HAS_TOTALS = (api: Api) =>
  lists(api).some((op) => {
    const r = op.pagination?.response;
    return r?.count !== undefined || r?.total !== undefined || r?.totalHeader !== undefined;
  });
/** A list paged by page number (a page past the last exists). */
const PAGE_NUMBERS = (api: Api) => lists(api).some((op) => op.pagination?.request.page !== undefined);
/** A list paged by a cursor the server hands out (a next cursor or an item id with has-more). */
const CURSORS = (api: Api) =>
  lists(api).some((op) => op.pagination?.style === 'cursor' || op.pagination?.style === 'after-id');
/** A success envelope with a success flag (Cloudflare's success: true|false). */
const SUCCESS_FLAG = (api: Api) => api.envelope?.successFlag !== undefined;
/** A removed enum value the schemas still accept (deprecated: true). */
const DEPRECATED_ENUM = (api: Api) => Object.values(api.enums).some((e) => e.deprecated.length > 0);
/** A documented rate limit whose 429 carries retry-after. */
const RETRY_AFTER = (api: Api) =>
  api.rateLimit?.headers.some((h) => h.toLowerCase() === 'retry-after') === true;
/** A job field with a pattern (or a numeric-string format) the simulator can break. */
const JOB_PATTERN = (api: Api) => jobFieldPatterns(api);
/** A closed enum in a job or list item (an open one, x-open-enum, takes any value). */
const CLOSED_ENUM = (api: Api) => Object.keys(api.enums).length > 0 && jobFieldClosedEnum(api);
/** A path id with a pattern or length bound, on an operation that documents 400. */
const ID_RULES = (api: Api) =>
  api.operations.some(
    (op) =>
      op.statuses.includes(400) &&
      op.parameters.some(
        (p) =>
          p.in === 'path' &&
          (p.schema.schema.pattern !== undefined || p.schema.schema.maxLength !== undefined),
      ),
  );
const REQUEST_BODY = (api: Api) => api.operations.some((op) => op.requestBody !== undefined);
const SCOPES = (api: Api) => api.authRejection.insufficientScope !== undefined;
const lifecycle = (api: Api) => api.lifecycle?.operations ?? {};
const DELETES = (api: Api) => lifecycle(api).delete !== undefined;
const SECOND_CANCEL = (api: Api) =>
  lifecycle(api).cancel !== undefined && api.lifecycle?.secondCancel !== undefined;
const CREATES = (api: Api) => lifecycle(api).create !== undefined && api.lifecycle?.ended !== undefined;
const CREATES_AND_LISTS = (api: Api) =>
  lifecycle(api).create !== undefined && lifecycle(api).list !== undefined;
/** An operation that documents (not infers) a 400 for input that breaks its schema. */
const documents400 = (op: Api['operations'][number]) => {
  const spec = op.responses.get('400');
  return spec !== undefined && !spec.inferred;
};
const queryParams = (api: Api) =>
  api.operations.filter(documents400).flatMap((op) => op.parameters.filter((p) => p.in === 'query'));
/** A query integer on an operation that documents rejecting bad input. */
const QUERY_INTEGER = (api: Api) => queryParams(api).some((p) => p.schema.schema.type === 'integer');
/** A query enum (or a body enum) on an operation that documents rejecting bad input. */
const REQUEST_ENUM = (api: Api) =>
  queryParams(api).some((p) => Array.isArray(p.schema.schema.enum)) ||
  api.operations.some(
    (op) =>
      documents400(op) && op.requestBody !== undefined && bodyHas(api, op, (n) => Array.isArray(n.enum)),
  );
/** A body string with a maximum length on an operation that documents rejecting bad input. */
const BODY_MAX_LENGTH = (api: Api) =>
  api.operations.some(
    (op) =>
      documents400(op) &&
      op.requestBody !== undefined &&
      bodyHas(api, op, (n) => typeof n.maxLength === 'number'),
  );
/** A cancel, a get and a declared end: a cancelled job can be seen to come back. */
const CANCEL_AND_GET = (api: Api) =>
  lifecycle(api).cancel !== undefined &&
  lifecycle(api).get !== undefined &&
  api.lifecycle?.ended !== undefined;

/** True when a property of the operation's request body (its $refs followed, two levels) satisfies `test`. */
function bodyHas(
  api: Api,
  op: Api['operations'][number],
  test: (node: Record<string, unknown>) => boolean,
): boolean {
  const handle = op.requestBody?.body;
  if (!handle) return false;
  const catalogue = getCatalogue();
  const walk = (node: Record<string, unknown>, base: string, depth: number): boolean =>
    Object.values((node.properties ?? {}) as Record<string, Record<string, unknown>>).some((raw) => {
      const r = catalogue.resolveNode(raw, base);
      return test(r.node) || (depth < 1 && walk(r.node, r.base, depth + 1));
    });
  return api.operations.includes(op) && walk(handle.schema, handle.ref, 0);
}

const FILTERS = (api: Api) => api.operations.some((op) => op.filters.length > 0);
const SORT = (api: Api) => api.sort !== undefined;

/** True when a job (or list item) schema of the API declares a pattern on a string field. */
function jobFieldPatterns(api: Api): boolean {
  const seen = new Set<unknown>();
  const walk = (node: unknown, depth: number): boolean => {
    if (depth > 12 || node === null || typeof node !== 'object' || seen.has(node)) return false;
    seen.add(node);
    const n = node as Record<string, unknown>;
    if (typeof n.pattern === 'string') return true;
    return Object.entries(n).some(([k, v]) => k !== 'examples' && walk(v, depth + 1));
  };
  const roles = api.lifecycle?.operations ?? {};
  return (['list', 'get'] as const).some((role) => {
    const id = roles[role];
    const op = id ? api.operations.find((o) => o.id === id) : undefined;
    const body = op?.responses.get('200')?.body?.schema;
    return body !== undefined && walk(resolvedDeep(api, body), 0);
  });
}

/** True when a job (or list item) schema has an enum with no open branch. */
function jobFieldClosedEnum(api: Api): boolean {
  const seen = new Set<unknown>();
  const walk = (node: unknown, depth: number): boolean => {
    if (depth > 14 || node === null || typeof node !== 'object' || seen.has(node)) return false;
    seen.add(node);
    const n = node as Record<string, unknown>;
    const alts = (n.anyOf ?? n.oneOf) as unknown[] | undefined;
    const open =
      Array.isArray(alts) && alts.some((b) => (b as Record<string, unknown>)?.['x-open-enum'] === true);
    if (Array.isArray(n.enum) && n.enum.length > 1) return true;
    if (open) return false;
    return Object.entries(n).some(([k, v]) => k !== 'examples' && walk(v, depth + 1));
  };
  return api.operations.some((op) => {
    const body = op.responses.get('200')?.body?.schema;
    return body !== undefined && walk(resolvedDeep(api, body), 0);
  });
}

/** The schema with its $refs followed a few levels down (pattern lookups only). */
function resolvedDeep(api: Api, schema: Record<string, unknown>): unknown {
  const catalogue = getCatalogue();
  const base = Object.values(api.operations)
    .flatMap((op) => [...op.responses.values()])
    .find((r) => r.body?.schema === schema)?.body?.ref;
  if (!base) return schema;
  const follow = (node: unknown, at: string, depth: number): unknown => {
    if (depth > 8 || node === null || typeof node !== 'object') return node;
    if (Array.isArray(node)) return node.map((v) => follow(v, at, depth + 1));
    let n = node as Record<string, unknown>;
    let b = at;
    if (typeof n.$ref === 'string') {
      const r = catalogue.resolveNode(n, at);
      n = r.node;
      b = r.base;
    }
    return Object.fromEntries(Object.entries(n).map(([k, v]) => [k, follow(v, b, depth + 1)]));
  };
  return follow(schema, base, 0);
}

export const FAULTS = [
  // response shape
  {
    id: 'status.undocumented',
    description: 'Successful reads answer 299, a status no operation documents.',
    applies: 'all',
  },
  { id: 'content-type.wrong', description: 'JSON bodies are labelled text/plain.', applies: 'all' },
  { id: 'content-type.missing', description: 'JSON bodies carry no Content-Type header.', applies: 'all' },
  {
    id: 'envelope.success-contradicts-status',
    description: 'The success flag (x-envelope successFlag) is false on 200 and true on errors.',
    applies: SUCCESS_FLAG,
  },
  {
    id: 'envelope.errors-missing',
    description:
      'Error responses omit the errors list (x-envelope errors) or the fields an error body says things in.',
    applies: 'all',
  },
  {
    id: 'body.required-missing',
    description: 'Jobs lack a field their schema requires.',
    applies: 'all',
  },
  {
    id: 'body.enum-unknown',
    description: 'A job carries an enum value no schema knows.',
    applies: CLOSED_ENUM,
  },
  {
    id: 'body.enum-deprecated',
    description: 'A job carries an enum value the newer documents removed (a deprecated anyOf branch).',
    applies: DEPRECATED_ENUM,
  },
  { id: 'body.wrong-type', description: 'A job field has the wrong JSON type.', applies: 'all' },
  {
    id: 'body.pattern-violation',
    description: 'A job field breaks its documented pattern.',
    applies: JOB_PATTERN,
  },
  {
    id: 'headers.content-length-wrong',
    description: 'Content-Length disagrees with the body.',
    applies: 'all',
  },
  {
    id: 'headers.retry-after-missing',
    description: '429 answers carry no retry-after header.',
    applies: RETRY_AFTER,
  },
  // pagination
  {
    id: 'pagination.duplicate-item',
    description: 'The last item of each page repeats as the first of the next.',
    applies: 'all',
  },
  {
    id: 'pagination.skipped-item',
    description: 'The first item of every page after the first is dropped.',
    applies: 'all',
  },
  {
    id: 'pagination.wrong-total',
    description: 'result_info.count/total_count or X-Total-Count is off by one.',
    applies: HAS_TOTALS,
  },
  {
    id: 'pagination.size-ignored',
    description: 'per_page/limit/numResults/pageSize is ignored; a fixed page size is used.',
    applies: 'all',
  },
  {
    id: 'pagination.data-past-end',
    description: 'A page past the last returns the last page again instead of an empty result.',
    applies: PAGE_NUMBERS,
  },
  {
    id: 'pagination.cursor-repeats',
    description: 'The next cursor after the second page points back to the first.',
    applies: CURSORS,
  },
  {
    id: 'pagination.cursor-never-ends',
    description: 'The last page still returns a next cursor (to an empty page, forever).',
    applies: CURSORS,
  },
  {
    id: 'pagination.bounds-not-enforced',
    description:
      'Out-of-bounds page, per_page, limit, numResults, pageNumber are clamped instead of rejected.',
    applies: 'all',
  },
  // auth
  { id: 'auth.not-enforced', description: 'Requests without credentials are served.', applies: 'all' },
  {
    id: 'auth.wrong-credentials-accepted',
    description: 'Any credentials of the right form are accepted.',
    applies: 'all',
  },
  {
    id: 'auth.scope-not-enforced',
    description: 'DELETE succeeds with a token lacking ai.agent_manage.',
    applies: SCOPES,
  },
  // errors and input
  {
    id: 'error.wrong-shape',
    description: 'Error bodies are {"error": "..."} instead of the documented shape.',
    applies: 'all',
  },
  {
    id: 'input.id-not-validated',
    description: 'Malformed ids (pattern, 65 chars) are served as if valid.',
    applies: ID_RULES,
  },
  {
    id: 'input.malformed-body-accepted',
    description: 'A request body that is not valid JSON or breaks its schema is accepted.',
    applies: REQUEST_BODY,
  },
  {
    id: 'input.unknown-id-found',
    description: 'An unknown job id answers 200 with a made-up job.',
    applies: 'all',
  },
  // inputs only generated requests find (src/checks/generated/; src/simulators/generic/input-faults.ts)
  {
    id: 'input.fraction-accepted',
    description:
      'A query integer with a fraction (per_page=1.5) is read as its whole part instead of rejected.',
    applies: QUERY_INTEGER,
  },
  {
    id: 'input.enum-case-ignored',
    description:
      'An enum value in another case or with spaces (state=RUNNING, order=" asc") is read as the documented value instead of rejected.',
    applies: REQUEST_ENUM,
  },
  {
    id: 'input.overlong-string-accepted',
    description:
      'A body string past its maximum length (a 256-character description) is cut to the maximum instead of rejected.',
    applies: BODY_MAX_LENGTH,
  },
  {
    id: 'lifecycle.cancelled-resumes',
    description:
      'After a cancel, the next read shows the job as it is, and every later read shows it running again.',
    applies: CANCEL_AND_GET,
  },
  // lifecycle and consistency
  {
    id: 'lifecycle.delete-not-deleting',
    description: 'DELETE answers 204 but the job stays.',
    applies: DELETES,
  },
  {
    id: 'lifecycle.cancel-ended-accepted',
    description: 'Cancelling an ended job answers 200.',
    applies: SECOND_CANCEL,
  },
  { id: 'lifecycle.never-ends', description: 'Created jobs never reach an ended state.', applies: CREATES },
  {
    id: 'lifecycle.created-not-listed',
    description: 'A created job is missing from the list.',
    applies: CREATES_AND_LISTS,
  },
  {
    id: 'consistency.get-disagrees',
    description: 'GET one returns a job that differs from the same job in the list.',
    applies: 'all',
  },
  {
    id: 'consistency.same-jobs-apart',
    description:
      "The jobs an API shares with another (x-lifecycle sameJobsAs) are kept apart: a job of one is not found at the other's paths.",
    applies: (api) => api.lifecycle?.sameJobsAs !== undefined,
  },
  {
    id: 'filter.non-matching',
    description: 'Filters (state, corpus, time, q) let non-matching jobs through.',
    applies: FILTERS,
  },
  { id: 'sort.ignored', description: 'The sort parameter is ignored.', applies: SORT },
  // transport
  {
    id: 'transport.slow',
    description: 'Every response is delayed past the client timeout (default 3 s).',
    applies: 'all',
  },
  {
    id: 'transport.drip',
    description: 'Bodies are sent a few bytes at a time, slower than the request timeout allows.',
    applies: 'all',
  },
  {
    id: 'transport.reset-mid-body',
    description: 'The connection is reset halfway through the body.',
    applies: 'all',
  },
  {
    id: 'transport.invalid-json',
    description: 'JSON bodies are cut into invalid JSON with a correct Content-Length.',
    applies: 'all',
  },
  {
    id: 'transport.html-error-page',
    description: 'Every request answers 502 with an HTML page.',
    applies: 'all',
  },
  {
    id: 'transport.truncated-body',
    description: 'Content-Length promises more than is sent; the connection then closes.',
    applies: 'all',
  },
  {
    id: 'transport.oversized-body',
    description: 'Bodies are padded past the client size cap (default 8 MiB).',
    applies: 'all',
  },
  { id: 'transport.redirect-loop', description: 'Every request is redirected to itself.', applies: 'all' },
  {
    id: 'transport.429-storm',
    description: 'Every request answers 429 with retry-after: 1.',
    applies: 'all',
  },
  {
    id: 'transport.503-burst',
    description: 'The first 5 requests of each route answer 503, then service resumes.',
    applies: 'all',
  },
  // hostile bodies (src/simulators/hostile-bodies.ts): every JSON response of every API
  {
    id: 'transport.deep-nesting',
    description: 'JSON bodies are wrapped in 200,000 levels of arrays.',
    applies: 'all',
  },
  {
    id: 'transport.huge-body',
    description: 'JSON bodies are followed by 200 MB of spaces, streamed (chunked, no Content-Length).',
    applies: 'all',
  },
  {
    id: 'transport.invalid-utf8',
    description: 'A JSON string in each body carries bytes that are not UTF-8.',
    applies: 'all',
  },
  {
    id: 'transport.gzip-bomb',
    description:
      'JSON bodies come gzip-encoded (not asked for) and decode to the body followed by 300 MB of spaces.',
    applies: 'all',
  },
  { id: 'transport.huge-header', description: 'JSON responses carry a 60 KB header.', applies: 'all' },
  { id: 'transport.null-body', description: 'JSON bodies are the literal null.', applies: 'all' },
  { id: 'transport.array-body', description: 'JSON bodies are wrapped in a one-item array.', applies: 'all' },
  {
    id: 'transport.content-length-invalid',
    description: 'Content-Length is not a number (headers.content-length-wrong sends one byte short).',
    applies: 'all',
  },
  {
    id: 'transport.body-never-ends',
    description: 'Headers and half the body are sent, then nothing more; the connection never closes.',
    applies: 'all',
  },
  {
    id: 'transport.no-headers',
    description: 'Requests are read and never answered; the connection stays open.',
    applies: 'all',
  },
] as const satisfies readonly FaultSpec[];

export type FaultId = (typeof FAULTS)[number]['id'];
export const FAULT_IDS: readonly FaultId[] = FAULTS.map((f) => f.id);

export function isFaultId(value: string): value is FaultId {
  return (FAULT_IDS as readonly string[]).includes(value);
}

/** True when the fault fits what the API declares (an id is looked up in the default catalogue). */
export function faultApplies(id: FaultId, api: Api | ApiId): boolean {
  const spec: FaultSpec | undefined = FAULTS.find((f) => f.id === id);
  if (spec === undefined) return false;
  if (spec.applies === 'all') return true;
  return spec.applies(typeof api === 'string' ? getCatalogue().api(api) : api);
}
