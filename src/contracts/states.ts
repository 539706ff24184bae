import type { Api, ApiId } from '../catalogue/index.ts';
import { getCatalogue } from '../catalogue/index.ts';
import type { Target } from '../core/index.ts';
import { CONTROL_PREFIX, type FaultId, type ProviderStateName } from '../simulators/index.ts';

/**
 * The provider states the contracts name (Pact `given`), and how verification puts a simulator in
 * each: through the simulator's HTTP control surface (`/__simulator/state`, `/faults`, `/reset`), so
 * an in-process simulator and a `jobs-conformance mock` server elsewhere are driven the same way.
 *
 * Every contract state is a sequence of the standard simulator states (the vocabulary every
 * simulator's control API fulfils, src/simulators/provider-states.ts), perhaps with a fault; nothing
 * here names an API or a simulator. A contract state some APIs cannot be in says which declared
 * capability it needs (a cancel operation, a create cooldown, an insufficient-scope answer); the
 * cases of an API without it are listed as not covered.
 *
 * Each state answers the values the interaction's request uses (provider-state injection): path
 * values, the job id, and the credentials the simulator accepts.
 */
export const STATES = {
  jobsExist: 'jobs exist',
  noJobs: 'no jobs',
  noJobMatches: 'no job matches the filter',
  jobExists: 'a job exists',
  jobRunning: 'a running job exists',
  jobEnded: 'an ended job exists',
  jobMissing: 'no job exists with the id',
  justCreated: 'a job was just created',
  notRecentlyCreated: 'no job was created recently',
  unavailable: 'the service is unavailable',
  /** Params: `scope`, the scopes the token carries (those of the scheme the operation does not need). */
  lacksScope: "the token lacks the operation's scope",
} as const;
export type StateName = (typeof STATES)[keyof typeof STATES];

/** A declared capability a contract state needs, by the declaration it reads. */
export type Capability = 'lifecycle.cancel' | 'lifecycle.createCooldown' | 'insufficientScope';

const hasOAuth2 = (api: Api) => Object.values(api.securitySchemes).some((s) => s.type === 'oauth2');

const CAPABILITIES: Record<Capability, (api: Api) => boolean> = {
  'lifecycle.cancel': (api) => api.lifecycle?.operations.cancel !== undefined,
  'lifecycle.createCooldown': (api) => api.lifecycle?.createCooldown !== undefined,
  insufficientScope: (api) => api.authRejection.insufficientScope !== undefined && hasOAuth2(api),
};

/** What one contract state means on any simulator. */
interface StateSetup {
  /** Standard simulator states to set, in order; their answers are merged. */
  simulator: ProviderStateName[];
  /** Faults to switch on (none otherwise). */
  faults?: FaultId[];
  /** The declared capability the state needs; an API without it cannot be put in the state. */
  needs?: Capability;
}

const SETUPS: Record<StateName, StateSetup> = {
  'jobs exist': { simulator: ['jobs exist'] },
  'no jobs': { simulator: ['no jobs'] },
  // The case's filter value matches no job.
  'no job matches the filter': { simulator: ['jobs exist'] },
  'a job exists': { simulator: ['a job exists'] },
  'a running job exists': { simulator: ['a running job exists'], needs: 'lifecycle.cancel' },
  'an ended job exists': { simulator: ['an ended job exists'], needs: 'lifecycle.cancel' },
  'no job exists with the id': { simulator: ['no job exists with the id'] },
  'a job was just created': { simulator: ['a job was just created'], needs: 'lifecycle.createCooldown' },
  'no job was created recently': {
    simulator: ['no job was created recently'],
    needs: 'lifecycle.createCooldown',
  },
  'the service is unavailable': { simulator: ['jobs exist'], faults: ['transport.503-burst'] },
  "the token lacks the operation's scope": { simulator: ['a job exists'], needs: 'insufficientScope' },
};

/** The capability a contract state needs, if any. */
export function stateNeeds(state: StateName): Capability | undefined {
  return SETUPS[state].needs;
}

