import type { ApiId } from '../catalogue/index.ts';
import { getCatalogue } from '../catalogue/index.ts';
import { CONTROL_PREFIX } from '../simulators/index.ts';
import { type ContractFamily, contractFamily } from './family.ts';

/**
 * The provider states the contracts name (Pact `given`), and how verification puts a simulator in
 * each: through the simulator's HTTP control surface (`/__simulator/state`, `/faults`, `/reset`), so
 * an in-process simulator and a `jobs-conformance mock` server elsewhere are driven the same way.
 *
 * Each state handler answers values the interaction's request uses (provider-state injection):
 * path values, the job id, and the credentials the simulator accepts.
 */
export const STATES = {
  jobsExist: 'jobs exist',
  noJobs: 'no jobs',
  noJobMatches: 'no job matches the filter',
  jobExists: 'job X exists',
  jobRunning: 'job X is running',
  jobEnded: 'job X has ended',
  jobMissing: 'job X does not exist',
  justCreated: 'a job was just created (cooldown)',
  notRecentlyCreated: 'no job was created recently',
  unavailable: 'the service is unavailable',
  lacksRead: 'token lacks ai.agent_read',
  lacksManage: 'token lacks ai.agent_manage',
} as const;
export type StateName = (typeof STATES)[keyof typeof STATES];

/** What one contract state means on the simulator serving an envelope family. */
interface StateSetup {
  /** Simulator provider states to run, in order; their answers are merged. */
  simulator: { state: string; params?: Record<string, unknown> }[];
  /** Faults to switch on (none otherwise). */
  faults?: string[];
  /** Values set after the simulator's (e.g. the idle instance as `id`). */
  override?: (credentials: Record<string, string>) => Record<string, string>;
}

const cloudflare: Record<StateName, StateSetup | undefined> = {
  'jobs exist': { simulator: [{ state: 'jobs exist' }] },
  // The simulator's idle instance holds no jobs.
  'no jobs': { simulator: [{ state: 'jobs exist' }], override: (c) => ({ id: c.idle_instance ?? '' }) },
  'no job matches the filter': undefined,
  'job X exists': { simulator: [{ state: 'jobs exist' }] },
  'job X is running': { simulator: [{ state: 'a running job exists' }] },
  'job X has ended': { simulator: [{ state: 'an ended job exists' }] },
  'job X does not exist': { simulator: [{ state: 'no job exists with the id' }] },
  'a job was just created (cooldown)': { simulator: [{ state: 'a job was just created' }] },
  'no job was created recently': { simulator: [{ state: 'no job was created recently' }] },
  'the service is unavailable': { simulator: [{ state: 'jobs exist' }], faults: ['transport.503-burst'] },
  'token lacks ai.agent_read': undefined,
  'token lacks ai.agent_manage': undefined,
};

const vectara: Record<StateName, StateSetup | undefined> = {
  'jobs exist': { simulator: [{ state: 'jobs exist' }] },
  'no jobs': undefined,
  'no job matches the filter': { simulator: [{ state: 'jobs exist' }] },
  'job X exists': { simulator: [{ state: 'a job exists' }] },
  'job X is running': undefined,
  'job X has ended': undefined,
  'job X does not exist': { simulator: [{ state: 'no job with the id exists' }] },
  'a job was just created (cooldown)': undefined,
  'no job was created recently': undefined,
  'the service is unavailable': { simulator: [{ state: 'jobs exist' }], faults: ['transport.503-burst'] },
  'token lacks ai.agent_read': undefined,
  'token lacks ai.agent_manage': undefined,
};

// Every Emporix state also fetches a token with the scopes the state implies.
const allScopes = { state: 'an access token exists' };
const emporix: Record<StateName, StateSetup | undefined> = {
  'jobs exist': { simulator: [{ state: 'jobs exist' }, allScopes] },
  'no jobs': undefined,
  'no job matches the filter': { simulator: [{ state: 'jobs exist' }, allScopes] },
  'job X exists': { simulator: [{ state: 'a job exists' }, allScopes] },
  'job X is running': undefined,
  'job X has ended': undefined,
  'job X does not exist': { simulator: [{ state: 'no job with the id exists' }, allScopes] },
  'a job was just created (cooldown)': undefined,
  'no job was created recently': undefined,
  'the service is unavailable': {
    simulator: [{ state: 'jobs exist' }, allScopes],
    faults: ['transport.503-burst'],
  },
  'token lacks ai.agent_read': {
    simulator: [{ state: 'a job exists' }, { state: 'an access token exists', params: { scope: 'openid' } }],
  },
  'token lacks ai.agent_manage': {
    simulator: [
      { state: 'a job exists' },
      { state: 'an access token exists', params: { scope: 'ai.agent_read' } },
    ],
  },
};

const BY_ENVELOPE: Record<ContractFamily, Record<StateName, StateSetup | undefined>> = {
  cloudflare,
  'vectara-v1': vectara,
  'vectara-v2': vectara,
  emporix,
};

/** True when the API's simulator can be put in this state (the contract cases use only these). */
export function stateSupported(api: ApiId, state: StateName): boolean {
  return BY_ENVELOPE[contractFamily(getCatalogue().api(api))][state] !== undefined;
}

/** Values every request of an API needs, from the simulator's credentials (GET /__simulator). */
function baseValues(api: ApiId, credentials: Record<string, string>): Record<string, string> {
  switch (contractFamily(getCatalogue().api(api))) {
    case 'cloudflare':
      return {
        account_id: credentials.account_id ?? '',
        id: credentials.instance ?? '',
        name: credentials.namespace ?? '',
        token: credentials.token ?? '',
      };
    case 'vectara-v1':
    case 'vectara-v2':
      return { api_key: credentials.apiKey ?? '', customer_id: credentials.customerId ?? '' };
    case 'emporix':
      return { tenant: credentials.tenant ?? '' };
  }
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
    throw new ProviderStateError(
      `${method} ${CONTROL_PREFIX}${path} answered ${response.status}: ${text.slice(0, 300)}`,
    );
  }
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** Puts the simulator at `origin` in a contract state; returns the values for provider-state injection. */
export async function setUpState(
  origin: string,
  api: ApiId,
  state: string,
  params: Record<string, unknown> = {},
): Promise<Record<string, string>> {
  const setup = BY_ENVELOPE[contractFamily(getCatalogue().api(api))][state as StateName];
  if (!setup) throw new ProviderStateError(`no way to put ${api} in state '${state}'`);
  await control(origin, 'POST', '/reset');
  const info = (await control(origin, 'GET', '')) as { credentials?: Record<string, string> };
  const credentials = info.credentials ?? {};
  let values: Record<string, string> = baseValues(api, credentials);
  for (const step of setup.simulator) {
    const answer = (await control(origin, 'POST', '/state', {
      state: step.state,
      params: { ...params, ...step.params, api },
    })) as Record<string, unknown>;
    for (const [k, v] of Object.entries(answer ?? {}))
      if (v !== undefined && v !== null) values[k] = String(v);
  }
  if (setup.override) values = { ...values, ...setup.override(credentials) };
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
