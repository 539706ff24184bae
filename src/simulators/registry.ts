/**
 * The server groups the host can start, in start order (ports are assigned in this order).
 * A provider's own simulator is one line here: its module from src/simulators/<provider>/index.ts,
 * named by the x-provider of the APIs it serves. Every other API (and an API whose provider has no
 * simulator here) is served by the generic simulator, from its folder alone.
 */
import type { Catalogue } from '../catalogue/index.ts';
import type { SimulatorModule } from './core.ts';
import { genericGroup, serverGroups } from './generic/index.ts';

/** The provider simulators, by x-provider (module name). */
export const SIMULATOR_MODULES: readonly SimulatorModule[] = [];

/**
 * The modules that serve every API of the catalogue: a provider module for the APIs whose x-provider
 * names it (and that it knows), the generic simulator for each other API.
 */
export function simulatorModules(
  catalogue: Catalogue,
  providers: readonly SimulatorModule[] = SIMULATOR_MODULES,
): SimulatorModule[] {
  const out: SimulatorModule[] = [];
  const served = new Set<string>();
  for (const module of providers) {
    const apis = module.apis.filter((id) => catalogue.apis.get(id)?.provider === module.name);
    if (apis.length === 0) continue;
    for (const id of apis) served.add(id);
    out.push({ ...module, apis });
  }
  // APIs that share a provider and a server URL share a server, as at the provider.
  const rest = [...catalogue.apis.values()].filter((api) => !served.has(api.id));
  for (const group of serverGroups(rest)) out.push(genericGroup(group));
  // In the catalogue's order of their first API, whichever simulator serves them.
  const order = [...catalogue.apis.keys()];
  const at = (m: SimulatorModule) => order.indexOf(m.apis[0] ?? '');
  return out.sort((a, b) => at(a) - at(b));
}