/** True when the API declares what the state needs (the contract cases use only these). */
export function stateSupported(api: ApiId, state: StateName): boolean {
  const needs = SETUPS[state].needs;
  return needs === undefined || CAPABILITIES[needs](getCatalogue().api(api));
}

/**
 * The values a request of the API takes from the simulator's Target: path values, header
 * parameters and credentials, under the names the consumer's pact injects (generate.ts): `token`
 * (http bearer), `access_token` (oauth2), `api_key` (apiKey), a header parameter by its name in
 * snake case.
 */
function targetValues(api: Api, target: Partial<Target> | undefined): Record<string, string> {
  const values: Record<string, string> = { ...target?.pathParams };
  for (const [name, value] of Object.entries(target?.headerParams ?? {}))
    values[name.replace(/[^A-Za-z0-9]+/g, '_').toLowerCase()] = value;
  for (const [name, scheme] of Object.entries(target?.credentials?.schemes ?? {})) {
    const type = api.securitySchemes[name]?.type;
    if (scheme.token !== undefined) values[type === 'oauth2' ? 'access_token' : 'token'] = scheme.token;
    if (scheme.value !== undefined) values.api_key = scheme.value;
  }
  return values;
}

export class ProviderStateError extends Error {
  override name = 'ProviderStateError';
}

async function control(origin: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${origin}${CONTROL_PREFIX}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) {
    const unsupported =
      response.status === 422 ? (JSON.parse(text) as { unsupported?: string }).unsupported : undefined;
    throw new ProviderStateError(
      unsupported
        ? `the simulator cannot set provider state '${unsupported}' (it answered unsupported): ${text.slice(0, 300)}`
        : `${method} ${CONTROL_PREFIX}${path} answered ${response.status}: ${text.slice(0, 300)}`,
    );
  }
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** Puts the simulator at `origin` in a contract state; returns the values for provider-state injection. */
export async function setUpState(
  origin: string,
  apiId: ApiId,
  state: string,
  params: Record<string, unknown> = {},
): Promise<Record<string, string>> {
  const setup = SETUPS[state as StateName] as StateSetup | undefined;
  if (!setup) throw new ProviderStateError(`no contract state '${state}'`);
  const api = getCatalogue().api(apiId);
  if (setup.needs && !CAPABILITIES[setup.needs](api))
    throw new ProviderStateError(`${apiId} declares no ${setup.needs}, which state '${state}' needs`);
  await control(origin, 'POST', '/reset');
  const info = (await control(origin, 'GET', '')) as { targets?: Record<string, Partial<Target>> };
  const values = targetValues(api, info.targets?.[apiId]);
  const steps: { state: ProviderStateName; params?: Record<string, unknown> }[] = setup.simulator.map(
    (name) => ({ state: name }),
  );
  // An API with an OAuth2 scheme needs a token: every scope, or those the state names.
  if (hasOAuth2(api)) {
    const scope = typeof params.scope === 'string' ? { scope: params.scope } : {};
    steps.push({ state: 'an access token exists', params: scope });
  }
  for (const step of steps) {
    const answer = (await control(origin, 'POST', '/state', {
      state: step.state,
      params: { ...params, ...step.params, api: apiId },
    })) as Record<string, unknown>;
    for (const [k, v] of Object.entries(answer ?? {}))
      if (v !== undefined && v !== null) values[k] = String(v);
  }
  if (setup.faults) {
    // Added to the faults already on (a run against a faulty simulator keeps its faults); the
    // teardown puts the earlier set back.
    const before = ((await control(origin, 'GET', '/faults')) as { faults: string[] }).faults;
    await control(origin, 'PUT', '/faults', { faults: [...new Set([...before, ...setup.faults])] });
    restoreFaults.set(origin, before);
  }
  return values;
}

const restoreFaults = new Map<string, string[]>();

/** Undoes what a state switched on (the faults of 'the service is unavailable'). */
export async function tearDownState(origin: string): Promise<void> {
  const before = restoreFaults.get(origin);
  if (!before) return;
  restoreFaults.delete(origin);
  await control(origin, 'PUT', '/faults', { faults: before });
}
