import type { Api } from '../catalogue/index.ts';

/**
 * The contract tables still written per API family (consumer credentials, job reads, error examples,
 * provider states). Transitional: these move to the declared x-lifecycle / x-envelope data and the
 * provider folders (issue 12), after which nothing here names an API.
 */
export type ContractFamily = 'cloudflare' | 'vectara-v1' | 'vectara-v2' | 'emporix';

export function contractFamily(api: Api): ContractFamily {
  if (api.provider === 'cloudflare') return 'cloudflare';
  if (api.provider === 'emporix') return 'emporix';
  return api.operations.some((o) => o.method === 'POST' && o.id === 'listJobs') ? 'vectara-v1' : 'vectara-v2';
}
