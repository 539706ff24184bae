import { type Api, getCatalogue, type Operation } from '../catalogue/index.ts';
import { cancelBody, hasEnded, itemsOf, jobIdOf, jobOf, lifecycleOp, requiredBody } from '../checks/index.ts';
import type { Exchange, Target } from '../core/index.ts';
import { authHeaders, callOperation, type HttpClient } from '../http/index.ts';
import { NotVerifiable, type StateBackend } from './state-backend.ts';
import { STATES } from './states.ts';

/**
 * The contracts' provider states fulfilled over the provider's public API, with the settings of a
 * live run (the Target): read-only by discovery (list the jobs, pick one that satisfies the state),
 * and by creating a job only when writes are allowed; what this backend created, and what a create
 * interaction created, is cancelled (else deleted) at the state's teardown. A state it cannot reach
 * under these rules is NotVerifiable, with the reason.
 */
export interface ProviderApiOptions {
  target: Target;
  http: HttpClient;
  allowWrites: boolean;
  /** How long the provider refuses a create after the last one (x-lifecycle createCooldown APIs). */
  createCooldownMs: number;
  sleep?: (ms: number) => Promise<void>;
}

const WRITES_NEEDED = 'it needs a write (creating a job): pass --allow-writes';

/** The injection name of a header parameter, as generate.ts writes it: snake case. */
const snake = (name: string) => name.replace(/[^A-Za-z0-9]+/g, '_').toLowerCase();

function setAtPointer(body: Record<string, unknown>, pointer: string, value: string): void {
  const keys = pointer.slice(1).split('/');
  let node = body;
  keys.forEach((key, i) => {
    if (i === keys.length - 1) node[key] = value;
    else {
      const next = node[key];
      node[key] =
        typeof next === 'object' && next !== null ? next : /^\d+$/.test(keys[i + 1] ?? '') ? [] : {};
      node = node[key] as Record<string, unknown>;
    }
  });
}

