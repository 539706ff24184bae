/**
 * The simulator host: one node:http server per server group (registry.ts), the request log, the
 * control surface, and every fault that works the same for every API.
 *
 * Control surface (on every server, never logged, never faulted; JSON in and out):
 *   GET  /__simulator                → { name, apis, baseUrl, credentials, faults, states }
 *   POST /__simulator/advance        { api? }                        → { ended }  (running jobs end now)
 *   GET  /__simulator/faults         → { faults }
 *   PUT  /__simulator/faults         { faults: FaultId[] }           → { faults }  (POST works too)
 *   POST /__simulator/reset          → { ok: true }  (seeded state again, request log cleared)
 *   POST /__simulator/state          { state | states[], params?, action? } → values for the interaction
 *        (the Pact provider-state setup shape; action 'teardown' does nothing)
 *   GET  /__simulator/requests       → { requests: [{ api, operation, method, path, status }] }
 * Faults are shared by every server of one SimulatorSet.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ApiId, type Catalogue, getCatalogue } from '../catalogue/index.ts';
import type { Target } from '../core/index.ts';
import type {
  ApiSimulator,
  RateLimitOptions,
  RequestLogEntry,
  SimContext,
  SimRequest,
  SimResponse,
  SimulatorModule,
  SimulatorServer,
  SimulatorSet,
  StartOptions,
} from './core.ts';
import { createRng } from './data.ts';
import { FAULT_IDS, type FaultId, faultApplies, isFaultId } from './faults.ts';
import { writeHostile } from './hostile-bodies.ts';
import { SIMULATOR_MODULES } from './registry.ts';

export const CONTROL_PREFIX = '/__simulator';
const RESET_DELAY_MS = 25;
export const DEFAULTS = {
  seed: 1,
  jobs: 300,
  host: '127.0.0.1',
  cooldownMs: 30_000,
  jobDurationMs: 10_000,
  slowMs: 3_500,
  dripBytes: 4,
  dripIntervalMs: 400,
  oversizeBytes: 8 * 1024 * 1024 + 1024,
  /** transport.503-burst: how many requests per route fail before service resumes. */
  burst503: 5,
  maxRequestBody: 1024 * 1024,
  requestLogCap: 100_000,
} as const;

/** A simulator-level problem with the start options (unknown API, fault …); the CLI maps it to exit 2. */
export class SimulatorOptionsError extends Error {
  override name = 'SimulatorOptionsError';
}

/** Every API some registered module serves. */
export function servableApis(modules: readonly SimulatorModule[] = SIMULATOR_MODULES): ApiId[] {
  return modules.flatMap((m) => m.apis);
}

interface Group {
  module: SimulatorModule;
  simulator: ApiSimulator;
  server: Server;
  info: SimulatorServer;
  apis: ApiId[];
}

