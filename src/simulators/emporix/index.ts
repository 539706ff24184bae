/**
 * The Emporix server group: `/oauth/token` and the AI Service jobs under `/ai-service/{tenant}/jobs`,
 * on one origin as at api.emporix.io. Two clients are configured: one with every scope the jobs
 * operations need, one read-only (for the scope check).
 */
import type { SimulatorModule } from '../core.ts';
import { createEmporixSimulator } from './simulator.ts';

export { type EmporixJob, seedEmporixJobs } from './data.ts';
export { scopesOf, TOKEN_LIFETIME_SECONDS, TokenStore } from './oauth.ts';
export { parseQuery, type Query, QuerySyntaxError } from './query.ts';
export { DEFAULT_PAGE_SIZE } from './simulator.ts';
export { parseSort, SortSyntaxError } from './sort.ts';

export const emporixSimulator: SimulatorModule = {
  name: 'emporix',
  apis: ['emporix-ai-service'],
  basePath: '',
  defaultCredentials: {
    tenant: 'simtenant',
    clientId: 'sim-agent-manager',
    clientSecret: 'sim-agent-manager-secret',
    readOnlyClientId: 'sim-agent-reader',
    readOnlyClientSecret: 'sim-agent-reader-secret',
  },
  create: createEmporixSimulator,
};
