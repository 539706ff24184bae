/** What the live-mode tests share: the .env pointing at simulators, and the ids a complete run reports on. */
import { type ApiId, apiIds, getCatalogue } from '../../src/catalogue/index.ts';
import type { RunResults } from '../../src/core/index.ts';
import { planChecks } from '../../src/runner/index.ts';
import type { SimulatorSet } from '../../src/simulators/index.ts';

/** The APIs the catalogue discovers in schemas/. */
const API_IDS = apiIds();

/** The .env a user would write, pointed at the simulators standing in for a deployment (the APIs they serve). */
export function liveEnvFor(sims: SimulatorSet): Record<string, string> {
  const env: Record<string, string> = {};
  const cf = sims.targets['cloudflare-ai-search-namespaced'] ?? sims.targets['cloudflare-ai-search'];
  if (cf) {
    env.CLOUDFLARE_BASE_URL = cf.baseUrl;
    env.CLOUDFLARE_ACCOUNT_ID = cf.pathParams.account_id!;
    env.CLOUDFLARE_AI_SEARCH_INSTANCE = cf.pathParams.id!;
    env.CLOUDFLARE_AI_SEARCH_NAMESPACE = cf.pathParams.name ?? 'default';
    if (cf.credentials.kind === 'cloudflare-token') env.CLOUDFLARE_API_TOKEN = cf.credentials.token;
  }
  const vectara = sims.targets['vectara-v1'] ?? sims.targets['vectara-v2'];
  if (vectara) {
    env.VECTARA_BASE_URL = vectara.baseUrl;
    if (vectara.credentials.kind === 'vectara-api-key') {
      env.VECTARA_API_KEY = vectara.credentials.apiKey;
      if (vectara.credentials.customerId) env.VECTARA_CUSTOMER_ID = vectara.credentials.customerId;
    }
  }
  const em = sims.targets['emporix-ai-service'];
  if (em) {
    env.EMPORIX_BASE_URL = em.baseUrl;
    env.EMPORIX_TENANT = em.pathParams.tenant!;
    if (em.credentials.kind === 'emporix-client') {
      env.EMPORIX_CLIENT_ID = em.credentials.clientId;
      env.EMPORIX_CLIENT_SECRET = em.credentials.clientSecret;
    }
  }
  return env;
}

/** Every planned (operation, check) id of the APIs, the set a complete run reports on. */
export function plannedIds(apis: readonly ApiId[] = API_IDS, checks?: Parameters<typeof planChecks>[1]) {
  return apis.flatMap((api) => planChecks(getCatalogue().api(api), checks).map((p) => p.id)).sort();
}

export function resultIds(run: RunResults): string[] {
  return run.results.map((r) => r.id).sort();
}