export async function startSimulators(options: StartOptions = {}): Promise<SimulatorSet> {
  const modules = options.modules ?? SIMULATOR_MODULES;
  const servable = servableApis(modules);
  const wanted = options.apis ?? servable;
  for (const api of wanted) {
    if (!servable.includes(api))
      throw new SimulatorOptionsError(`no simulator serves '${api}' (served: ${servable.join(', ')})`);
  }
  for (const id of options.faults ?? []) {
    if (!isFaultId(id))
      throw new SimulatorOptionsError(`unknown fault '${id}' (known: ${FAULT_IDS.join(', ')})`);
  }
  const catalogue = options.catalogue ?? getCatalogue();
  const faults = new Set<FaultId>(options.faults ?? []);
  const requests: RequestLogEntry[] = [];
  const transport = { ...DEFAULTS, ...options.transport };
  const host = options.host ?? DEFAULTS.host;
  const burstCounts = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();

  const groups: Group[] = [];
  try {
    for (const module of modules) {
      const apis = module.apis.filter((a) => wanted.includes(a));
      if (apis.length === 0) continue;
      const ctx = makeContext(module, catalogue, faults, options);
      const simulator = module.create(ctx);
      const port = options.port ? options.port + groups.length : 0;
      const group: Group = {
        module,
        simulator,
        apis,
        server: createServer(),
        info: { name: module.name, apis, origin: '', baseUrl: '', credentials: ctx.credentials },
      };
      group.server.on('request', (req, res) => {
        serve(group, req, res).catch((error: unknown) => {
          if (!res.headersSent) {
            res.writeHead(500, { 'content-type': 'text/plain' });
            res.end(`simulator error: ${(error as Error)?.message ?? String(error)}`);
          } else res.destroy();
        });
      });
      await listen(group.server, port, host);
      const address = group.server.address() as AddressInfo;
      const origin = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
      group.info.origin = origin;
      group.info.baseUrl = origin + module.basePath;
      groups.push(group);
    }
  } catch (error) {
    await Promise.all(groups.map((g) => closeServer(g.server)));
    throw error;
  }

  const targets: Partial<Record<ApiId, Target>> = {};
  for (const group of groups)
    for (const api of group.apis) targets[api] = group.simulator.target(api, group.info.baseUrl);

  const groupOf = (api: ApiId): Group => {
    const group = groups.find((g) => g.apis.includes(api));
    if (!group) throw new SimulatorOptionsError(`'${api}' is not served by this simulator set`);
    return group;
  };
  const setFaults = (ids: readonly FaultId[]) => {
    for (const id of ids)
      if (!isFaultId(id))
        throw new SimulatorOptionsError(`unknown fault '${id}' (known: ${FAULT_IDS.join(', ')})`);
    faults.clear();
    for (const id of ids) faults.add(id);
    burstCounts.clear();
  };
  const advanceJobs = (api?: ApiId) =>
    api
      ? groupOf(api).simulator.advanceJobs(api)
      : groups.reduce((sum, g) => sum + g.simulator.advanceJobs(), 0);
  const reset = () => {
    for (const g of groups) g.simulator.reset();
    requests.length = 0;
    burstCounts.clear();
  };
  const runState = async (group: Group, state: string, params: Record<string, unknown>) => {
    const handler = group.simulator.providerStates[state];
    if (!handler)
      throw new SimulatorOptionsError(
        `unknown provider state '${state}' for ${group.module.name} (known: ${Object.keys(group.simulator.providerStates).join(', ')})`,
      );
    return handler(params);
  };

  async function serve(group: Group, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const rawBody = await readBody(req, transport.maxRequestBody);
    const simReq = toSimRequest(req, url, group.module.basePath, rawBody);
    if (url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`)) {
      await control(group, url.pathname.slice(CONTROL_PREFIX.length), simReq, res);
      return;
    }
    let answer: SimResponse;
    if (rawBody === undefined) {
      answer = group.simulator.errorResponse(simReq, 413, 'Request body too large.');
    } else if (hasGeneric('transport.html-error-page')) {
      answer = { status: 502, contentType: 'text/html', text: HTML_502 };
    } else if (hasGeneric('transport.redirect-loop')) {
      answer = { status: 307, headers: { location: req.url ?? '/' } };
    } else if (hasGeneric('transport.429-storm')) {
      answer = withHeaders(group.simulator.errorResponse(simReq, 429, 'Too many requests.'), {
        'retry-after': '1',
      });
    } else if (hasGeneric('transport.503-burst') && burst(`${req.method} ${url.pathname}`)) {
      answer = withHeaders(group.simulator.errorResponse(simReq, 503, 'Service unavailable.'), {
        'retry-after': '0',
      });
    } else {
      answer = await group.simulator.handle(simReq);
    }
    if (
      hasGeneric('status.undocumented') &&
      answer.status >= 200 &&
      answer.status < 300 &&
      answer.operation?.writes === false
    ) {
      answer = { ...answer, status: 299 };
    }
    log({
      api: answer.api,
      operation: answer.operation?.id,
      method: req.method ?? 'GET',
      path: url.pathname,
      status: answer.status,
    });
    if (hasGeneric('transport.slow')) await delay(transport.slowMs);
    if (res.destroyed) return;
    write(res, answer);
  }

  /** Generic faults apply to every API, so membership in the set is enough. */
  function hasGeneric(id: FaultId): boolean {
    return faults.has(id);
  }

  function burst(route: string): boolean {
    const seen = burstCounts.get(route) ?? 0;
    burstCounts.set(route, seen + 1);
    return seen < transport.burst503;
  }

  function log(entry: RequestLogEntry): void {
    requests.push(entry);
    if (requests.length > transport.requestLogCap + 10_000) requests.splice(0, 10_000);
  }

  function delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  }

  function write(res: ServerResponse, answer: SimResponse): void {
    const headers: Record<string, string> = { ...answer.headers };
    let body: Buffer | undefined;
    let isJson = false;
    if (answer.json !== undefined) {
      isJson = true;
      body = Buffer.from(JSON.stringify(answer.json));
      headers['content-type'] = 'application/json';
    } else if (answer.text !== undefined) {
      body = Buffer.from(answer.text);
      headers['content-type'] = answer.contentType ?? 'text/plain';
    }
    if (writeHostile(res, { status: answer.status, headers, body, isJson }, faults, transport.hostile))
      return;
    if (isJson && body) {
      if (faults.has('content-type.wrong')) headers['content-type'] = 'text/plain';
      if (faults.has('content-type.missing')) delete headers['content-type'];
      if (faults.has('transport.invalid-json')) body = body.subarray(0, Math.floor(body.length / 2));
      if (faults.has('transport.oversized-body') && body.length < transport.oversizeBytes)
        body = Buffer.concat([body, Buffer.alloc(transport.oversizeBytes - body.length, 0x20)]);
    }
    const bytes = body ?? Buffer.alloc(0);
    const withBody = answer.status !== 204 && answer.status !== 304;
    if (faults.has('headers.content-length-wrong')) {
      // Fewer bytes promised than sent (truncated-body is the other direction); close so the
      // surplus cannot be read as the next response.
      headers['content-length'] = String(bytes.length > 0 ? bytes.length - 1 : 1);
      headers.connection = 'close';
      res.writeHead(answer.status, headers);
      res.end(withBody ? bytes : undefined);
      return;
    }
    headers['content-length'] = String(withBody ? bytes.length : 0);
    if (faults.has('transport.reset-mid-body') || faults.has('transport.truncated-body')) {
      const reset = faults.has('transport.reset-mid-body');
      if (!reset) headers['content-length'] = String(Math.max(bytes.length, 1));
      headers.connection = 'close';
      res.writeHead(answer.status, headers);
      const half = bytes.subarray(0, Math.floor(bytes.length / 2));
      res.write(half, () => {
        const socket = res.socket;
        if (!socket) return;
        if (!reset) {
          socket.end();
          return;
        }
        // Let the half body reach the client first: an immediate RST can overtake the data.
        const timer = setTimeout(() => {
          timers.delete(timer);
          socket.resetAndDestroy();
        }, RESET_DELAY_MS);
        timers.add(timer);
      });
      return;
    }
    if (faults.has('transport.drip') && withBody && bytes.length > 0) {
      res.writeHead(answer.status, headers);
      let offset = 0;
      const step = () => {
        if (res.destroyed) return;
        const chunk = bytes.subarray(offset, offset + transport.dripBytes);
        offset += chunk.length;
        if (offset >= bytes.length) {
          res.end(chunk);
          return;
        }
        res.write(chunk);
        const timer = setTimeout(() => {
          timers.delete(timer);
          step();
        }, transport.dripIntervalMs);
        timers.add(timer);
      };
      step();
      return;
    }
    res.writeHead(answer.status, headers);
    res.end(withBody ? bytes : undefined);
  }

  async function control(group: Group, route: string, req: SimRequest, res: ServerResponse): Promise<void> {
    const reply = (status: number, json: unknown) => {
      const bytes = Buffer.from(JSON.stringify(json));
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(bytes.length) });
      res.end(bytes);
    };
    const body = (req.json ?? {}) as Record<string, unknown>;
    if (req.jsonError) return reply(400, { error: `control body is not JSON: ${req.jsonError}` });
    try {
      if (route === '' || route === '/') {
        if (req.method !== 'GET') return reply(405, { error: 'use GET' });
        return reply(200, {
          name: group.module.name,
          apis: group.apis,
          baseUrl: group.info.baseUrl,
          credentials: group.info.credentials,
          faults: [...faults],
          states: Object.keys(group.simulator.providerStates),
        });
      }
      if (route === '/advance' && req.method === 'POST') {
        const api = body.api as ApiId | undefined;
        if (api !== undefined && !group.apis.includes(api))
          return reply(400, {
            error: `'${String(api)}' is not served here (serves ${group.apis.join(', ')})`,
          });
        return reply(200, { ended: api ? group.simulator.advanceJobs(api) : advanceJobs() });
      }
      if (route === '/faults') {
        if (req.method === 'GET') return reply(200, { faults: [...faults] });
        if (req.method !== 'PUT' && req.method !== 'POST')
          return reply(405, { error: 'use GET, PUT or POST' });
        const list = body.faults;
        if (!Array.isArray(list) || list.some((f) => typeof f !== 'string'))
          return reply(400, { error: 'body must be {"faults": [fault ids]}' });
        setFaults(list as FaultId[]);
        return reply(200, { faults: [...faults] });
      }
      if (route === '/reset' && req.method === 'POST') {
        reset();
        return reply(200, { ok: true });
      }
      if (route === '/state' && req.method === 'POST') {
        if (body.action === 'teardown') return reply(200, {});
        const names = Array.isArray(body.states)
          ? (body.states as unknown[]).map((s) =>
              typeof s === 'string' ? s : String((s as { name?: unknown })?.name ?? ''),
            )
          : [];
        if (typeof body.state === 'string' && !names.includes(body.state)) names.unshift(body.state);
        if (names.length === 0) return reply(400, { error: 'body must name a state: {"state": "..."}' });
        const params = (body.params ?? {}) as Record<string, unknown>;
        let values: Record<string, unknown> = {};
        for (const name of names) values = { ...values, ...(await runState(group, name, params)) };
        return reply(200, values);
      }
      if (route === '/requests' && req.method === 'GET') return reply(200, { requests });
      return reply(404, { error: `no control route ${req.method} ${CONTROL_PREFIX}${route}` });
    } catch (error) {
      return reply(400, { error: (error as Error).message });
    }
  }

  return {
    targets,
    target(api) {
      const target = targets[api];
      if (!target) throw new SimulatorOptionsError(`'${api}' is not served by this simulator set`);
      return target;
    },
    servers: groups.map((g) => g.info),
    requests,
    advanceJobs,
    setFaults,
    faults,
    providerState: (api, state, params = {}) => runState(groupOf(api), state, params),
    reset,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all(groups.map((g) => closeServer(g.server)));
    },
  };
}

function makeContext(
  module: SimulatorModule,
  catalogue: Catalogue,
  faults: ReadonlySet<FaultId>,
  options: StartOptions,
): SimContext {
  const seed = options.seed ?? DEFAULTS.seed;
  let rateLimit: RateLimitOptions | undefined;
  if (options.rateLimit === true) {
    const documented = module.apis.map((a) => catalogue.api(a).rateLimit).find((r) => r !== undefined);
    if (documented) rateLimit = { requests: documented.requests, windowSeconds: documented.windowSeconds };
  } else if (options.rateLimit) rateLimit = options.rateLimit;
  return {
    catalogue,
    faults,
    hasFault: (id, api) => faults.has(id) && faultApplies(id, api),
    seed,
    rng: (stream) => createRng(seed, stream),
    now: options.now ?? Date.now,
    jobs: options.jobs ?? DEFAULTS.jobs,
    jobDurationMs: options.jobDurationMs ?? DEFAULTS.jobDurationMs,
    cooldownMs: options.cooldownMs ?? DEFAULTS.cooldownMs,
    rateLimit,
    credentials: { ...module.defaultCredentials, ...options.credentials?.[module.name] },
  };
}

function toSimRequest(
  req: IncomingMessage,
  url: URL,
  basePath: string,
  rawBody: string | undefined,
): SimRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const path =
    basePath && (url.pathname === basePath || url.pathname.startsWith(`${basePath}/`))
      ? url.pathname.slice(basePath.length) || '/'
      : basePath
        ? // Outside the base path: keep the full path so no route can match it by accident.
          `//outside${url.pathname}`
        : url.pathname;
  const text = rawBody ?? '';
  const simReq: SimRequest = {
    method: req.method ?? 'GET',
    path,
    query: url.searchParams,
    headers,
    rawBody: text,
  };
  if (text.trim() !== '') {
    try {
      simReq.json = JSON.parse(text);
    } catch (error) {
      simReq.jsonError = (error as Error).message;
    }
  }
  return simReq;
}

/** The request body as text; undefined when it exceeds `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function withHeaders(answer: SimResponse, headers: Record<string, string>): SimResponse {
  return { ...answer, headers: { ...answer.headers, ...headers } };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new SimulatorOptionsError(`port ${port} on ${host} is already in use`)
          : error,
      ),
    );
    server.listen(port, host, () => resolve());
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

const HTML_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>simulator</center>\r\n</body>\r\n</html>\r\n';
