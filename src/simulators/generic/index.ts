/**
 * The generic simulator of an API described only by its folder: one server per API, at the path its
 * server URL has ('/v1' of https://api.openai.com/v1), with credentials for each security scheme.
 */
import type { Api } from '../../catalogue/index.ts';
import type { SimulatorModule } from '../core.ts';
import { defaultCredentials } from './auth.ts';
import { basePathOf, createGenericSimulator } from './simulator.ts';

export { genericGroup } from './group.ts';
export { INPUT_FAULTS, withInputFaults } from './input-faults.ts';
export { basePathOf, createGenericSimulator, type GenericSimulator } from './simulator.ts';

export function genericSimulator(api: Api): SimulatorModule {
  return {
    name: api.id,
    apis: [api.id],
    basePath: basePathOf(api.serverUrl),
    defaultCredentials: defaultCredentials(api),
    create: (ctx) => createGenericSimulator(ctx, api.id),
  };
}
