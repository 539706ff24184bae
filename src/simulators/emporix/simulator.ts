/**
 * The Emporix AI Service jobs simulator: `/oauth/token`, then list, search, get and delete under
 * `/ai-service/{tenant}/jobs`. Reads need the scopes the catalogue gives the read operations,
 * DELETE the ones it gives deleteJob; 401 answers the `fault` body, 400/403/404 `ErrorMessage`.
 */
import type { ApiId, Operation } from '../../catalogue/index.ts';
import { NON_MATCHING_EVERY, otherEnumValue, rewritesJob, UNDOCUMENTED_ENUM_VALUE } from '../body-faults.ts';
import type { ApiSimulator, SimContext, SimRequest, SimResponse } from '../core.ts';
import { SEED_EPOCH_MS } from '../data.ts';
import { deprecatedEnumValues, enumValues, parameter, parameterError } from '../facts.ts';
import type { FaultId } from '../faults.ts';
import { estimate, type OpenReadings } from '../open-readings.ts';
import { pageWindow } from '../paging.ts';
import { type EmporixJob, seedEmporixJobs } from './data.ts';
import { type IssuedToken, scopesOf, TokenStore } from './oauth.ts';
import { parseQuery, QuerySyntaxError } from './query.ts';
import { parseSort, SortSyntaxError } from './sort.ts';
import { JobStore } from './store.ts';

const API: ApiId = 'emporix-ai-service';

/** Page size when pageSize is absent; the provider documents none. */
export const DEFAULT_PAGE_SIZE = 20;

const ERROR_TYPE: Record<number, string> = {
  400: 'bad_request',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  429: 'too_many_requests',
  500: 'internal_server_error',
  503: 'service_unavailable',
};

const JOBS_PATH = /^\/ai-service\/([^/]+)\/jobs(?:\/([^/]+))?$/;

interface Detail {
  field: string;
  type: string;
  message: string;
}

