/**
 * The official Cloudflare TypeScript SDK (`cloudflare` on npm), unchanged, against the generic
 * simulator serving the two AI Search folders: its jobs methods (create, list with its own
 * page + 1 auto-paging, get, logs, and the namespaced update that cancels) return typed results, and
 * its typed errors carry the documented statuses.
 */
import Cloudflare from 'cloudflare';
import type {
  JobCreateResponse,
  JobGetResponse,
  JobListResponse,
  JobLogsResponse,
} from 'cloudflare/resources/aisearch/instances/jobs';
import type { JobUpdateResponse } from 'cloudflare/resources/aisearch/namespaces/instances/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCatalogue } from '../../src/catalogue/index.ts';
import { type SimulatorSet, startSimulators } from '../../src/simulators/index.ts';

const INSTANCE = 'cloudflare-ai-search';
const NAMESPACED = 'cloudflare-ai-search-namespaced';
const JOBS = 61;
const sources = getCatalogue().api(INSTANCE).enums.JobSource!.current;

let set: SimulatorSet;
beforeAll(async () => {
  set = await startSimulators({ apis: [INSTANCE, NAMESPACED], jobs: JOBS, cooldownMs: 0 });
});
afterAll(() => set.close());

/** The SDK as a user makes it, pointed at the simulator; no retries, so a status shows as it is. */
function sdk(api: string, token?: string): Cloudflare {
  const target = set.target(api);
  return new Cloudflare({
    apiToken: token ?? target.credentials.schemes.apiToken?.token ?? '',
    apiKey: null,
    apiEmail: null,
    userServiceKey: null,
    baseURL: target.baseUrl,
    maxRetries: 0,
  });
}

const paths = (api: string) => {
  const p = set.target(api).pathParams;
  return { account_id: p.account_id ?? '', id: p.id ?? '', name: p.name ?? '' };
};

describe('the official Cloudflare SDK against the generic simulator', () => {
  it('instance jobs: create, list (auto-paging to the empty page), get and logs, typed', async () => {
    const cf = sdk(INSTANCE);
    const { account_id, id } = paths(INSTANCE);
    const created: JobCreateResponse = await cf.aiSearch.instances.jobs.create(id, {
      account_id,
      description: 'made by the SDK',
    });
    expect(created.description).toBe('made by the SDK');
    expect(sources).toContain(created.source);
    expect(created.end_reason).toBeUndefined();

    const first = await cf.aiSearch.instances.jobs.list(id, { account_id, per_page: 10 });
    expect(first.result).toHaveLength(10);
    expect(first.result[0]?.id).toBe(created.id);
    const all: JobListResponse[] = [];
    for await (const job of cf.aiSearch.instances.jobs.list(id, { account_id, per_page: 50 })) all.push(job);
    expect(all).toHaveLength(JOBS + 1);
    expect(new Set(all.map((j) => j.id)).size).toBe(JOBS + 1);

    const got: JobGetResponse = await cf.aiSearch.instances.jobs.get(created.id, { account_id, id });
    expect(got).toEqual(created);
    const logs: JobLogsResponse = await cf.aiSearch.instances.jobs.logs(created.id, {
      account_id,
      id,
      per_page: 50,
    });
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.map((l) => l.id)).toEqual(logs.map((_, i) => i + 1));
    for (const log of logs) {
      expect(typeof log.created_at).toBe('number');
      expect(typeof log.message).toBe('string');
    }
  });

  it('namespaced jobs: create, list, get, update (cancel), logs; a second cancel is a BadRequestError', async () => {
    const cf = sdk(NAMESPACED);
    const { account_id, id, name } = paths(NAMESPACED);
    const jobs = cf.aiSearch.namespaces.instances.jobs;
    const created = await jobs.create(id, { account_id, name });
    const listed = await jobs.list(id, { account_id, name, per_page: 1 });
    expect(listed.result.map((j) => j.id)).toEqual([created.id]);
    expect(listed.result_info).toMatchObject({ page: 1, per_page: 1 });
    expect(await jobs.get(created.id, { account_id, name, id })).toEqual(created);

    const cancelled: JobUpdateResponse = await jobs.update(created.id, {
      account_id,
      name,
      id,
      action: 'cancel',
    });
    expect(cancelled.id).toBe(created.id);
    expect(cancelled.end_reason).toBe('cancelled');
    expect(typeof cancelled.ended_at).toBe('string');
    const again = jobs.update(created.id, { account_id, name, id, action: 'cancel' });
    await expect(again).rejects.toBeInstanceOf(Cloudflare.BadRequestError);
    await expect(again).rejects.toMatchObject({ status: 400 });

    const logs = await jobs.logs(created.id, { account_id, name, id });
    expect(logs.at(-1)?.id).toBe(logs.length);
  });

  it('an unknown job is a NotFoundError, a wrong token a PermissionDeniedError (403)', async () => {
    const { account_id, id } = paths(INSTANCE);
    const missing = sdk(INSTANCE).aiSearch.instances.jobs.get('no-such-job', { account_id, id });
    await expect(missing).rejects.toBeInstanceOf(Cloudflare.NotFoundError);
    const wrong = sdk(INSTANCE, 'not-the-token').aiSearch.instances.jobs.list(id, { account_id });
    await expect(wrong).rejects.toBeInstanceOf(Cloudflare.PermissionDeniedError);
    await expect(wrong).rejects.toMatchObject({ status: 403 });
  });
});