export function providerApiBackend(options: ProviderApiOptions): StateBackend {
  const { target, http, allowWrites } = options;
  const api: Api = getCatalogue().api(target.api);
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const jobParam =
    api.lifecycle?.jobId?.parameter ??
    api.operations.flatMap((o) => o.parameters).find((p) => p.in === 'path' && /job/i.test(p.name))?.name;
  /** Jobs this verification created and has not cleaned up yet. */
  const created = new Set<string>();
  /** Every job this verification created (cleaned up or not). */
  const own = new Set<string>();
  let handedDeletable = false;
  /** Job ids listed when a state was set up for an interaction that creates one (its teardown cleans). */
  let listedBefore: Set<string> | undefined;
  let lastCreateAt: number | undefined;

  const send = (op: Operation, extra: Parameters<typeof callOperation>[3] = {}) =>
    callOperation(http, target, op, { retry: true, label: `provider state: ${op.id}`, ...extra });

  const ok = (x: Exchange) => (x.response?.status ?? 0) >= 200 && (x.response?.status ?? 0) < 300;
  const answered = (op: Operation, x: Exchange) =>
    `${op.id} answered ${x.response?.status ?? `nothing (${x.error?.message ?? 'no response'})`}`;

  /** The jobs on the list's first page; undefined when the API lists no jobs. */
  async function listed(): Promise<unknown[] | undefined> {
    const op = lifecycleOp(api, 'list');
    if (!op) return undefined;
    // A list with a required body (a POST list) takes the smallest one: no filter.
    const exchange = await send(op, op.requestBody?.required ? { body: {} } : {});
    if (!ok(exchange)) throw new Error(`listing the jobs failed: ${answered(op, exchange)}`);
    return itemsOf(op, exchange) ?? [];
  }

  async function listedIds(): Promise<Set<string>> {
    return new Set(((await listed()) ?? []).map((job) => jobIdOf(api, job)).filter((id) => id !== undefined));
  }

  async function firstJob(wanted: (job: unknown) => boolean): Promise<string | undefined> {
    const job = ((await listed()) ?? []).find(wanted);
    return job === undefined ? undefined : jobIdOf(api, job);
  }

  async function create(): Promise<string> {
    const op = lifecycleOp(api, 'create');
    if (!op) throw new NotVerifiable(`${api.id} documents no create operation`);
    if (!allowWrites) throw new NotVerifiable(WRITES_NEEDED);
    const declared =
      api.lifecycle?.createBody ?? (op.requestBody ? requiredBody(getCatalogue(), op) : undefined);
    let body = declared === undefined ? undefined : (structuredClone(declared) as Record<string, unknown>);
    for (const [pointer, value] of Object.entries(target.createBody ?? {})) {
      body ??= {};
      setAtPointer(body, pointer, value);
    }
    let exchange: Exchange;
    for (let attempt = 1; ; attempt++) {
      exchange = await send(op, { ...(body !== undefined ? { body } : {}), retry: false });
      const cooling = exchange.response?.status === api.lifecycle?.createCooldown;
      if (!cooling || attempt >= 3) break;
      await sleep(options.createCooldownMs);
    }
    lastCreateAt = Date.now();
    if (!ok(exchange)) throw new Error(`creating a job failed: ${answered(op, exchange)}`);
    const id = jobIdOf(api, jobOf(api, exchange.json));
    if (!id) throw new Error(`${op.id} answered ${exchange.response?.status} without a job id`);
    created.add(id);
    own.add(id);
    return id;
  }

  /** Cancels (else deletes) a job this verification created; an ended job may refuse, which is fine. */
  async function cleanUp(id: string): Promise<void> {
    created.delete(id);
    const cancel = lifecycleOp(api, 'cancel');
    const remove = lifecycleOp(api, 'delete');
    const op = cancel ?? remove;
    if (!op || !jobParam) return;
    const body = op === cancel ? cancelBody(getCatalogue(), api, op) : undefined;
    await send(op, {
      pathParams: { [jobParam]: id },
      retry: false,
      label: `clean-up: ${op.id} ${id}`,
      ...(body !== undefined ? { body } : {}),
    });
  }

  /**
   * A job an interaction that writes may change or delete (with writes the state cannot tell which
   * interaction it serves): one this verification created and that still exists, the configured
   * deletable job (once), a new one, or a listed one where the API documents no delete.
   */
  async function jobToWriteOn(): Promise<string> {
    for (const id of [...own].reverse()) {
      if (await exists(id)) return id;
      own.delete(id);
    }
    // The deletable job until an interaction has deleted it.
    if (target.deletableJobId && (!handedDeletable || (await exists(target.deletableJobId)))) {
      handedDeletable = true;
      return target.deletableJobId;
    }
    if (lifecycleOp(api, 'create')) return create();
    const listedJob = lifecycleOp(api, 'delete') ? undefined : await firstJob(() => true);
    const id = listedJob ?? (lifecycleOp(api, 'delete') ? undefined : target.existingJobId);
    if (id === undefined)
      throw new NotVerifiable(
        'with writes allowed it hands out only a job the interaction may delete: set the deletable job (x-live-settings deletableJobId), or verify read-only',
      );
    return id;
  }

  /** True unless the get operation answers 404 for the job (no get operation: assumed to exist). */
  async function exists(id: string): Promise<boolean> {
    const op = lifecycleOp(api, 'get');
    if (!op || !jobParam) return true;
    const exchange = await send(op, { pathParams: { [jobParam]: id } });
    return exchange.response?.status !== 404;
  }

  /** A job created and cancelled at once: an ended job (cancel is a capability of the ended state). */
  async function createEnded(): Promise<string> {
    const id = await create();
    await cleanUp(id);
    return id;
  }

  /** The values every interaction's request takes: path and header values, credentials by injection name. */
  async function values(
    mode: 'valid' | 'read-only' = 'valid',
    scope?: string,
  ): Promise<Record<string, string>> {
    const out: Record<string, string> = { ...target.pathParams };
    for (const [name, value] of Object.entries(target.headerParams ?? {})) out[snake(name)] = value;
    const op = api.operations[0];
    if (!op) return out;
    const auth = await authHeaders({
      http,
      target,
      api,
      operation: op,
      mode,
      ...(scope !== undefined ? { scope } : {}),
      onTokenFailure: (problem) => {
        throw new Error(problem);
      },
    });
    if ('failure' in auth) throw new Error('no credentials');
    const header = (name: string) =>
      Object.entries(auth.headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
    const schemes = mode === 'read-only' ? (target.credentials.readOnly ?? {}) : target.credentials.schemes;
    for (const name of Object.keys(schemes)) {
      const scheme = api.securitySchemes[name];
      if (scheme?.type === 'apiKey' && scheme.in === 'header' && scheme.headerName) {
        const value = header(scheme.headerName);
        if (value !== undefined) out.api_key = value;
      } else if (
        scheme?.type === 'oauth2' ||
        (scheme?.type === 'http' && /bearer/i.test(scheme.scheme ?? ''))
      ) {
        const bearer = header('authorization')?.replace(/^Bearer\s+/i, '');
        if (bearer !== undefined) out[scheme.type === 'oauth2' ? 'access_token' : 'token'] = bearer;
      }
    }
    return out;
  }

  const withJob = async (id: string | undefined, why: string) => {
    if (id === undefined) throw new NotVerifiable(why);
    return { ...(await values()), ...(jobParam ? { [jobParam]: id } : {}) };
  };

  async function coolDown(): Promise<void> {
    if (api.lifecycle?.createCooldown === undefined || lastCreateAt === undefined) return;
    const wait = lastCreateAt + options.createCooldownMs - Date.now();
    if (wait > 0) await sleep(wait);
  }

  async function unknownId(params: Record<string, unknown>): Promise<string> {
    const op = api.operations.find((o) => o.parameters.some((p) => p.in === 'path' && p.name === jobParam));
    const param = op?.parameters.find((p) => p.name === jobParam);
    const given = jobParam ? params[jobParam] : undefined;
    const ids = lifecycleOp(api, 'list') ? await listedIds() : new Set<string>();
    // The consumer's value, else one of the documented shape: a known id with its tail changed.
    const shapes = [
      ...(typeof given === 'string' ? [given] : []),
      ...ids,
      ...(target.existingJobId ? [target.existingJobId] : []),
    ];
    const candidates = [
      ...(typeof given === 'string' ? [given] : []),
      ...shapes.flatMap((id) => [`${id.slice(0, -3)}zzz`, `${id.slice(0, -3)}999`]),
      'no-such-job-0000',
      '999000000',
    ];
    const id = candidates.find((c) => !ids.has(c) && (param?.schema.validate(c) ?? true));
    if (!id) throw new NotVerifiable('no made-up id satisfies the job id parameter');
    return id;
  }

  return {
    name: allowWrites ? "the provider's API (writes allowed)" : "the provider's API, read-only",
    async setup(state, params) {
      switch (state) {
        case STATES.jobsExist: {
          const jobs = await listed();
          if (jobs?.length === 0) await create().catch(rethrowAs('the provider lists no jobs'));
          return values();
        }
        case STATES.noJobs: {
          const jobs = await listed();
          if (jobs === undefined) throw new NotVerifiable(`${api.id} documents no list of jobs`);
          if (jobs.length > 0)
            throw new NotVerifiable(
              `the provider lists ${jobs.length} jobs; verification never deletes them to reach 'no jobs'`,
            );
          return values();
        }
        case STATES.noJobMatches:
          return values();
        case STATES.jobExists: {
          if (allowWrites) return withJob(await jobToWriteOn(), '');
          const id = (await firstJob(() => true)) ?? target.existingJobId;
          return withJob(id, 'no job is listed or configured (the existing job setting)');
        }
        case STATES.jobRunning: {
          // The interaction cancels it: with writes, a job of this verification's own, never one of yours.
          if (allowWrites) return withJob(await create(), '');
          return withJob(await firstJob((job) => !hasEnded(api, job)), 'no running job is listed');
        }
        case STATES.jobEnded: {
          const id = await firstJob((job) => hasEnded(api, job));
          return withJob(id ?? (await createEnded().catch(rethrowAs('no ended job is listed'))), '');
        }
        case STATES.jobMissing:
          return { ...(await values()), ...(jobParam ? { [jobParam]: await unknownId(params) } : {}) };
        case STATES.justCreated:
          await coolDown();
          return withJob(await create(), '');
        case STATES.notRecentlyCreated:
          if (!allowWrites) throw new NotVerifiable(`the interaction creates a job, so ${WRITES_NEEDED}`);
          await coolDown();
          listedBefore = lifecycleOp(api, 'list') ? await listedIds() : undefined;
          return values();
        case STATES.unavailable:
          throw new NotVerifiable('an outage cannot be caused over the public API');
        case STATES.lacksScope: {
          // A token asked with the scopes the state names that the API's operations use (a scope
          // no operation needs may be unknown to the token endpoint), else the read-only credentials.
          const used = new Set(
            api.operations.flatMap((o) => o.security.flatMap((alt) => Object.values(alt.schemes).flat())),
          );
          const scope =
            typeof params.scope === 'string'
              ? params.scope
                  .split(/\s+/)
                  .filter((s) => used.has(s))
                  .join(' ')
              : undefined;
          const client = Object.values(target.credentials.schemes).some((c) => c.clientId && c.clientSecret);
          if (!(client && scope !== undefined) && !target.credentials.readOnly)
            throw new NotVerifiable(
              'it needs a token without the operation scope: OAuth2 client credentials, or the read-only credentials',
            );
          const base = await (client && scope !== undefined
            ? values('valid', scope)
            : values('read-only')
          ).catch((error: Error) => {
            throw new NotVerifiable(`no token without the operation's scope: ${error.message}`);
          });
          const id = (await firstJob(() => true)) ?? target.existingJobId;
          return { ...base, ...(jobParam && id !== undefined ? { [jobParam]: id } : {}) };
        }
        default:
          throw new NotVerifiable(`'${state}' is not a provider state of these contracts`);
      }
    },
    async teardown(state) {
      if (state === STATES.notRecentlyCreated && allowWrites) {
        // The interaction may have created a job: cancel what is listed now and was not before.
        lastCreateAt = Date.now();
        const before = listedBefore;
        listedBefore = undefined;
        if (before) for (const id of await listedIds()) if (!before.has(id)) created.add(id);
      }
      for (const id of [...created]) await cleanUp(id);
    },
    async close() {
      for (const id of [...created]) await cleanUp(id);
    },
  };
}

/** A NotVerifiable refusal to create, with what discovery found first. */
function rethrowAs(found: string) {
  return (error: unknown): never => {
    if (error instanceof NotVerifiable) throw new NotVerifiable(`${found}, and ${error.message}`);
    throw error;
  };
}
