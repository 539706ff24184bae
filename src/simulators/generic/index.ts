/**
 * The generic simulator of APIs described only by their folders: one server per server group (the
 * APIs of one provider at one server URL; any other API alone), at the path its server URL has ('/v1'
 * of https://api.openai.com/v1), with credentials for each security scheme.
 */
import type { Api } from '../../catalogue/index.ts';
import type { SimulatorModule } from '../core.ts';
import { genericGroup } from './group.ts';

export { createGenericGroup, genericGroup, serverGroups } from './group.ts';
export { INPUT_FAULTS, withInputFaults } from './input-faults.ts';
export { basePathOf, createGenericSimulator, type GenericSimulator } from './simulator.ts';

/** The generic module of one API alone. */
export function genericSimulator(api: Api): SimulatorModule {
  return genericGroup([api]);
}
