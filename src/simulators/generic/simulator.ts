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
import type { OpenReadings } from '../open-readings.ts';
import { accounts, otherAccount } from './account.ts';
import { AnswerCache, ChangeCount, countedStates } from './answer-cache.ts';
import { Auth, type AuthCheck, readOnlyCredentials, schemeCredentials } from './auth.ts';
import { Collections, type SharedCollections } from './collections.ts';
import { providerStates } from './control.ts';
import { documentedResponse, type ErrorDetail, errorAnswer, pickStatus } from './errors.ts';
import { matcher, requestSelection } from './filters.ts';
import { bodyProblems, type InputProblem } from './input-errors.ts';
import { JobStore } from './lifecycle.ts';
import { type ApiModel, buildModel, successResponse } from './model.ts';
import { carriedBy, page, pageBody } from './paging.ts';
import { queryValid } from './query-values.ts';
import { RateWindow } from './rate-limit.ts';
import { askedFields, faultyJob, project, selectFields } from './render.ts';
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

export interface GenericOptions {
  /** The rate-limit window, shared by the APIs of one server group. */
  rate?: RateWindow;
  /** How the simulator reads what the documents leave open (open-readings.ts); default the clean reading. */
  readings?: OpenReadings;
  /**
   * Path values the APIs of one server group share (an account, an instance: one live setting names
   * each); a value this API makes for a parameter not yet in it is added.
   */
  sharedPathValues?: Record<string, string>;
  /** The collections the APIs of one server group hold in common (x-lifecycle sameJobsAs). */
  sharedCollections?: SharedCollections;
  /** Changes of state counted for the whole server group (answer-cache.ts). */
  changes?: ChangeCount;
}

/** One API's generic simulator; `serves` tells a server group which API a request is for (a route or its token URL). */
export interface GenericSimulator extends ApiSimulator {
  serves(req: SimRequest): boolean;
}

