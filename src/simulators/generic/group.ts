/**
 * APIs that one server answers at the real provider (the same x-provider and server URL: Vectara v1
 * and v2 on api.vectara.io, both Cloudflare AI Search surfaces) are served by one generic server too,
 * so a run's base URL setting (one per provider) reaches all of them: each request goes to the API
 * whose routes (or token URL) match it. The group shares one rate-limit window, the path values its
 * APIs have in common (one account, one instance: a live run names each once) and the collections
 * one API declares are another's (x-lifecycle sameJobsAs).
 */
import type { Api, ApiId } from '../../catalogue/index.ts';
import type { ApiSimulator, SimContext, SimRequest, SimulatorModule } from '../core.ts';
import type { OpenReadings } from '../open-readings.ts';
import { PROVIDER_STATES, type ProviderStates, UNSUPPORTED } from '../provider-states.ts';
import { ChangeCount } from './answer-cache.ts';
import { defaultCredentials } from './auth.ts';
import { SharedCollections } from './collections.ts';
import { RateWindow } from './rate-limit.ts';
import { basePathOf, createGenericSimulator, type GenericSimulator } from './simulator.ts';

/** The APIs in server groups: same x-provider and same server URL share one; others are alone. */
export function serverGroups(apis: readonly Api[]): Api[][] {
  const groups = new Map<string, Api[]>();
  for (const api of apis) {
    const key = api.provider ? `${api.provider} ${api.serverUrl}` : `api ${api.id}`;
    groups.set(key, [...(groups.get(key) ?? []), api]);
  }
  return [...groups.values()];
}

/**
 * Provider states of several APIs. A state named for one API (params.api) is set up on it alone;
 * otherwise (a Pact verifier's state change names no API) on every API that supports it, values merged.
 */
function mergedStates(ids: readonly ApiId[], sims: readonly ApiSimulator[]): ProviderStates {
  const out: Record<string, ProviderStates[keyof ProviderStates]> = {};
  for (const name of PROVIDER_STATES) {
    const handlers = sims.map((s) => s.providerStates[name]);
    if (!handlers.some((h) => typeof h === 'function')) {
      out[name] = UNSUPPORTED;
      continue;
    }
    out[name] = async (params) => {
      const at = ids.indexOf(params.api as ApiId);
      const chosen = at >= 0 ? [handlers[at]] : handlers;
      const values: Record<string, unknown> = {};
      for (const handler of chosen)
        if (typeof handler === 'function') Object.assign(values, await handler(params));
      return values;
    };
  }
  return out as ProviderStates;
}

/** The module serving a server group; named by its API, or by its provider when it serves several. */
export function genericGroup(apis: readonly Api[]): SimulatorModule {
  const first = apis[0] as Api;
  const name = apis.length > 1 ? (first.provider ?? apis.map((a) => a.id).join('+')) : first.id;
  const ids = apis.map((a) => a.id);
  return {
    name,
    apis: ids,
    basePath: basePathOf(first.serverUrl),
    defaultCredentials: Object.assign({}, ...apis.map((a) => defaultCredentials(a, name))),
    create: (ctx) => createGenericGroup(ctx, ids),
  };
}

export function createGenericGroup(
  ctx: SimContext,
  ids: readonly ApiId[],
  readings?: OpenReadings,
): ApiSimulator {
  const rate = new RateWindow();
  const changes = new ChangeCount();
  const sharedPathValues: Record<string, string> = {};
  // Only the APIs one of them declares its jobs the same as (x-lifecycle sameJobsAs) hold collections in common.
  const sharedCollections = new SharedCollections();
  const sharing = new Set<ApiId>();
  for (const id of ids) {
    const same = ctx.catalogue.api(id).lifecycle?.sameJobsAs?.api;
    if (same !== undefined && ids.includes(same)) sharing.add(id).add(same);
  }
  const sims: GenericSimulator[] = ids.map((id) =>
    createGenericSimulator(ctx, id, {
      rate,
      readings,
      sharedPathValues,
      changes,
      ...(sharing.has(id) ? { sharedCollections } : {}),
    }),
  );
  const fallback = sims[0] as GenericSimulator;
  if (sims.length === 1) return fallback;
  const pick = (req: SimRequest) => sims.find((s) => s.serves(req)) ?? fallback;
  const byApi = (id: string) => sims[ids.indexOf(id)] ?? fallback;
  return {
    handle: (req) => pick(req).handle(req),
    errorResponse: (req, status, message) => pick(req).errorResponse(req, status, message),
    reset() {
      changes.bump();
      rate.reset();
      for (const s of sims) s.reset();
    },
    advanceJobs: (api) =>
      api ? byApi(api).advanceJobs(api) : sims.reduce((sum, s) => sum + s.advanceJobs(), 0),
    providerStates: mergedStates(ids, sims),
    target: (api, baseUrl) => byApi(api).target(api, baseUrl),
  };
}
