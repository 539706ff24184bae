import type { ApiId } from '../catalogue/index.ts';
import { setUpState, tearDownState } from './states.ts';

/**
 * What fulfils the contracts' provider states behind the state-change endpoint (state-adapter.ts):
 * the provider's public API (provider-api-states.ts), or a simulator's control surface. Setup
 * answers the values the interaction's request takes by provider-state injection.
 */
export interface StateBackend {
  /** Describes the backend in the summary ('the provider's API, read-only', …). */
  readonly name: string;
  setup(state: string, params: Record<string, unknown>): Promise<Record<string, string>>;
  teardown(state: string, params: Record<string, unknown>): Promise<void>;
  /** At the end of the verification: undoes what is left (the jobs it created). */
  close(): Promise<void>;
}

/**
 * A state the backend will not reach under the verification's rules (read-only, no outage on
 * demand): the interactions needing it are reported as not verified, with this reason.
 */
export class NotVerifiable extends Error {
  override name = 'NotVerifiable';
}

/** The simulators' control API (`/__simulator/...` at `origin`) as a backend: every state, by fiat. */
export function simulatorControlBackend(origin: string, api: ApiId): StateBackend {
  return {
    name: `the simulator control API at ${origin}`,
    setup: (state, params) => setUpState(origin, api, state, params),
    teardown: () => tearDownState(origin),
    close: async () => {},
  };
}
