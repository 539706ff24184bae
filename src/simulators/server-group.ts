import type { Server } from 'node:http';
import type { ApiId } from '../catalogue/index.ts';
import type { ApiSimulator, SimulatorModule, SimulatorServer } from './core.ts';
import { SimulatorOptionsError } from './host-settings.ts';
import {
  isProviderState,
  PROVIDER_STATES,
  supportedStates,
  UnsupportedStateError,
} from './provider-states.ts';

/** One server of a simulator set: a module's simulator, listening for the APIs it serves. */
export interface ServerGroup {
  module: SimulatorModule;
  simulator: ApiSimulator;
  server: Server;
  info: SimulatorServer;
  apis: ApiId[];
}

/** Sets up a named provider state (the Pact provider-state shape) on a group's simulator. */
export async function runState(
  group: ServerGroup,
  state: string,
  params: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  if (!isProviderState(state))
    throw new SimulatorOptionsError(
      `unknown provider state '${state}' (the vocabulary: ${PROVIDER_STATES.join(', ')})`,
    );
  const handler = group.simulator.providerStates[state];
  if (typeof handler !== 'function')
    throw new UnsupportedStateError(
      state,
      `the ${group.module.name} simulator cannot set provider state '${state}' (it sets: ${supportedStates(group.simulator.providerStates).join(', ')})`,
    );
  return handler(params);
}