export function createGenericSimulator(
  hostContext: SimContext,
  apiId: string,
  options: GenericOptions = {},
): GenericSimulator {
  // This API's line of time (a mock run simulates time per API). Each read is counted: an answer
  // that read the time is not served again (answer-cache.ts); the stores' own reads are not counted,
  // their changes by time come at known instants (JobStore.nextEndMs).
  const clock = () => hostContext.now(apiId);
  let timeReads = 0;
  const ctx: SimContext = {
    ...hostContext,
    now: () => {
      timeReads += 1;
      return clock();
    },
  };
  const changes = options.changes ?? new ChangeCount();
  const api = ctx.catalogue.api(apiId);
  const model: ApiModel = buildModel(ctx.catalogue, api);
  const has = (id: FaultId) => ctx.hasFault(id, apiId);
  const readings = options.readings ?? {};
  const shared = options.sharedPathValues ?? {};
  const named = { ...pathValues(model, ctx.seed), ...shared };
  const account = accounts(api, ctx.catalogue, ctx.seed, named);
  // Start options may name the account (credentials { 'customer-id': … }, { tenant: … }).
  for (const values of [account.path, account.headers])
    for (const name of Object.keys(values))
      if (ctx.credentials[name] !== undefined) values[name] = ctx.credentials[name];
  Object.assign(named, account.path);
  for (const [name, value] of Object.entries(named)) shared[name] ??= value;
  // The jobs live in the collection the path names (x-lifecycle collection); stores are made on first use.
  const collections = new Collections(
    model,
    named,
    (jobs) =>
      new JobStore(model, {
        seed: ctx.seed,
        jobs: jobs === 'seeded' ? ctx.jobs : 0,
        jobDurationMs: ctx.jobDurationMs,
        now: clock,
        named,
      }),
    options.sharedCollections,
    () => !has('consistency.same-jobs-apart'),
  );
  const auth = new Auth(api, ctx.credentials, ctx.rng, ctx.now);
  const routes = api.operations.map(routeOf);
  const basePath = basePathOf(api.serverUrl);
  const listBases = new Map<string, Json>();
  const rate = options.rate ?? new RateWindow();
  const inputPaths = api.envelope?.errors?.inputPath !== undefined;

  const errorFaults = () => ({
    wrongShape: has('error.wrong-shape'),
    fieldsMissing: has('envelope.errors-missing'),
    successContradicts: has('envelope.success-contradicts-status'),
  });
  const fail = (op: Operation | undefined, status: number, message: string, detail: ErrorDetail = {}) =>
    errorAnswer(model, op, status, message, errorFaults(), false, detail);
  /** `first`: the faults that break one item apply (a list applies them to its page's first item). */
  const bodyFaults = (first = true) => ({
    requiredMissing: has('body.required-missing'),
    enumUnknown: first && has('body.enum-unknown'),
    enumDeprecated: has('body.enum-deprecated'),
    wrongType: first && has('body.wrong-type'),
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
      if (env.successFlag) setAt(body, env.successFlag.pointer, !has('envelope.success-contradicts-status'));
      if (env.errors) setAt(body, env.errors.pointer, []);
      if (env.messages) setAt(body, env.messages.pointer, []);
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

  /** A 400 (or 422) naming what is wrong with the input, and where (x-envelope errors inputPath). */
  function inputError(op: Operation, problems: InputProblem[]): SimResponse {
    const status = pickStatus(op, 400, 422);
    const detail: ErrorDetail = inputPaths ? { inputPath: problems[0]?.path ?? [] } : {};
    if (api.envelope?.fieldErrors)
      detail.fieldErrors = problems
        .filter((p) => p.path.length > 0)
        .map((p) => ({ field: p.path.join('.'), message: p.message }));
    const message = problems.map((p) => p.message).join('; ');
    return fail(op, documentedResponse(op, status) ? status : 400, message, detail);
  }

  /** What is wrong with a request body (x-pagination cursorOverridesOtherFields: a cursor alone counts). */
  function bodyInput(op: Operation, req: SimRequest): InputProblem[] {
    const validate = (op.requestBody as NonNullable<Operation['requestBody']>).body.validate;
    const paging = op.pagination?.request;
    const cursor = paging?.cursor;
    const body = req.json as Record<string, unknown> | undefined;
    if (op.pagination?.cursorOverridesOtherFields && cursor?.in === 'body' && body?.[cursor.name])
      return validate({ [cursor.name]: body[cursor.name] })
        ? []
        : [{ message: `${cursor.name} is not a valid value`, path: [cursor.name] }];
    if (req.jsonError) return [{ message: `the body is not valid JSON: ${req.jsonError}`, path: [] }];
    if (req.rawBody === '')
      return op.requestBody?.required ? [{ message: 'a request body is required', path: [] }] : [];
    // pagination.bounds-not-enforced: a page size in the body out of bounds is clamped, not refused.
    const clamped =
      has('pagination.bounds-not-enforced') && body && typeof body === 'object' && !Array.isArray(body)
        ? Object.fromEntries(
            Object.entries(body).filter(
              ([k, v]) => !(paging?.size.in === 'body' && k === paging.size.name && typeof v === 'number'),
            ),
          )
        : undefined;
    if (validate(clamped ?? req.json)) return [];
    const found = bodyProblems(validate.errors);
    return found.length > 0 ? found : [{ message: 'the body does not match its schema', path: [] }];
  }

  function validateInput(
    op: Operation,
    req: SimRequest,
    params: Record<string, string>,
  ): SimResponse | undefined {
    const problems: InputProblem[] = [];
    for (const p of op.parameters)
      if (p.in === 'path' && params[p.name] !== undefined && !p.schema.validate(params[p.name])) {
        // input.id-not-validated: a malformed job id is served as if valid (a made-up job), a
        // malformed collection id as the collection the target names.
        if (has('input.id-not-validated')) {
          if (p.name === model.idParam && !op.pagination && !op.requestBody)
            return madeUp(op, collections.main(), params[p.name] as string);
          if (model.collection.includes(p.name)) params[p.name] = named[p.name] ?? '';
          continue;
        }
        // A malformed id: 400 where the operation documents one, else it names no job (404).
        if (!documents4xx(op, 400) || readings.malformedId === 'not-found')
          return notFound(op, params[p.name] as string);
        problems.push({ message: `${p.name} is not a valid value`, path: [p.name] });
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
      if (!queryValid(p, req.query.getAll(p.name)))
        problems.push({ message: `${p.name} is not a valid value`, path: [p.name] });
    }
    for (const p of op.parameters) {
      if (p.in !== 'header') continue;
      const sent = req.headers[p.name.toLowerCase()];
      if (sent === undefined || sent === '') {
        // A required header with a documented default (an API version) is read as that default.
        if (p.required && p.schema.schema.default === undefined)
          problems.push({ message: `the ${p.name} header is required`, path: [p.name] });
      } else if (!queryValid(p, [sent.trim()]))
        problems.push({ message: `the ${p.name} header is not a valid value`, path: [p.name] });
    }
    if (op.requestBody && !has('input.malformed-body-accepted')) problems.push(...bodyInput(op, req));
    return problems.length === 0 ? undefined : inputError(op, problems);
  }

  function documents4xx(op: Operation, status: number): boolean {
    return op.responses.has(String(status)) || op.responses.has('4XX');
  }

  function notFound(op: Operation, id: string): SimResponse {
    return fail(op, pickStatus(op, 404, 400), `No job with id '${id}' exists.`, { requestedId: id });
  }

  function madeUp(op: Operation, store: JobStore, id: string): SimResponse {
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
    const test = matcher(ctx.catalogue, op, chosen.f, ctx.plugins, ctx.now);
    if (test && 'error' in test) return inputError(op, [{ message: test.error, path: [] }]);
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

  function list(
    op: Operation,
    store: JobStore,
    req: SimRequest,
    params: Record<string, string>,
  ): SimResponse {
    const index = model.lists.findIndex((l) => l.op === op);
    const spec = model.lists[index];
    let items: Body[];
    let node = model.job;
    let itemId = model.idPointer;
    if (spec?.lists === 'children') {
      const id = params[model.idParam ?? ''] ?? '';
      const job = store.get(id);
      if (!job)
        return has('input.unknown-id-found') || readings.unknownJobLogs === 'empty'
          ? listOf(op, [], req)
          : notFound(op, id);
      node = spec.item;
      itemId = op.pagination?.response.itemId ?? '/id';
      const faults = bodyFaults(false);
      items = store.children(index, job).map((item) => faultyJob(model, item, faults, false, node, itemId));
    } else {
      items = store.bodies(has('lifecycle.created-not-listed'));
      if (readings.listOrder === 'oldest-first') items = [...items].reverse();
    }
    // Filters and sort see the stored jobs; the body faults break what is served.
    const selected = filtered(op, items, req);
    if ('status' in selected) return selected;
    // A list filtered by the job id serves that one job as a GET would (and a made-up one under
    // input.unknown-id-found when no job has the id).
    const idFilter = op.filters.find((f) => `/${(f.field ?? f.name).replace(/^\//, '')}` === model.idPointer);
    const askedId = idFilter ? requestSelection(op, req.query, req.json)[idFilter.name]?.[0] : undefined;
    const single = askedId !== undefined && spec?.lists !== 'children';
    if (single && selected.items.length === 0 && has('input.unknown-id-found')) {
      const job = structuredClone(store.list(false)[0]?.body ?? {}) as Body;
      setAt(job, model.idPointer, askedId);
      selected.items = [job];
    }
    if (single)
      return listOf(
        op,
        selected.items.map((body) => faultyJob(model, body, bodyFaults(), true)),
        req,
        selected.carry,
      );
    const faults = bodyFaults(false);
    const served =
      spec?.lists === 'children' || !Object.values(faults).some(Boolean)
        ? selected.items
        : selected.items.map((body) => faultyJob(model, body, faults, false));
    // The faults that break one item break the page's first.
    const one = { ...bodyFaults(), requiredMissing: false, enumDeprecated: false, patternViolation: false };
    return listOf(op, served, req, selected.carry, (first) =>
      faultyJob(model, first, one, false, node, itemId),
    );
  }

  function listOf(
    op: Operation,
    items: Body[],
    req: SimRequest,
    carry?: Json,
    first?: (item: Body) => Body,
  ): SimResponse {
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
        estimatedTotals: readings.estimatedTotals === true,
      },
      carry,
    );
    if (!result.ok)
      return inputError(op, [{ message: result.message, path: result.param ? [result.param] : [] }]);
    if (first && result.items[0]) result.items = [first(result.items[0]), ...result.items.slice(1)];
    const fields = askedFields(op, req.query);
    if (fields) result.items = result.items.map((item) => selectFields(item, fields) as Body);
    const body = pageBody(listBase(op), op.pagination?.response.items ?? '', result);
    if (body !== null && typeof body === 'object' && !Array.isArray(body))
      for (const p of result.remove) deleteAt(body, p);
    return ok(op, body, result.headers);
  }

  /** The rejection of a credential: the declared one of its kind (x-auth-rejection typical, missing, malformed). */
  function authFailure(op: Operation, checked: Exclude<AuthCheck, 'ok'>): SimResponse {
    const rejection = api.authRejection;
    if (checked === 'scope') {
      const needed = [...new Set(op.security.flatMap((alt) => Object.values(alt.schemes).flat()))];
      return errorAnswer(
        model,
        op,
        rejection.insufficientScope?.status ?? 403,
        `Access token lacks scope(s): ${needed.join(', ')}`,
        errorFaults(),
        true,
      );
    }
    const outcome =
      checked === 'missing'
        ? rejection.missing
        : checked === 'malformed'
          ? (rejection.malformed ?? rejection.missing)
          : checked === 'invalid'
            ? rejection.typical
            : undefined;
    const says = {
      missing: 'Missing credentials.',
      malformed: 'Invalid credentials.',
      invalid: 'Invalid credentials.',
      expired: 'Access token expired.',
    };
    // Else the first rejection status the operation documents (Vectara v2's job operations document only 403).
    const status =
      outcome?.status ??
      rejection.statuses.find((s) => op.responses.has(String(s))) ??
      rejection.statuses[0] ??
      401;
    return errorAnswer(model, op, status, outcome?.message ?? says[checked], errorFaults(), true, {
      code: outcome?.code,
      keepMessage: outcome?.message !== undefined,
    });
  }

  /** A create while the previous one cools down (x-lifecycle createCooldown), with retry-after. */
  function coolingDown(op: Operation, store: JobStore): SimResponse | undefined {
    const status = api.lifecycle?.createCooldown;
    const last = store.lastCreatedMs;
    const now = ctx.now();
    if (status === undefined || last === undefined || now - last >= ctx.cooldownMs) return undefined;
    const answer = fail(op, status, 'A previous create is cooling down.');
    if (has('headers.retry-after-missing')) return answer;
    const wait = Math.max(1, Math.ceil((last + ctx.cooldownMs - now) / 1000));
    return { ...answer, headers: { ...answer.headers, 'retry-after': String(wait) } };
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
    let limitHeaders: Record<string, string> | undefined;
    if (ctx.rateLimit) {
      const decision = rate.check(api, ctx.rateLimit, ctx.now());
      limitHeaders = decision.headers;
      if (decision.limited) {
        const answer = fail(op, api.rateLimit?.status ?? 429, 'Too many requests.');
        const headers = { ...decision.headers };
        if (has('headers.retry-after-missing')) delete headers['retry-after'];
        return { ...answer, headers };
      }
    }
    const params: Record<string, string> = {};
    hit.r.names.forEach((name, i) => {
      const raw = hit.m[i + 1] ?? '';
      try {
        params[name] = decodeURIComponent(raw);
      } catch {
        params[name] = raw;
      }
    });
    const answer = serve(op, req, params);
    return limitHeaders ? { ...answer, headers: { ...limitHeaders, ...answer.headers } } : answer;
  }

  function serve(op: Operation, req: SimRequest, params: Record<string, string>): SimResponse {
    const checked = auth.check(
      op,
      req,
      has('auth.not-enforced'),
      has('auth.wrong-credentials-accepted'),
      has('auth.scope-not-enforced'),
    );
    if (checked !== 'ok') return authFailure(op, checked);
    // A credential bound to path values (an account): another value is a wrong credential.
    for (const name of api.authRejection.boundParameters ?? [])
      if (params[name] !== undefined && params[name] !== named[name]) return authFailure(op, 'invalid');
    const invalid = validateInput(op, req, params);
    if (invalid) return invalid;
    const other = otherAccount(op, req, params, account);
    if (other && !has('auth.not-enforced') && !has('auth.wrong-credentials-accepted'))
      return errorAnswer(
        model,
        op,
        api.authRejection.insufficientScope?.status ?? 403,
        `${other} names another account.`,
        errorFaults(),
        true,
      );
    const store = collections.of(params);
    if (!store) return fail(op, pickStatus(op, 404, 400), 'Not found.');
    store.tick(has('lifecycle.never-ends'));
    const roles = api.lifecycle?.operations ?? {};
    if (op.pagination) return list(op, store, req, params);
    if (op.id === roles.create) {
      const cooling = coolingDown(op, store);
      if (cooling) return cooling;
      const job = store.create(req.json);
      return ok(op, wrap(op, project(model, op, faultyJob(model, job.body, bodyFaults(), true))));
    }
    const id = model.idParam !== undefined ? params[model.idParam] : undefined;
    if (id !== undefined && (op.id === roles.get || op.id === roles.cancel || op.id === roles.delete)) {
      const job = store.get(id);
      if (!job) return has('input.unknown-id-found') ? madeUp(op, store, id) : notFound(op, id);
      if (op.id === roles.cancel) {
        const cancelled = store.cancel(job, readings.cancel === 'deferred');
        const second = api.lifecycle?.secondCancel;
        if (!cancelled && second && !has('lifecycle.cancel-ended-accepted'))
          return fail(op, second.status, second.message ?? 'The job cannot be cancelled.');
      }
      if (op.id === roles.delete) {
        if (!has('lifecycle.delete-not-deleting')) store.remove(job);
        return ok(op, successResponse(op)?.contentType ? wrap(op, project(model, op, job.body)) : undefined);
      }
      const answer = project(model, op, faultyJob(model, job.body, bodyFaults(), true));
      return ok(op, wrap(op, selectFields(answer, askedFields(op, req.query))));
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
    return collections.main().list(false)[0]?.id;
  }

  const answers = new AnswerCache({
    changes,
    usable: () => ctx.faults.size === 0 && !ctx.rateLimit,
    now: clock,
    timeReads: () => timeReads,
    nextChangeMs: () => Math.min(...collections.all().map((store) => store.nextEndMs())),
  });

  return {
    handle: (req) => answers.serve(req, handle),
    serves: (req) => auth.tokenScheme(req, basePath) !== undefined || routes.some((r) => r.re.test(req.path)),
    errorResponse(req, status, message) {
      const op = routes.find((r) => r.re.test(req.path) && r.op.method === req.method)?.op ?? routes[0]?.op;
      return errorAnswer(model, op, status, message, { wrongShape: false, fieldsMissing: false });
    },
    reset() {
      changes.bump();
      collections.reset();
      auth.reset();
      rate.reset();
    },
    advanceJobs: () => {
      changes.bump();
      return collections.all().reduce((n, store) => n + store.advance(has('lifecycle.never-ends')), 0);
    },
    providerStates: countedStates(providerStates(model, collections, auth, named), changes),
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
