/**
 * The Cloudflare AI Search jobs simulator: both surfaces (instance and namespaced) on one server, as
 * at the real provider. Routes, parameters, bounds, statuses and messages come from the catalogue;
 * what is Cloudflare's own (envelope, auth, cooldown, logs) lives in this folder.
 *
 * Order of a request: route → auth → rate limit → account → namespace → instance id → operation.
 */
import type { Api, ApiId, Operation } from '../../catalogue/index.ts';
import type { ApiSimulator, SimContext, SimRequest, SimResponse } from '../core.ts';
import { isoTimestamp } from '../data.ts';
import { documents, enumValues, integerBounds, parameter, parameterError, response } from '../facts.ts';
import { DEFERRED_CANCEL_MS, estimate, type OpenReadings } from '../open-readings.ts';
import { pageWindow, readInteger } from '../paging.ts';
import type { ProviderStates } from '../provider-states.ts';
import { authenticate, RateLimiter, typicalRejection } from './auth.ts';
import { type CloudflareError, CODES, failure, success } from './envelope.ts';
import { JobStore, type StoredJob } from './store.ts';

export const CLOUDFLARE_APIS = ['cloudflare-ai-search', 'cloudflare-ai-search-namespaced'] as const;

/** A value no JobSource enum holds (body.enum-unknown). */
const UNKNOWN_SOURCE = 'unlisted';

interface Route {
  api: Api;
  op: Operation;
  regex: RegExp;
  names: string[];
}

interface Match {
  route: Route;
  params: Record<string, string>;
}