/** `readings`: how the simulator reads what the documents leave open (open-readings.ts); defaults: the clean simulator. */
export function createEmporixSimulator(ctx: SimContext, readings: OpenReadings = {}): ApiSimulator {
  const api = ctx.catalogue.api(API);
  const ops = {
    list: api.operation('listJobs'),
    search: api.operation('searchJobs'),
    get: api.operation('getJob'),
    delete: api.operation('deleteJob'),
  };
  const sortPattern = parameter(ops.list, 'sort').schema.schema.pattern as string;
  const statuses = enumValues(api, 'JobStatus');
  const deprecatedAgentType = deprecatedEnumValues(api, 'AgentType')[0];
  const scopes = scopesOf(api);
  const store = new JobStore(seedEmporixJobs(api, ctx.jobs, ctx.rng('emporix-jobs'), SEED_EPOCH_MS));
  const tokens = new TokenStore(
    [
      {
        clientId: ctx.credentials.clientId as string,
        clientSecret: ctx.credentials.clientSecret as string,
        scopes: scopes.all,
      },
      {
        clientId: ctx.credentials.readOnlyClientId as string,
        clientSecret: ctx.credentials.readOnlyClientSecret as string,
        scopes: scopes.read,
      },
    ],
    api.securitySchemes.OAuth2?.scopes ?? scopes.all,
    ctx.rng('emporix-tokens'),
    ctx.now,
  );
  const has = (id: FaultId) => ctx.hasFault(id, API);

  function errorMessage(
    status: number,
    message: string,
    operation?: Operation,
    details?: Detail[],
  ): SimResponse {
    let json: unknown;
    if (status === 401) {
      json = { fault: { faultstring: message, detail: { errorcode: 'oauth.v2.InvalidAccessToken' } } };
    } else {
      json = { code: status, type: ERROR_TYPE[status] ?? 'error', message, ...(details ? { details } : {}) };
    }
    if (has('envelope.errors-missing')) json = {};
    if (has('error.wrong-shape')) json = { error: message };
    return { status, json, api: API, operation };
  }

  const badRequest = (operation: Operation, field: string, message: string) =>
    errorMessage(400, message, operation, [{ field, type: 'invalid', message }]);

  /** 401 for a missing or unknown token, 403 when it lacks the operation's scopes; else undefined. */
  function authorize(req: SimRequest, operation: Operation, tenant: string): SimResponse | undefined {
    const bearer = req.headers.authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    let token: IssuedToken | undefined;
    if (bearer === undefined) {
      if (!has('auth.not-enforced')) return errorMessage(401, 'Invalid access token', operation);
    } else {
      const found = tokens.lookup(bearer);
      if (found === 'expired' && !has('auth.wrong-credentials-accepted'))
        return errorMessage(401, 'Access token expired', operation);
      if (found === undefined && !has('auth.wrong-credentials-accepted'))
        return errorMessage(401, 'Invalid access token', operation);
      if (found !== undefined && found !== 'expired') token = found;
    }
    if (token && !has('auth.scope-not-enforced')) {
      const needed = operation.security.flatMap((alt) => Object.values(alt.schemes).flat());
      const missing = needed.filter((s) => !token.scopes.has(s));
      if (missing.length > 0)
        return errorMessage(403, `Access token lacks scope(s): ${missing.join(', ')}`, operation);
    }
    if (tenant !== ctx.credentials.tenant && !has('auth.wrong-credentials-accepted'))
      return errorMessage(403, `Access token is not valid for tenant '${tenant}'`, operation);
    return undefined;
  }

  function render(job: EmporixJob, single: boolean): EmporixJob {
    const faulty = rewritesJob(has, single);
    if (!faulty) return job;
    const out: Record<string, unknown> = { ...job, metadata: { ...job.metadata } };
    const metadata = out.metadata as Record<string, unknown>;
    if (has('body.required-missing')) delete metadata.version;
    if (has('body.wrong-type') && 'version' in metadata) metadata.version = String(metadata.version);
    if (has('body.enum-unknown')) out.status = UNDOCUMENTED_ENUM_VALUE;
    if (has('body.enum-deprecated') && deprecatedAgentType) out.agentType = deprecatedAgentType;
    if (single && has('consistency.get-disagrees')) out.status = otherEnumValue(statuses, job.status);
    return out as unknown as EmporixJob;
  }

  function readFields(req: SimRequest): string[][] | undefined {
    const raw = req.query.get('fields');
    if (!raw) return undefined;
    const paths = raw
      .split(',')
      .map((f) => f.trim())
      .filter((f) => f !== '')
      .map((f) => f.split('.'));
    return paths.length > 0 ? paths : undefined;
  }

  /** The job restricted to `fields` (dotted paths); an array on the way is copied whole. */
  function project(job: EmporixJob, fields: string[][] | undefined): unknown {
    if (!fields) return job;
    const out: Record<string, unknown> = {};
    for (const path of fields) {
      let from: unknown = job;
      let into = out;
      for (const [depth, segment] of path.entries()) {
        if (from === null || typeof from !== 'object') break;
        const value = (from as Record<string, unknown>)[segment];
        if (value === undefined) break;
        if (
          depth === path.length - 1 ||
          Array.isArray(value) ||
          value === null ||
          typeof value !== 'object'
        ) {
          into[segment] = value;
          break;
        }
        into[segment] = (into[segment] as Record<string, unknown> | undefined) ?? {};
        into = into[segment] as Record<string, unknown>;
        from = value;
      }
    }
    return out;
  }

  /** pageNumber or pageSize: a positive integer by the catalogue's pattern; clamped under the fault. */
  function readPageParam(
    req: SimRequest,
    operation: Operation,
    name: string,
    fallback: number,
  ): { ok: true; value: number } | { ok: false; response: SimResponse } {
    const raw = req.query.get(name);
    if (raw === null) return { ok: true, value: fallback };
    const problem = parameterError(parameter(operation, name, 'query'), raw);
    if (!problem) return { ok: true, value: Number(raw) };
    if (has('pagination.bounds-not-enforced') && /^\s*-?\d+\s*$/.test(raw)) return { ok: true, value: 1 };
    return {
      ok: false,
      response: badRequest(operation, name, `${name} must be a positive integer (got '${raw}')`),
    };
  }

  function listOrSearch(req: SimRequest, operation: Operation, q: string): SimResponse {
    const page = readPageParam(req, operation, 'pageNumber', operation.pagination?.firstPage ?? 1);
    if (!page.ok) return page.response;
    const size = readPageParam(req, operation, 'pageSize', DEFAULT_PAGE_SIZE);
    if (!size.ok) return size.response;
    const totalHeader = req.headers['x-total-count'];
    let wantTotal = false;
    if (totalHeader !== undefined) {
      const value = /^(true|false)$/i.test(totalHeader.trim())
        ? totalHeader.trim().toLowerCase() === 'true'
        : totalHeader;
      const problem = parameterError(parameter(operation, 'X-Total-Count', 'header'), value);
      if (problem) return badRequest(operation, 'X-Total-Count', `header ${problem}`);
      wantTotal = value === true;
    }
    const sortText = req.query.get('sort') ?? '';
    let sort: ReturnType<typeof parseSort> | undefined;
    let query: ReturnType<typeof parseQuery> | undefined;
    try {
      if (sortText !== '') sort = parseSort(sortText, sortPattern);
      const unsortable = sort?.find(
        (k) => readings.sortableFields && !readings.sortableFields.includes(k.field),
      );
      if (unsortable) throw new SortSyntaxError(`field '${unsortable.field}' is not sortable`);
      if (q.trim() !== '') query = parseQuery(q);
    } catch (e) {
      if (e instanceof SortSyntaxError) return badRequest(operation, 'sort', e.message);
      if (e instanceof QuerySyntaxError) return badRequest(operation, 'q', e.message);
      throw e;
    }
    const nonMatching = has('filter.non-matching') && query !== undefined;
    const sortIgnored = has('sort.ignored');
    const selected = store.select({
      query,
      sort: sortIgnored ? undefined : sort,
      key: `${q}\u0000${sortIgnored ? '' : sortText}\u0000${nonMatching ? 'leaky' : ''}`,
      passes: nonMatching ? (i) => i % NON_MATCHING_EVERY === NON_MATCHING_EVERY - 1 : undefined,
    });
    const pageSize = has('pagination.size-ignored') ? DEFAULT_PAGE_SIZE : size.value;
    const window = pageWindow(selected.length, page.value, pageSize, {
      duplicateItem: has('pagination.duplicate-item'),
      skippedItem: has('pagination.skipped-item'),
      dataPastEnd: has('pagination.data-past-end'),
    });
    if (readings.pastEnd === 'error' && window.start === window.end && page.value > 1)
      return badRequest(operation, 'pageNumber', `page ${page.value} is past the last page`);
    const fields = readFields(req);
    const items = new Array<unknown>(window.end - window.start);
    for (let i = window.start; i < window.end; i++) {
      items[i - window.start] = project(
        render(store.jobs[selected[i] as number] as EmporixJob, false),
        fields,
      );
    }
    const headers: Record<string, string> = {};
    if (wantTotal)
      headers['x-total-count'] = String(
        readings.estimatedTotals
          ? estimate(selected.length)
          : selected.length + (has('pagination.wrong-total') ? 1 : 0),
      );
    return { status: 200, json: items, headers, api: API, operation };
  }

  function search(req: SimRequest): SimResponse {
    const lenient = has('input.malformed-body-accepted');
    let body: Record<string, unknown> = {};
    if (req.jsonError !== undefined) {
      if (!lenient) return badRequest(ops.search, 'body', `request body is not valid JSON: ${req.jsonError}`);
    } else if (req.json !== undefined) {
      if (req.json === null || typeof req.json !== 'object' || Array.isArray(req.json)) {
        if (!lenient) return badRequest(ops.search, 'body', 'request body must be a JSON object');
      } else body = { ...(req.json as Record<string, unknown>) };
    }
    const validate = ops.search.requestBody?.body.validate;
    if (validate && !validate(body)) {
      const first = validate.errors?.[0];
      const field =
        (first?.params as { additionalProperty?: string } | undefined)?.additionalProperty ??
        first?.instancePath.split('/')[1] ??
        'body';
      if (!lenient)
        return badRequest(ops.search, field, `request body: ${field} ${first?.message ?? 'is invalid'}`);
      // input.malformed-body-accepted: serve as if the body were empty.
      body = {};
    }
    return listOrSearch(req, ops.search, typeof body.q === 'string' ? body.q : '');
  }

  function getJob(req: SimRequest, jobId: string): SimResponse {
    const job = store.get(jobId);
    if (!job) {
      if (has('input.unknown-id-found'))
        return { status: 200, json: madeUpJob(jobId), api: API, operation: ops.get };
      return errorMessage(404, `Job with id '${jobId}' not found`, ops.get);
    }
    return { status: 200, json: project(render(job, true), readFields(req)), api: API, operation: ops.get };
  }

  function deleteJob(jobId: string): SimResponse {
    // Job ids never hold whitespace: such an id is "syntactically incorrect" (the documented 400).
    if (/\s/.test(jobId)) return badRequest(ops.delete, 'jobId', `jobId '${jobId}' is not a valid id`);
    const exists = store.get(jobId) !== undefined;
    if (!exists) return errorMessage(404, `Job with id '${jobId}' not found`, ops.delete);
    if (!has('lifecycle.delete-not-deleting')) store.delete(jobId);
    return { status: 204, api: API, operation: ops.delete };
  }

  function madeUpJob(id: string): EmporixJob {
    const at = new Date(ctx.now()).toISOString();
    return {
      id,
      agentType: enumValues(api, 'AgentType')[0] as string,
      status: statuses[0] as string,
      type: enumValues(api, 'JobType')[0] as string,
      metadata: { version: 1, createdAt: at, modifiedAt: at },
    };
  }

  function token(req: SimRequest): SimResponse {
    const oauthError = (status: number, error: string, description: string): SimResponse => ({
      status,
      json: { error, error_description: description },
      api: API,
    });
    if (req.method !== 'POST') return oauthError(405, 'invalid_request', 'use POST');
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded')
      return oauthError(400, 'invalid_request', 'the body must be application/x-www-form-urlencoded');
    const result = tokens.request(new URLSearchParams(req.rawBody), req.headers.authorization);
    if (!result.ok) return oauthError(result.status, result.error, result.description);
    return { status: 200, json: result.body, headers: { 'cache-control': 'no-store' }, api: API };
  }

  function handle(req: SimRequest): SimResponse {
    if (req.path === '/oauth/token') return token(req);
    const match = JOBS_PATH.exec(req.path);
    if (!match) return errorMessage(404, `No route for ${req.method} ${req.path}`);
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    };
    const tenant = decode(match[1] as string);
    const rest = match[2] === undefined ? undefined : decode(match[2]);
    let operation: Operation | undefined;
    if (rest === undefined) operation = req.method === 'GET' ? ops.list : undefined;
    else if (rest === 'search' && req.method === 'POST') operation = ops.search;
    else if (req.method === 'GET') operation = ops.get;
    else if (req.method === 'DELETE') operation = ops.delete;
    if (!operation) return errorMessage(405, `${req.method} is not allowed on ${req.path}`);
    const denied = authorize(req, operation, tenant);
    if (denied) return denied;
    if (operation === ops.list) return listOrSearch(req, ops.list, req.query.get('q') ?? '');
    if (operation === ops.search) return search(req);
    if (operation === ops.get) return getJob(req, rest as string);
    return deleteJob(rest as string);
  }

  return {
    handle,
    errorResponse(req, status, message) {
      if (req.path === '/oauth/token')
        return { status, json: { error: 'server_error', error_description: message }, api: API };
      return errorMessage(status, message);
    },
    reset() {
      store.restore();
      tokens.clear();
    },
    advanceJobs: () => 0,
    providerStates: {
      'jobs exist': () => ({ count: store.select({ key: '' }).length }),
      'a job exists': () => {
        const first = store.select({ key: '' })[0];
        return { jobId: first === undefined ? undefined : store.jobs[first]?.id };
      },
      'no job exists with the id': () => ({ jobId: 'does-not-exist' }),
      'no jobs': 'unsupported',
      'a running job exists': 'unsupported',
      'an ended job exists': 'unsupported',
      'a job was just created': 'unsupported',
      'no job was created recently': 'unsupported',
      'an access token exists': (params) => {
        const asked =
          typeof params.scope === 'string' ? params.scope.split(/\s+/).filter(Boolean) : scopes.all;
        return { access_token: tokens.issue(ctx.credentials.clientId as string, asked).token };
      },
    },
    target(apiId, baseUrl) {
      return {
        api: apiId,
        baseUrl,
        pathParams: { tenant: ctx.credentials.tenant as string },
        credentials: {
          kind: 'schemes',
          schemes: {
            OAuth2: {
              clientId: ctx.credentials.clientId as string,
              clientSecret: ctx.credentials.clientSecret as string,
            },
          },
          readOnly: {
            OAuth2: {
              clientId: ctx.credentials.readOnlyClientId as string,
              clientSecret: ctx.credentials.readOnlyClientSecret as string,
            },
          },
        },
        live: false,
      };
    },
  };
}
