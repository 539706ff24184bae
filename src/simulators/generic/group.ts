/**
 * APIs that one server answers at the real provider (the same x-provider and server URL: Vectara v1
 * and v2 on api.vectara.io) are served by one generic server too, so a run's base URL setting (one
 * per provider) reaches both: each request goes to the API whose routes (or token URL) match it.
 */
import type { Api } from '../../catalogue/index.ts';
import type { ApiSimulator, SimRequest, SimulatorModule } from '../core.ts';
import { PROVIDER_STATES, type ProviderStates, UNSUPPORTED } from '../provider-states.ts';
import { defaultCredentials } from './auth.ts';
import { basePathOf, createGenericSimulator } from './simulator.ts';

/** Provider states of several APIs: each state set up on every API that supports it, values merged. */
function mergedStates(sims: readonly ApiSimulator[]): ProviderStates {
  const out: Record<string, ProviderStates[keyof ProviderStates]> = {};
  for (const name of PROVIDER_STATES) {
    const handlers = sims.map((s) => s.providerStates[name]).filter((h) => typeof h === 'function');
    out[name] =
      handlers.length === 0
        ? UNSUPPORTED
        : async (params) => {
            const values: Record<string, unknown> = {};
            for (const handler of handlers) Object.assign(values, await handler(params));
            return values;
          };
  }
  return out as ProviderStates;
}

export function genericGroup(apis: readonly Api[]): SimulatorModule {
  const first = apis[0] as Api;
  return {
    name: first.provider ?? apis.map((a) => a.id).join('+'),
    apis: apis.map((a) => a.id),
    basePath: basePathOf(first.serverUrl),
    defaultCredentials: Object.assign({}, ...apis.map((a) => defaultCredentials(a))),
    create(ctx) {
      const sims = apis.map((a) => createGenericSimulator(ctx, a.id));
      const pick = (req: SimRequest) => sims.find((s) => s.serves(req)) ?? (sims[0] as (typeof sims)[0]);
      const byApi = (id: string) => sims[apis.findIndex((a) => a.id === id)] ?? (sims[0] as (typeof sims)[0]);
      return {
        handle: (req) => pick(req).handle(req),
        errorResponse: (req, status, message) => pick(req).errorResponse(req, status, message),
        reset: () => {
          for (const s of sims) s.reset();
        },
        advanceJobs: (api) =>
          api ? byApi(api).advanceJobs(api) : sims.reduce((sum, s) => sum + s.advanceJobs(), 0),
        providerStates: mergedStates(sims),
        target: (api, baseUrl) => byApi(api).target(api, baseUrl),
      };
    },
  };
}
