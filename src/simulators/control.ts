/**
 * The control surface, on every server (never logged, never faulted; JSON in and out):
 *   GET  /__simulator                → { name, apis, baseUrl, credentials, targets, faults, states }
 *        (targets: per API the Target a client uses, so a state's values need no per-simulator names)
 *   POST /__simulator/advance        { api? }                        → { ended }  (running jobs end now)
 *   GET  /__simulator/faults         → { faults }
 *   PUT  /__simulator/faults         { faults: FaultId[] }           → { faults }  (POST works too)
 *   POST /__simulator/reset          → { ok: true }  (seeded state again, request log cleared)
 *   POST /__simulator/state          { state | states[], params?, action? } → values for the interaction
 *        (the Pact provider-state setup shape; action 'teardown' does nothing; the names are the
 *        vocabulary of provider-states.ts: a state this simulator cannot set answers 422
 *        { error, unsupported: state }, a name outside the vocabulary 400)
 *   GET  /__simulator/requests       → { requests: [{ api, operation, method, path, status }] }
 * Faults are shared by every server of one SimulatorSet.
 */
import type { ServerResponse } from 'node:http';
import type { ApiId } from '../catalogue/index.ts';
import type { RequestLogEntry, SimRequest } from './core.ts';
import type { FaultId } from './faults.ts';
import { CONTROL_PREFIX } from './host-settings.ts';
import { supportedStates, UnsupportedStateError } from './provider-states.ts';
import { runState, type ServerGroup } from './server-group.ts';

/** What the control surface reads and changes of the whole simulator set. */
export interface ControlledSet {
  readonly faults: ReadonlySet<FaultId>;
  readonly requests: readonly RequestLogEntry[];
  setFaults(ids: readonly FaultId[]): void;
  /** Ends running jobs on every server; returns how many ended. */
  advanceJobs(): number;
  reset(): void;
}

export async function control(
  set: ControlledSet,
  group: ServerGroup,
  route: string,
  req: SimRequest,
  res: ServerResponse,
): Promise<void> {
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
        targets: Object.fromEntries(
          group.apis.map((api) => [api, group.simulator.target(api, group.info.baseUrl)]),
        ),
        faults: [...set.faults],
        states: supportedStates(group.simulator.providerStates),
      });
    }
    if (route === '/advance' && req.method === 'POST') {
      const api = body.api as ApiId | undefined;
      if (api !== undefined && !group.apis.includes(api))
        return reply(400, {
          error: `'${String(api)}' is not served here (serves ${group.apis.join(', ')})`,
        });
      return reply(200, { ended: api ? group.simulator.advanceJobs(api) : set.advanceJobs() });
    }
    if (route === '/faults') {
      if (req.method === 'GET') return reply(200, { faults: [...set.faults] });
      if (req.method !== 'PUT' && req.method !== 'POST') return reply(405, { error: 'use GET, PUT or POST' });
      const list = body.faults;
      if (!Array.isArray(list) || list.some((f) => typeof f !== 'string'))
        return reply(400, { error: 'body must be {"faults": [fault ids]}' });
      set.setFaults(list as FaultId[]);
      return reply(200, { faults: [...set.faults] });
    }
    if (route === '/reset' && req.method === 'POST') {
      set.reset();
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
    if (route === '/requests' && req.method === 'GET') return reply(200, { requests: set.requests });
    return reply(404, { error: `no control route ${req.method} ${CONTROL_PREFIX}${route}` });
  } catch (error) {
    if (error instanceof UnsupportedStateError)
      return reply(422, { error: error.message, unsupported: error.state });
    return reply(400, { error: (error as Error).message });
  }
}
