/**
 * The generic simulator: serves any API its folder describes. Routes come from openapi.json's paths,
 * roles from x-lifecycle, paging from x-pagination, filters and sort from x-filters and x-sort, auth
 * from securitySchemes and x-auth-rejection, every error body from the documented schema.
 */
import type { Operation } from '../../catalogue/index.ts';
import { NON_MATCHING_EVERY } from '../body-faults.ts';
import type { ApiSimulator, SimContext, SimRequest, SimResponse } from '../core.ts';
import { createRng } from '../data.ts';
import type { FaultId } from '../faults.ts';
import { accounts, otherAccount } from './account.ts';
import { Auth, type AuthCheck, readOnlyCredentials, schemeCredentials } from './auth.ts';
import { providerStates } from './control.ts';
import { documentedResponse, errorAnswer, pickStatus } from './errors.ts';
import { matcher, requestSelection } from './filters.ts';
import { JobStore } from './lifecycle.ts';
import { type ApiModel, buildModel, successResponse } from './model.ts';
import { carriedBy, page, pageBody } from './paging.ts';
import { queryValid } from './query-values.ts';
import { faultyJob, project } from './render.ts';
import { type Route, routeOf } from './route.ts';
import { type Body, pathValues } from './seeding.ts';
import { sortItems, sortKeys } from './sort.ts';
import { applySuccessSays } from './success-says.ts';
import { deleteAt, generate, type Json, setAt } from './values.ts';

/** The path the API's paths hang off on its server URL ('/v1' of https://api.openai.com/v1). */
export function basePathOf(serverUrl: string): string {
  try {
    return new URL(serverUrl.replace(/\{[^}]+\}/g, 'host')).pathname.replace(/\/+$/, '');
  } catch {
    return '';
  }
}

/** A generic simulator, which also says whether a request is for its API (a route or its token URL). */
export type GenericSimulator = ApiSimulator & { serves(req: SimRequest): boolean };

