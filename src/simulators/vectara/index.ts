/**
 * The Vectara server group: v1 `POST /v1/list-jobs` and v2 `GET /v2/jobs[/{job_id}]` on one origin,
 * as at api.vectara.io. Jobs are seeded once per start and never change (Vectara's job lists are
 * read-only); every state is present and filterable.
 */
import type { ApiId } from '../../catalogue/index.ts';
import type { ApiSimulator, SimContext, SimRequest, SimResponse, SimulatorModule } from '../core.ts';
import { DAY_MS } from '../data.ts';
import type { OpenReadings } from '../open-readings.ts';
import { seedV1Jobs, seedV2Jobs } from './data.ts';
import { createV1Service } from './v1.ts';
import { createV2Service } from './v2.ts';

export { decodePageKey, encodePageKey, PageKeyError } from './cursor.ts';
export { phaseOf, seedV1Jobs, seedV2Jobs, type V1Job, type V2Job } from './data.ts';
export { DEFAULT_NUM_RESULTS } from './v1.ts';

const V2_JOB_PATH = /^\/v2\/jobs\/([^/]+)$/;

/** `readings`: how the simulator reads what the documents leave open (open-readings.ts); defaults: the clean simulator. */
export function createVectaraSimulator(ctx: SimContext, readings: OpenReadings = {}): ApiSimulator {
  // Anchored at the start of today, so the whole set sits inside v1's 180-day window and a seed
  // gives the same jobs all day long.
  const anchorMs = Math.floor(ctx.now() / DAY_MS) * DAY_MS;
  const v1Jobs = seedV1Jobs(ctx.catalogue.api('vectara-v1'), ctx.jobs, ctx.rng('vectara-v1-jobs'), anchorMs);
  const v2Jobs = seedV2Jobs(ctx.catalogue.api('vectara-v2'), ctx.jobs, ctx.rng('vectara-v2-jobs'), anchorMs);
  let v1 = createV1Service(ctx, v1Jobs, readings);
  let v2 = createV2Service(ctx, v2Jobs, readings);

  function handle(req: SimRequest): SimResponse {
    if (req.path === '/v1/list-jobs') {
      return req.method === 'POST'
        ? v1.listJobs(req)
        : v1.error(405, `${req.method} is not allowed here; use POST`);
    }
    if (req.path === '/v2/jobs') {
      return req.method === 'GET'
        ? v2.listJobs(req)
        : v2.error(405, `${req.method} is not allowed here; use GET`);
    }
    const one = V2_JOB_PATH.exec(req.path);
    if (one) {
      if (req.method !== 'GET') return v2.error(405, `${req.method} is not allowed here; use GET`);
      let jobId: string;
      try {
        jobId = decodeURIComponent(one[1] as string);
      } catch {
        jobId = one[1] as string;
      }
      return v2.getJob(req, jobId);
    }
    return errorResponse(req, 404, `No route for ${req.method} ${req.path}`);
  }

  function errorResponse(req: SimRequest, status: number, message: string): SimResponse {
    return req.path.startsWith('/v1/') ? v1.error(status, message) : v2.error(status, message);
  }

  return {
    handle,
    errorResponse,
    reset() {
      v1 = createV1Service(ctx, v1Jobs, readings);
      v2 = createV2Service(ctx, v2Jobs, readings);
    },
    advanceJobs: () => 0,
    providerStates: {
      'jobs exist': () => ({ count: ctx.jobs }),
      'a job exists': () => ({ job_id: v2Jobs[0]?.id, jobId: v1Jobs[0]?.id }),
      'no job exists with the id': () => ({ job_id: 'job_does_not_exist', jobId: 'does-not-exist' }),
      'no jobs': 'unsupported',
      'a running job exists': 'unsupported',
      'an ended job exists': 'unsupported',
      'a job was just created': 'unsupported',
      'no job was created recently': 'unsupported',
      'an access token exists': 'unsupported',
    },
    target(api: ApiId, baseUrl: string) {
      const customerId = ctx.credentials.customerId;
      return {
        api,
        baseUrl,
        pathParams: {},
        ...(customerId !== undefined
          ? { headerParams: { 'customer-id': customerId }, secrets: [customerId] }
          : {}),
        credentials: {
          kind: 'schemes',
          schemes: { ApiKeyAuth: { value: ctx.credentials.apiKey as string } },
        },
        live: false,
      };
    },
  };
}

export const vectaraSimulator: SimulatorModule = {
  name: 'vectara',
  apis: ['vectara-v1', 'vectara-v2'],
  basePath: '',
  defaultCredentials: {
    apiKey: 'zwt_simulated-vectara-api-key',
    bearerToken: 'simulated-vectara-oauth-token',
    customerId: '1234567890',
  },
  create: createVectaraSimulator,
};