function compileRoute(api: Api, op: Operation): Route {
  const names: string[] = [];
  const pattern = op.path
    .split('/')
    .map((segment) => {
      const param = /^\{(.+)\}$/.exec(segment);
      if (param) {
        names.push(param[1] as string);
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { api, op, regex: new RegExp(`^${pattern}/?$`), names };
}

/** The documented message for a status: x-error-message, else the response description. */
function messageFor(op: Operation, status: number): string {
  const spec = response(op, status);
  return spec.errorMessage ?? spec.description;
}

/** Ajv error → the Cloudflare error `path` of the offending input. */
function errorPath(error: { instancePath: string; params: Record<string, unknown> }): string[] {
  const path = error.instancePath.split('/').filter((s) => s !== '');
  const extra = error.params.additionalProperty ?? error.params.missingProperty;
  return typeof extra === 'string' ? [...path, extra] : path;
}

/** `readings`: how the simulator reads what the documents leave open (open-readings.ts); defaults: the clean simulator. */
export function createCloudflareSimulator(ctx: SimContext, readings: OpenReadings = {}): ApiSimulator {
  const apis = CLOUDFLARE_APIS.map((id) => ctx.catalogue.api(id));
  const routes = apis.flatMap((api) => api.operations.map((op) => compileRoute(api, op)));
  const sources = enumValues(apis[0] as Api, 'JobSource');
  /** A job created through the API is the user's; seeded jobs spread over every source. */
  const createdSource = sources.includes('user') ? 'user' : (sources[0] as string);
  const creds = ctx.credentials;
  // Stores are built on first use: an API that is never asked for costs nothing, even at 100k jobs.
  const stores = new Map<string, JobStore>();
  const storeKey = (api: ApiId, instance: string) => `${api} ${instance}`;
  function storeOf(api: ApiId, instance: string): JobStore | undefined {
    const key = storeKey(api, instance);
    let store = stores.get(key);
    if (store) return store;
    if (instance === creds.instance)
      store = new JobStore({ seed: ctx.seed, stream: `${api}:main`, jobs: ctx.jobs, sources });
    else if (instance === creds.idle_instance)
      store = new JobStore({ seed: ctx.seed, stream: `${api}:idle`, jobs: 0, sources });
    if (store) stores.set(key, store);
    return store;
  }
  const limiter = ctx.rateLimit ? new RateLimiter(ctx.rateLimit) : undefined;

  function wire(job: StoredJob): Record<string, unknown> {
    const out: Record<string, unknown> = { id: job.id, source: job.source };
    if (job.description !== undefined) out.description = job.description;
    if (job.endReason !== undefined) out.end_reason = job.endReason;
    // Timestamps are formatted once per job: a page of 50 stays a few microseconds.
    if (job.endedMs !== undefined) out.ended_at = job.endedIso ??= isoTimestamp(job.endedMs);
    out.last_seen_at = job.endedIso ?? isoTimestamp(Math.max(job.startedMs, ctx.now()));
    out.started_at = job.startedIso ??= isoTimestamp(job.startedMs);
    return out;
  }

  /** The body faults (required field, enum, type) applied to the jobs of one response. */
  function presentJobs(api: ApiId, jobs: Record<string, unknown>[]): Record<string, unknown>[] {
    if (ctx.hasFault('body.required-missing', api)) for (const job of jobs) delete job.source;
    const first = jobs[0];
    if (first) {
      if (ctx.hasFault('body.enum-unknown', api)) first.source = UNKNOWN_SOURCE;
      if (ctx.hasFault('body.wrong-type', api)) first.started_at = Date.parse(String(first.started_at));
    }
    return jobs;
  }

  function validationError(api: ApiId, errors: CloudflareError[]): SimResponse {
    return failure(ctx, api, 400, errors);
  }

  function notFound(api: ApiId, op: Operation): SimResponse {
    return failure(ctx, api, 404, [{ code: CODES.notFound, message: messageFor(op, 404) }]);
  }

  /** page and per_page from the query, bounds read from the operation's parameter schemas. */
  function readPaging(
    api: ApiId,
    op: Operation,
    query: URLSearchParams,
  ): { ok: true; page: number; perPage: number } | { ok: false; response: SimResponse } {
    const clamp = ctx.hasFault('pagination.bounds-not-enforced', api);
    const page = readInteger(query.get('page'), 'page', integerBounds(op, 'page'), clamp, 1);
    if (!page.ok)
      return {
        ok: false,
        response: validationError(api, [{ code: CODES.validation, message: page.message, path: ['page'] }]),
      };
    const perPage = readInteger(query.get('per_page'), 'per_page', integerBounds(op, 'per_page'), clamp);
    if (!perPage.ok)
      return {
        ok: false,
        response: validationError(api, [
          { code: CODES.validation, message: perPage.message, path: ['per_page'] },
        ]),
      };
    return { ok: true, page: page.value, perPage: perPage.value };
  }

  /** One page of `total` items, pagination faults applied; items(start, end) builds the slice. */
  function pageOf<T>(
    api: ApiId,
    op: Operation,
    query: URLSearchParams,
    total: number,
    items: (start: number, end: number) => T[],
    present: (items: T[]) => unknown[],
  ): SimResponse {
    const paging = readPaging(api, op, query);
    if (!paging.ok) return paging.response;
    const { page, perPage } = paging;
    const size = ctx.hasFault('pagination.size-ignored', api)
      ? (integerBounds(op, 'per_page').default ?? perPage)
      : perPage;
    const window = pageWindow(total, page, size, {
      duplicateItem: ctx.hasFault('pagination.duplicate-item', api),
      skippedItem: ctx.hasFault('pagination.skipped-item', api),
      dataPastEnd: ctx.hasFault('pagination.data-past-end', api),
    });
    const result = present(items(window.start, window.end));
    const offBy = ctx.hasFault('pagination.wrong-total', api) ? 1 : 0;
    const resultInfo = { count: result.length + offBy, page, per_page: perPage, total_count: total + offBy };
    // Open reading: count read as the total, and the total an estimate.
    if (readings.estimatedTotals) resultInfo.count = resultInfo.total_count = estimate(total);
    return { status: 200, api, operation: op, json: success(ctx, api, result, { result_info: resultInfo }) };
  }

  function listJobs(api: ApiId, op: Operation, store: JobStore, req: SimRequest): SimResponse {
    const offset = ctx.hasFault('lifecycle.created-not-listed', api) ? store.createdCount : 0;
    const last = store.jobs.length - 1;
    return pageOf(
      api,
      op,
      req.query,
      store.jobs.length - offset,
      readings.listOrder === 'oldest-first'
        ? (start, end) => {
            const jobs = [];
            for (let i = start; i < end; i++) jobs.push(wire(store.jobs[last - i] as StoredJob));
            return jobs;
          }
        : (start, end) => store.jobs.slice(offset + start, offset + end).map(wire),
      (jobs) => presentJobs(api, jobs),
    );
  }

  /** A request body against the operation's schema: undefined when valid, else the 400. */
  function bodyError(api: ApiId, op: Operation, req: SimRequest): SimResponse | undefined {
    if (ctx.hasFault('input.malformed-body-accepted', api)) return undefined;
    const spec = op.requestBody;
    if (!spec) return undefined;
    if (req.jsonError !== undefined)
      return validationError(api, [
        { code: CODES.validation, message: `Malformed JSON in request body: ${req.jsonError}`, path: [] },
      ]);
    if (req.json === undefined) {
      if (!spec.required) return undefined;
      return validationError(api, [
        { code: CODES.validation, message: 'Request body is required', path: [] },
      ]);
    }
    if (spec.body.validate(req.json)) return undefined;
    const errors = (spec.body.validate.errors ?? []).map((e) => ({
      code: CODES.validation,
      message: `${errorPath(e as { instancePath: string; params: Record<string, unknown> }).join('.') || 'body'} ${e.message ?? 'is invalid'}${Array.isArray(e.params.allowedValues) ? `: ${e.params.allowedValues.join(', ')}` : ''}`,
      path: errorPath(e as { instancePath: string; params: Record<string, unknown> }),
    }));
    return validationError(api, errors);
  }

  function createJob(api: ApiId, op: Operation, store: JobStore, req: SimRequest): SimResponse {
    const invalid = bodyError(api, op, req);
    if (invalid) return invalid;
    const now = ctx.now();
    if (store.lastCreateMs !== undefined && now - store.lastCreateMs < ctx.cooldownMs) {
      const headers: Record<string, string> = {};
      if (!ctx.hasFault('headers.retry-after-missing', api))
        headers['retry-after'] = String(
          Math.max(1, Math.ceil((store.lastCreateMs + ctx.cooldownMs - now) / 1000)),
        );
      return failure(ctx, api, 429, [{ code: CODES.cooldown, message: messageFor(op, 429) }], headers);
    }
    const raw = (req.json as { description?: unknown } | undefined)?.description;
    // With input.malformed-body-accepted an over-long description is cut, so only the input rule breaks.
    const description = typeof raw === 'string' ? raw.slice(0, 255) : undefined;
    const duration = ctx.hasFault('lifecycle.never-ends', api) ? undefined : ctx.jobDurationMs;
    const job = store.create(now, createdSource, duration, description);
    return { status: 200, api, operation: op, json: success(ctx, api, presentJobs(api, [wire(job)])[0]) };
  }

  function getJob(api: ApiId, op: Operation, store: JobStore, jobId: string): SimResponse {
    const job = store.get(jobId);
    let body: Record<string, unknown>;
    if (job) body = wire(job);
    else if (ctx.hasFault('input.unknown-id-found', api))
      body = { id: jobId, source: createdSource, started_at: isoTimestamp(ctx.now()) };
    else return notFound(api, op);
    if (ctx.hasFault('consistency.get-disagrees', api))
      body.source = sources.find((s) => s !== body.source) ?? `${String(body.source)}-changed`;
    return { status: 200, api, operation: op, json: success(ctx, api, presentJobs(api, [body])[0]) };
  }

  function cancelJob(
    api: ApiId,
    op: Operation,
    store: JobStore,
    jobId: string,
    req: SimRequest,
  ): SimResponse {
    const invalid = bodyError(api, op, req);
    if (invalid) return invalid;
    const job = store.get(jobId);
    if (!job) return notFound(api, op);
    if (job.endedMs !== undefined) {
      if (!ctx.hasFault('lifecycle.cancel-ended-accepted', api))
        return failure(ctx, api, 400, [{ code: CODES.cannotCancel, message: messageFor(op, 400) }]);
    } else if (readings.cancel === 'deferred') store.cancelLater(job, ctx.now() + DEFERRED_CANCEL_MS);
    else store.cancel(job, ctx.now());
    return { status: 200, api, operation: op, json: success(ctx, api, presentJobs(api, [wire(job)])[0]) };
  }

  function listJobLogs(
    api: ApiId,
    op: Operation,
    store: JobStore,
    jobId: string,
    req: SimRequest,
  ): SimResponse {
    const job = store.get(jobId);
    if (!job && readings.unknownJobLogs === 'empty')
      return pageOf(
        api,
        op,
        req.query,
        0,
        () => [],
        (logs) => logs,
      );
    if (!job) return notFound(api, op);
    return pageOf(
      api,
      op,
      req.query,
      job.logCount,
      (start, end) => {
        const logs = [];
        for (let i = start; i < end; i++) logs.push(store.log(job, i));
        return logs;
      },
      (logs) => logs,
    );
  }

  function match(req: SimRequest): Match | 'wrong-method' | undefined {
    let pathMatched = false;
    for (const route of routes) {
      const m = route.regex.exec(req.path);
      if (!m) continue;
      pathMatched = true;
      if (route.op.method !== req.method) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1] ?? '');
      });
      return { route, params };
    }
    return pathMatched ? 'wrong-method' : undefined;
  }

  function apiOfPath(path: string): ApiId {
    return path.includes('/namespaces/') ? 'cloudflare-ai-search-namespaced' : 'cloudflare-ai-search';
  }

  function tick(): void {
    const now = ctx.now();
    for (const store of stores.values()) store.tick(now);
  }

  function handle(req: SimRequest): SimResponse {
    const found = match(req);
    if (found === undefined || found === 'wrong-method') {
      const api = apiOfPath(req.path);
      return found === undefined
        ? failure(ctx, api, 404, [
            {
              code: CODES.noRoute,
              message: `Could not route to ${req.path}, perhaps your object identifier is invalid?`,
            },
          ])
        : failure(ctx, api, 405, [
            { code: CODES.methodNotAllowed, message: `Method ${req.method} not allowed` },
          ]);
    }
    const { route, params } = found;
    const { api: apiSpec, op } = route;
    const api = apiSpec.id;
    const withOp = (res: SimResponse): SimResponse => ({ ...res, api, operation: op });

    const auth = authenticate(ctx, apiSpec, req.headers);
    if (!auth.ok) return withOp(auth.response);
    let limitHeaders: Record<string, string> | undefined;
    if (limiter) {
      const decision = limiter.check(auth.identity, ctx.now());
      limitHeaders = decision.headers;
      if (decision.limited) {
        const headers = { ...decision.headers };
        if (ctx.hasFault('headers.retry-after-missing', api)) delete headers['retry-after'];
        return withOp(
          failure(
            ctx,
            api,
            429,
            [
              {
                code: CODES.rateLimited,
                message: 'Rate limited. Please wait and consider throttling your request speed',
              },
            ],
            headers,
          ),
        );
      }
    }
    const answer = withOp(serveOperation(api, apiSpec, op, params, req));
    return limitHeaders ? { ...answer, headers: { ...limitHeaders, ...answer.headers } } : answer;
  }

  function serveOperation(
    api: ApiId,
    apiSpec: Api,
    op: Operation,
    params: Record<string, string>,
    req: SimRequest,
  ): SimResponse {
    if (params.account_id !== creds.account_id) {
      const typical = typicalRejection(apiSpec);
      return failure(ctx, api, typical.status, [{ code: typical.code, message: typical.message }]);
    }
    if (params.name !== undefined && params.name !== creds.namespace) return notFound(api, op);
    let instance = params.id ?? '';
    const idError = parameterError(parameter(op, 'id', 'path'), instance);
    if (idError !== undefined) {
      if (ctx.hasFault('input.id-not-validated', api)) instance = creds.instance ?? '';
      else if (documents(op, 400) && readings.malformedId !== 'not-found')
        return validationError(api, [{ code: CODES.validation, message: idError, path: ['id'] }]);
      else return notFound(api, op);
    }
    const store = storeOf(api, instance);
    if (!store) return notFound(api, op);
    if (!ctx.hasFault('lifecycle.never-ends', api)) tick();
    const jobId = params.job_id ?? '';
    switch (op.id) {
      case 'listJobs':
        return listJobs(api, op, store, req);
      case 'createJob':
        return createJob(api, op, store, req);
      case 'getJob':
        return getJob(api, op, store, jobId);
      case 'cancelJob':
        return cancelJob(api, op, store, jobId, req);
      case 'listJobLogs':
        return listJobLogs(api, op, store, jobId, req);
      default:
        return failure(ctx, api, 405, [
          { code: CODES.methodNotAllowed, message: `${op.id} is not simulated` },
        ]);
    }
  }

  const mainStore = (params: Record<string, unknown>): { api: ApiId; store: JobStore } => {
    const api = (params.api as ApiId | undefined) ?? 'cloudflare-ai-search';
    const store = (CLOUDFLARE_APIS as readonly string[]).includes(api)
      ? storeOf(api, creds.instance ?? '')
      : undefined;
    if (!store) throw new Error(`provider state: '${String(api)}' is not a Cloudflare API`);
    return { api, store };
  };
  const pathValues = (api: ApiId): Record<string, string> => ({
    account_id: creds.account_id ?? '',
    id: creds.instance ?? '',
    ...(api === 'cloudflare-ai-search-namespaced' ? { name: creds.namespace ?? '' } : {}),
  });
  const aSeededJob = (params: Record<string, unknown>) => {
    const { api, store } = mainStore(params);
    return { ...pathValues(api), job_id: store.jobs[store.createdCount + 1]?.id ?? '' };
  };
  const providerStates: ProviderStates = {
    'jobs exist': aSeededJob,
    // The idle instance holds no jobs.
    'no jobs': (params) => ({ ...pathValues(mainStore(params).api), id: creds.idle_instance ?? '' }),
    'a job exists': aSeededJob,
    'a running job exists': (params) => {
      const { api, store } = mainStore(params);
      const job = store.create(ctx.now(), createdSource, undefined);
      store.lastCreateMs = undefined;
      return { ...pathValues(api), job_id: job.id };
    },
    'an ended job exists': (params) => {
      const { api, store } = mainStore(params);
      const job = store.jobs.find((j) => j.endedMs !== undefined);
      if (!job) throw new Error('provider state: no ended job (start with --jobs ≥ 2)');
      return { ...pathValues(api), job_id: job.id };
    },
    'no job exists with the id': (params) => {
      const { api } = mainStore(params);
      return { ...pathValues(api), job_id: 'no-such-job' };
    },
    'a job was just created': (params) => {
      const { api, store } = mainStore(params);
      const job = store.create(ctx.now(), createdSource, ctx.jobDurationMs);
      return { ...pathValues(api), job_id: job.id };
    },
    'no job was created recently': (params) => {
      const { api, store } = mainStore(params);
      store.lastCreateMs = undefined;
      return pathValues(api);
    },
    'an access token exists': 'unsupported',
  };

  return {
    handle,
    errorResponse(req, status, message) {
      const api = apiOfPath(req.path);
      const code =
        status === 503
          ? CODES.unavailable
          : status === 429
            ? CODES.rateLimited
            : status === 413
              ? CODES.tooLarge
              : CODES.validation;
      return failure(ctx, api, status, [{ code, message }]);
    },
    reset() {
      stores.clear();
      limiter?.reset();
    },
    advanceJobs(api) {
      const now = ctx.now();
      let ended = 0;
      for (const [key, store] of stores) {
        if (api && !key.startsWith(`${api} `)) continue;
        ended += store.advance(now, ctx.hasFault('lifecycle.never-ends', key.split(' ')[0] as ApiId));
      }
      return ended;
    },
    providerStates,
    target(api, baseUrl) {
      return {
        api,
        baseUrl,
        pathParams: pathValues(api),
        credentials: { kind: 'schemes', schemes: { apiToken: { token: creds.token ?? '' } } },
        live: false,
      };
    },
  };
}
