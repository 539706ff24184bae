/**
 * The simulator host: one node:http server per server group (registry.ts), routing each request to
 * the control surface (control.ts) or to the group's simulator, with the faults that work the same
 * for every API around it (generic-faults.ts before and after the simulator answers, wire.ts as the
 * answer is written) and every answered request in the request log (request-log.ts).
 * Faults are shared by every server of one SimulatorSet.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ApiId, type Catalogue, getCatalogue } from '../catalogue/index.ts';
import type { Target } from '../core/index.ts';
import { control } from './control.ts';
import type { SimResponse, SimulatorModule, SimulatorSet, StartOptions } from './core.ts';
import { FAULT_IDS, type FaultId, isFaultId } from './faults.ts';
import { withInputFaults } from './generic/index.ts';
import { GenericFaults } from './generic-faults.ts';
import { CONTROL_PREFIX, DEFAULTS, hostTransport, SimulatorOptionsError } from './host-settings.ts';
import { HostTimers } from './host-timers.ts';
import { MemoryDispatcher } from './memory-dispatcher.ts';
import { simulatorModules } from './registry.ts';
import { RequestLog } from './request-log.ts';
import { runState, type ServerGroup } from './server-group.ts';
import { closeServer, type HostRequest, listen, readRequest, toSimRequest } from './server-io.ts';
import { makeContext } from './sim-context.ts';
import { writeAnswer } from './wire.ts';

/** Every API some module serves: by default every API of the catalogue (the generic simulator serves any). */
export function servableApis(modules?: readonly SimulatorModule[], catalogue?: Catalogue): ApiId[] {
  return (modules ?? simulatorModules(catalogue ?? getCatalogue())).flatMap((m) => m.apis);
}

export async function startSimulators(options: StartOptions = {}): Promise<SimulatorSet> {
  const catalogue = options.catalogue ?? getCatalogue();
  const modules = options.modules ?? simulatorModules(catalogue);
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
  const faults = new Set<FaultId>(options.faults ?? []);
  const transport = hostTransport(options.transport);
  const log = new RequestLog(transport.requestLogCap);
  const generic = new GenericFaults(faults, transport.burst503);
  const host = options.host ?? DEFAULTS.host;
  const timers = new HostTimers();

  const groups: ServerGroup[] = [];
  const inMemory = new Map<string, MemoryDispatcher>();
  try {
    for (const module of modules) {
      const apis = module.apis.filter((a) => wanted.includes(a));
      if (apis.length === 0) continue;
      const ctx = makeContext(module, catalogue, faults, options);
      const simulator = withInputFaults(module.create(ctx), ctx, apis);
      const port = options.port ? options.port + groups.length : 0;
      const group: ServerGroup = {
        module,
        simulator,
        apis,
        server: createServer(),
        info: { name: module.name, apis, origin: '', baseUrl: '', credentials: ctx.credentials },
      };
      group.server.on('request', (req, res) => {
        answerSafely(
          readRequest(req, transport.maxRequestBody).then((request) => serve(group, request, res)),
          res,
        );
      });
      await listen(group.server, port, host);
      const address = group.server.address() as AddressInfo;
      const origin = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
      group.info.origin = origin;
      group.info.baseUrl = origin + module.basePath;
      groups.push(group);
      const keepAlive = group.server.keepAliveTimeout;
      inMemory.set(
        origin,
        new MemoryDispatcher(
          (request, res) => answerSafely(serve(group, request, res), res),
          keepAlive,
          transport.maxRequestBody,
        ),
      );
    }
  } catch (error) {
    await Promise.all(groups.map((g) => closeServer(g.server)));
    throw error;
  }

  const targets: Partial<Record<ApiId, Target>> = {};
  for (const group of groups)
    for (const api of group.apis) targets[api] = group.simulator.target(api, group.info.baseUrl);

  const groupOf = (api: ApiId): ServerGroup => {
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
    generic.resetBursts();
  };
  const advanceJobs = (api?: ApiId) =>
    api
      ? groupOf(api).simulator.advanceJobs(api)
      : groups.reduce((sum, g) => sum + g.simulator.advanceJobs(), 0);
  const reset = () => {
    for (const g of groups) g.simulator.reset();
    log.clear();
    generic.resetBursts();
  };
  const controlled = { faults, requests: log.entries, setFaults, advanceJobs: () => advanceJobs(), reset };

  /** A simulator that throws answers 500 (or, once its answer has begun, drops the connection). */
  function answerSafely(served: Promise<void>, res: ServerResponse): void {
    served.catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`simulator error: ${(error as Error)?.message ?? String(error)}`);
      } else res.destroy();
    });
  }

  async function serve(group: ServerGroup, req: HostRequest, res: ServerResponse): Promise<void> {
    const url = new URL(req.url, 'http://simulator');
    const rawBody = req.rawBody;
    const simReq = toSimRequest(req, url, group.module.basePath);
    const isControl = url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`);
    if (isControl && options.control !== false) {
      await control(controlled, group, url.pathname.slice(CONTROL_PREFIX.length), simReq, res);
      return;
    }
    let answer: SimResponse;
    if (rawBody === undefined) {
      answer = group.simulator.errorResponse(simReq, 413, 'Request body too large.');
    } else {
      answer =
        generic.instead(group.simulator, simReq, {
          method: req.method,
          pathname: url.pathname,
          rawUrl: req.url,
        }) ?? (await group.simulator.handle(simReq));
    }
    answer = generic.after(answer);
    log.add({
      api: answer.api,
      operation: answer.operation?.id,
      method: req.method,
      path: url.pathname,
      status: answer.status,
    });
    if (generic.has('transport.slow')) await timers.delay(transport.slowMs);
    if (res.destroyed) return;
    writeAnswer(res, answer, faults, transport, timers);
  }

  return {
    targets,
    target(api) {
      const target = targets[api];
      if (!target) throw new SimulatorOptionsError(`'${api}' is not served by this simulator set`);
      return target;
    },
    servers: groups.map((g) => g.info),
    requests: log.entries,
    // While a fault is on, the answer may act on the wire or on time: those requests take the socket.
    memoryDispatcher: (origin) => (faults.size === 0 ? inMemory.get(origin) : undefined),
    advanceJobs,
    setFaults,
    faults,
    providerState: (api, state, params = {}) => runState(groupOf(api), state, { api, ...params }),
    reset,
    async close() {
      timers.clear();
      await Promise.all(groups.map((g) => closeServer(g.server)));
    },
  };
}
