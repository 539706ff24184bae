import type { SimulatorModule } from '../core.ts';
import { CLOUDFLARE_APIS, createCloudflareSimulator } from './simulator.ts';

export { CODES as CLOUDFLARE_ERROR_CODES } from './envelope.ts';
export { END_REASONS as CLOUDFLARE_END_REASONS } from './store.ts';
export { CLOUDFLARE_APIS, createCloudflareSimulator };

/**
 * Both Cloudflare AI Search surfaces on one server under /client/v4, as at the real provider.
 * Credentials: Bearer `token`, or `email` + `key`; path values: `account_id`, `instance` (seeded
 * jobs), `idle_instance` (no jobs), `namespace` (the namespaced surface).
 */
export const cloudflareSimulator: SimulatorModule = {
  name: 'cloudflare',
  apis: CLOUDFLARE_APIS,
  basePath: '/client/v4',
  defaultCredentials: {
    token: 'sim-cloudflare-token',
    email: 'sim@example.com',
    key: 'sim-cloudflare-global-key',
    account_id: '023e105f4ecef8ad9ca31a8372d0c353',
    instance: 'docs-search',
    idle_instance: 'idle-search',
    namespace: 'default',
  },
  create: createCloudflareSimulator,
};