export function createGenericSimulator(ctx: SimContext, apiId: string): GenericSimulator {
  const api = ctx.catalogue.api(apiId);
  const model: ApiModel = buildModel(ctx.catalogue, api);
  const has = (id: FaultId) => ctx.hasFault(id, apiId);
  const named = pathValues(model, ctx.seed);
  const account = accounts(api, ctx.catalogue, ctx.seed, named);
  // Start options may name the account (credentials { 'customer-id': … }, { tenant: … }).
  for (const values of [account.path, account.headers])
    for (const name of Object.keys(values))
      if (ctx.credentials[name] !== undefined) values[name] = ctx.credentials[name];
  Object.assign(named, account.path);
  const store = new JobStore(model, {
    seed: ctx.seed,
    jobs: ctx.jobs,
    jobDurationMs: ctx.jobDurationMs,
    now: () => ctx.now(),
    named,
  });
  const auth = new Auth(api, ctx.credentials, ctx.rng, ctx.now);
  const routes = api.operations.map(routeOf);
  const basePath = basePathOf(api.serverUrl);
  const listBases = new Map<string, Json>();

  const errorFaults = () => ({
    wrongShape: has('error.wrong-shape'),
    fieldsMissing: has('envelope.errors-missing'),
  });
  const fail = (op: Operation | undefined, status: number, message: string, isAuth = false) =>
    errorAnswer(model, op, status, message, errorFaults(), isAuth);
  const bodyFaults = () => ({
    requiredMissing: has('body.required-missing'),
    enumUnknown: has('body.enum-unknown'),
    enumDeprecated: has('body.enum-deprecated'),
    wrongType: has('body.wrong-type'),
    patternViolation: has('body.pattern-violation'),
    getDisagrees: has('consistency.get-disagrees'),
  });

  function ok(op: Operation, json: Json | undefined, headers?: Record<string, string>): SimResponse {
    const success = successResponse(op);
    const status = op.statuses.find((s) => s >= 200 && s < 300) ?? 200;
    if (!success?.contentType || json === undefined) return { status, api: apiId, operation: op, headers };
    let body = json;
    const env = api.envelope;
    if (env && body !== null && typeof body === 'object' && !Array.isArray(body)) {
      body = { ...body };
      applySuccessSays(env, body);
      if (env.successFlag) setAt(body, env.successFlag.pointer, true);
      if (env.errors) setAt(body, env.errors.pointer, []);
    }
    return { status, json: body, api: apiId, operation: op, headers };
  }

  /** A success body for `op` with `payload` where the envelope keeps the data (x-envelope data). */
  function wrap(op: Operation, payload: Json): Json {
    const data = api.envelope?.data;
    if (!data) return payload;
    const body = successResponse(op)?.body;
    const base = body
      ? (generate(ctx.catalogue, { schema: body.schema, base: body.ref }, createRng(1, op.id), {
          timeMs: 0,
        }) as Body)
      : {};
    setAt(base, data, payload);
    return base;
  }

  function validateInput(
    op: Operation,
    req: SimRequest,
    params: Record<string, string>,
  ): SimResponse | undefined {
    const problems: string[] = [];
    for (const p of op.parameters)
      if (p.in === 'path' && params[p.name] !== undefined && !p.schema.validate(params[p.name])) {
        // input.id-not-validated: a malformed job id is served as if valid (a made-up job).
        if (has('input.id-not-validated')) {
          if (p.name === model.idParam && !op.pagination && !op.requestBody)
            return madeUp(op, params[p.name] as string);
          continue;
        }
        // A malformed id: 400 where the operation documents one, else it names no job (404).
        if (!documents4xx(op, 400)) return notFound(op, params[p.name] as string);
        problems.push(`${p.name} is not a valid value`);
      }
    const paging = op.pagination?.request;
    const pagingNames = new Set([
      paging?.size.name,
      paging?.page?.name,
      paging?.cursor?.name,
      paging?.before?.name,
    ]);
    for (const p of op.parameters) {
      if (p.in !== 'query' || pagingNames.has(p.name)) continue;
      if (!queryValid(p, req.query.getAll(p.name))) problems.push(`${p.name} is not a valid value`);
    }
    for (const p of op.parameters) {
      if (p.in !== 'header') continue;
      const sent = req.headers[p.name.toLowerCase()];
      if (sent === undefined || sent === '') {
        // A required header with a documented default (an API version) is read as that default.
        if (p.required && p.schema.schema.default === undefined)
          problems.push(`the ${p.name} header is required`);
      } else if (!queryValid(p, [sent.trim()])) problems.push(`the ${p.name} header is not a valid value`);
    }
    if (op.requestBody && !has('input.malformed-body-accepted')) {
      const validate = op.requestBody.body.validate;
      const cursor = op.pagination?.request.cursor;
      const body = req.json as Record<string, unknown> | undefined;
      // x-pagination cursorOverridesOtherFields: with a cursor in the body, the other fields are ignored.
      const overridden =
        op.pagination?.cursorOverridesOtherFields && cursor?.in === 'body' && body?.[cursor.name]
          ? { [cursor.name]: body[cursor.name] }
          : undefined;
      const paging = op.pagination?.request;
      const clamped =
        has('pagination.bounds-not-enforced') && body && typeof body === 'object' && !Array.isArray(body)
          ? Object.fromEntries(
              Object.entries(body).filter(
                ([k]) =>
                  !(paging?.size.in === 'body' && k === paging.size.name && typeof body[k] === 'number'),
              ),
            )
          : undefined;
      if (overridden) {
        if (!validate(overridden)) problems.push(`${cursor?.name} is not a valid value`);
      } else if (req.jsonError) problems.push(`the body is not valid JSON: ${req.jsonError}`);
      else if (req.rawBody === '') {
        if (op.requestBody.required) problems.push('a request body is required');
      } else if (!validate(clamped ?? req.json)) {
        // Name the first problem: the field (or unknown field) and what is wrong with it.
        const first = validate.errors?.[0];
        const extra = (first?.params as { additionalProperty?: string } | undefined)?.additionalProperty;
        const where =
          extra ?? (first?.instancePath ? first.instancePath.slice(1).replaceAll('/', '.') : 'body');
        problems.push(
          `invalid request body: ${where} ${extra ? 'is not a known field' : (first?.message ?? 'is invalid')}`,
        );
      }
    }
    if (problems.length === 0) return undefined;
    const status = pickStatus(op, 400, 422);
    return fail(op, documentedResponse(op, status) ? status : 400, problems.join('; '));
  }

  function documents4xx(op: Operation, status: number): boolean {
    return op.responses.has(String(status)) || op.responses.has('4XX');
  }

  function notFound(op: Operation, id: string): SimResponse {
    return fail(op, pickStatus(op, 404, 400), `No job with id '${id}' exists.`);
  }

  function madeUp(op: Operation, id: string): SimResponse {
    const job = structuredClone(store.list(false)[0]?.body ?? {}) as Body;
    setAt(job, model.idPointer, id);
    return ok(op, wrap(op, project(model, op, faultyJob(model, job, bodyFaults(), true))));
  }

  /**
   * The items a list request selects (x-filters, x-sort), or the documented 400 for a filter its
   * language cannot read. A cursor carries its walk's selection, which wins over the request's.
   */
  function filtered(
    op: Operation,
    items: Body[],
    req: SimRequest,
  ): { items: Body[]; carry: Json } | SimResponse {
    const sortParam =
      api.sort && op.parameters.some((p) => p.name === api.sort?.param) ? api.sort : undefined;
    const asked = {
      f: requestSelection(op, req.query, req.json),
      s: sortParam ? req.query.get(sortParam.param) : null,
    };
    const carried = carriedBy(op, req.query, req.json) as typeof asked | undefined;
    const chosen = carried && typeof carried === 'object' && carried.f ? carried : asked;
    const test = matcher(ctx.catalogue, op, chosen.f, ctx.plugins, ctx.now());
    if (test && 'error' in test) return fail(op, pickStatus(op, 400, 422), test.error);
    let out = items;
    if (test) {
      const leak = has('filter.non-matching');
      out = out.filter(
        (item, i) => (leak && i % NON_MATCHING_EVERY === NON_MATCHING_EVERY - 1) || test(item),
      );
    }
    if (sortParam && !has('sort.ignored')) out = sortItems(out, sortKeys(sortParam, chosen.s ?? null));
    return { items: out, carry: chosen as unknown as Json };
  }

  function listBase(op: Operation): Json {
    let base = listBases.get(op.id);
    if (base === undefined) {
      const body = successResponse(op)?.body;
      base = body
        ? generate(
            ctx.catalogue,
            { schema: body.schema, base: body.ref },
            createRng(ctx.seed, `${apiId}-${op.id}`),
            {
              timeMs: ctx.now(),
            },
          )
        : {};
      listBases.set(op.id, base);
    }
    return structuredClone(base);
  }

  function list(op: Operation, req: SimRequest, params: Record<string, string>): SimResponse {
    const index = model.lists.findIndex((l) => l.op === op);
    const spec = model.lists[index];
    let items: Body[];
    if (spec?.lists === 'children') {
      const id = params[model.idParam ?? ''] ?? '';
      const job = store.get(id);
      if (!job) return has('input.unknown-id-found') ? listOf(op, [], req) : notFound(op, id);
      const faults = bodyFaults();
      const itemId = op.pagination?.response.itemId ?? '/id';
      items = store
        .children(index, job)
        .map((item) => faultyJob(model, item, faults, false, spec.item, itemId));
    } else {
      items = store.list(has('lifecycle.created-not-listed')).map((j) => j.body);
    }
    // Filters and sort see the stored jobs; the body faults break what is served.
    const selected = filtered(op, items, req);
    if ('status' in selected) return selected;
    const faults = bodyFaults();
    // A list filtered by the job id serves that one job as a GET would (and a made-up one under
    // input.unknown-id-found when no job has the id).
    const idFilter = op.filters.find((f) => `/${(f.field ?? f.name).replace(/^\//, '')}` === model.idPointer);
    const askedId = idFilter ? requestSelection(op, req.query, req.json)[idFilter.name]?.[0] : undefined;
    if (
      askedId !== undefined &&
      selected.items.length === 0 &&
      has('input.unknown-id-found') &&
      spec?.lists !== 'children'
    ) {
      const job = structuredClone(store.list(false)[0]?.body ?? {}) as Body;
      setAt(job, model.idPointer, askedId);
      selected.items = [job];
    }
    const single = askedId !== undefined;
    const served =
      spec?.lists === 'children'
        ? selected.items
        : selected.items.map((body) => faultyJob(model, body, faults, single));
    return listOf(op, served, req, selected.carry);
  }

  function listOf(op: Operation, items: Body[], req: SimRequest, carry?: Json): SimResponse {
    const result = page(
      op,
      items,
      req.query,
      req.json,
      req.headers,
      {
        duplicateItem: has('pagination.duplicate-item'),
        skippedItem: has('pagination.skipped-item'),
        sizeIgnored: has('pagination.size-ignored'),
        wrongTotal: has('pagination.wrong-total'),
        dataPastEnd: has('pagination.data-past-end'),
        cursorRepeats: has('pagination.cursor-repeats'),
        cursorNeverEnds: has('pagination.cursor-never-ends'),
        clamp: has('pagination.bounds-not-enforced'),
      },
      carry,
    );
    if (!result.ok) return fail(op, pickStatus(op, 400, 422), result.message);
    const body = pageBody(listBase(op), op.pagination?.response.items ?? '', result);
    if (body !== null && typeof body === 'object' && !Array.isArray(body))
      for (const p of result.remove) deleteAt(body, p);
    return ok(op, body, result.headers);
  }

  /** Requests served in the current rate-limit window (start option rateLimit; x-rate-limit). */
  let hits: number[] = [];
  function rateLimited(op: Operation): SimResponse | undefined {
    const limit = ctx.rateLimit;
    if (!limit) return undefined;
    const now = ctx.now();
    const windowMs = limit.windowSeconds * 1000;
    hits = hits.filter((t) => t > now - windowMs);
    const remaining = limit.requests - hits.length;
    if (remaining > 0) {
      hits.push(now);
      return undefined;
    }
    const retry = Math.max(1, Math.ceil(((hits[0] ?? now) + windowMs - now) / 1000));
    const answer = fail(op, api.rateLimit?.status ?? 429, 'Too many requests.');
    const headers: Record<string, string> = {};
    for (const name of api.rateLimit?.headers ?? ['retry-after']) {
      const h = name.toLowerCase();
      if (h === 'retry-after') headers[h] = String(retry);
      // The IETF RateLimit scheme: remaining and reset now, quota and window of the policy.
      else if (h === 'ratelimit') headers[h] = `"default";r=0;t=${retry}`;
      else if (h === 'ratelimit-policy')
        headers[h] = `"default";q=${limit.requests};w=${limit.windowSeconds}`;
      else if (h.endsWith('-limit')) headers[h] = String(limit.requests);
      else if (h.endsWith('-remaining')) headers[h] = '0';
      else if (h.endsWith('-reset')) headers[h] = String(retry);
    }
    if (has('headers.retry-after-missing')) delete headers['retry-after'];
    return { ...answer, headers };
  }

  function authFailure(op: Operation, checked: Exclude<AuthCheck, 'ok'>): SimResponse {
    const scope = api.authRejection.insufficientScope;
    if (checked === 'scope') {
      const needed = [...new Set(op.security.flatMap((alt) => Object.values(alt.schemes).flat()))];
      return fail(op, scope?.status ?? 403, `Access token lacks scope(s): ${needed.join(', ')}`, true);
    }
    // The first rejection status the operation documents (Vectara v2's job operations document only 403).
    const statuses = api.authRejection.statuses;
    const status = statuses.find((s) => op.responses.has(String(s))) ?? statuses[0] ?? 401;
    const says = {
      missing: 'Missing credentials.',
      invalid: 'Invalid credentials.',
      expired: 'Access token expired.',
    };
    return fail(op, status, says[checked], true);
  }

  function handle(req: SimRequest): SimResponse {
    const tokenScheme = auth.tokenScheme(req, basePath);
    if (tokenScheme) return { ...auth.token(tokenScheme, req), api: apiId };
    const matching = routes
      .map((r) => ({ r, m: r.re.exec(req.path) }))
      .filter((x): x is { r: Route; m: RegExpExecArray } => x.m !== null);
    const hit = matching.find((x) => x.r.op.method === req.method);
    if (!hit) {
      const op = matching[0]?.r.op;
      if (op) return fail(op, 405, `${req.method} is not allowed here`);
      return fail(undefined, 404, `No route for ${req.method} ${req.path}`);
    }
    const op = hit.r.op;
    const limited = rateLimited(op);
    if (limited) return limited;
    const params: Record<string, string> = {};
    hit.r.names.forEach((name, i) => {
      const raw = hit.m[i + 1] ?? '';
      try {
        params[name] = decodeURIComponent(raw);
      } catch {
        params[name] = raw;
      }
    });
    const checked = auth.check(
      op,
      req,
      has('auth.not-enforced'),
      has('auth.wrong-credentials-accepted'),
      has('auth.scope-not-enforced'),
    );
    if (checked !== 'ok') return authFailure(op, checked);
    const invalid = validateInput(op, req, params);
    if (invalid) return invalid;
    const other = otherAccount(op, req, params, account);
    if (other && !has('auth.not-enforced') && !has('auth.wrong-credentials-accepted'))
      return fail(
        op,
        api.authRejection.insufficientScope?.status ?? 403,
        `${other} names another account.`,
        true,
      );
    store.tick(has('lifecycle.never-ends'));
    const roles = api.lifecycle?.operations ?? {};
    if (op.pagination) return list(op, req, params);
    if (op.id === roles.create) {
      const job = store.create(req.json);
      return ok(op, wrap(op, project(model, op, faultyJob(model, job.body, bodyFaults(), true))));
    }
    const id = model.idParam !== undefined ? params[model.idParam] : undefined;
    if (id !== undefined && (op.id === roles.get || op.id === roles.cancel || op.id === roles.delete)) {
      const job = store.get(id);
      if (!job) return has('input.unknown-id-found') ? madeUp(op, id) : notFound(op, id);
      if (op.id === roles.cancel) {
        const cancelled = store.cancel(job);
        const second = api.lifecycle?.secondCancel;
        if (!cancelled && second && !has('lifecycle.cancel-ended-accepted'))
          return fail(op, second.status, second.message ?? 'The job cannot be cancelled.');
      }
      if (op.id === roles.delete) {
        if (!has('lifecycle.delete-not-deleting')) store.remove(job);
        return ok(op, successResponse(op)?.contentType ? wrap(op, project(model, op, job.body)) : undefined);
      }
      return ok(op, wrap(op, project(model, op, faultyJob(model, job.body, bodyFaults(), true))));
    }
    // An operation no role names: its documented success body, made up.
    return ok(op, listBase(op));
  }

  /**
   * Where no operation lists the jobs (a batch API that lists only a batch's files), the target names
   * one seeded job: the simulator's counterpart of a live run's existing job (x-live-settings
   * existingJobId).
   */
  function existingJob(): string | undefined {
    if (!model.idParam || model.lists.some((l) => l.lists === 'jobs')) return undefined;
    return store.list(false)[0]?.id;
  }

  return {
    handle,
    serves: (req) => auth.tokenScheme(req, basePath) !== undefined || routes.some((r) => r.re.test(req.path)),
    errorResponse(req, status, message) {
      const op = routes.find((r) => r.re.test(req.path) && r.op.method === req.method)?.op ?? routes[0]?.op;
      return errorAnswer(model, op, status, message, { wrongShape: false, fieldsMissing: false });
    },
    reset() {
      store.reset();
      auth.reset();
      hits = [];
    },
    advanceJobs: () => store.advance(),
    providerStates: providerStates(model, store, auth),
    target(target, baseUrl) {
      const existing = existingJob();
      const readOnly = readOnlyCredentials(api, ctx.credentials);
      const headerParams: Record<string, string> = { ...account.headers };
      for (const op of api.operations)
        for (const p of op.parameters)
          if (p.in === 'header' && p.required && typeof p.schema.schema.default === 'string')
            headerParams[p.name] = p.schema.schema.default;
      return {
        api: target,
        baseUrl,
        // The existing job also fills its path parameter where a call gives none (a call's own value wins).
        pathParams: { ...named, ...(existing && model.idParam ? { [model.idParam]: existing } : {}) },
        ...(existing ? { existingJobId: existing } : {}),
        ...(Object.keys(headerParams).length > 0 ? { headerParams } : {}),
        ...(Object.keys(account.headers).length > 0 ? { secrets: Object.values(account.headers) } : {}),
        credentials: {
          kind: 'schemes',
          schemes: schemeCredentials(api, ctx.credentials),
          ...(readOnly ? { readOnly } : {}),
        },
        live: false,
      };
    },
  };
}
