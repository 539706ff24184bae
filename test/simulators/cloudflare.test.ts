import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ApiId, getCatalogue, type Operation } from '../../src/catalogue/index.ts';
import { type SimulatorSet, type StartOptions, startSimulators } from '../../src/simulators/index.ts';
import { cloudflareClient, type Reply } from '../support/cloudflare.ts';

/**
 * The Cloudflare AI Search surfaces, served by the generic simulator from their schema folders
 * alone (both on one server, as at the real provider): every documented status, auth, paging,
 * lifecycle, logs, rate limiting and provider states.
 */

const catalogue = getCatalogue();
const SURFACES = ['cloudflare-ai-search', 'cloudflare-ai-search-namespaced'] as const;
const op = (api: ApiId, id: string): Operation => catalogue.operation(api, id);
const bound = (api: ApiId, opId: string, param: string, key: 'minimum' | 'maximum' | 'default'): number =>
  op(api, opId).parameters.find((p) => p.name === param)!.schema.schema[key] as number;
const message = (api: ApiId, opId: string, status: number) =>
  op(api, opId).responses.get(String(status))!.errorMessage;
const jobSources = catalogue.api('cloudflare-ai-search').enums.JobSource!.current;

/** The body matches the schema the catalogue documents for this operation and status. */
function expectDocumented(api: ApiId, opId: string, reply: Reply): void {
  const spec = op(api, opId).responses.get(String(reply.status));
  expect(spec, `${opId} does not document ${reply.status}: ${reply.text}`).toBeDefined();
  const valid = spec!.body!.validate(reply.json);
  expect(valid, JSON.stringify(spec!.body!.validate.errors)).toBe(true);
  expect(reply.headers.get('content-type')).toBe('application/json');
}

let clock = Date.UTC(2026, 10, 1, 9, 0, 0);
const sets: SimulatorSet[] = [];
async function start(options: StartOptions = {}) {
  const set = await startSimulators({ apis: [...SURFACES], now: () => clock, ...options });
  sets.push(set);
  return set;
}
afterEach(async () => {
  await Promise.all(sets.splice(0).map((s) => s.close()));
});

describe.each(SURFACES)('the generic simulator serving %s', (api) => {
  it('produces every status each operation documents, with the documented body', async () => {
    const set = await start({ cooldownMs: 60_000 });
    const cf = cloudflareClient(set, api);
    const unknownInstance = cf.instanceJobs('no-such-instance');
    const burst = async (call: () => Promise<Reply>) => {
      set.setFaults(['transport.503-burst']);
      const reply = await call();
      set.setFaults([]);
      return reply;
    };
    const running = async () =>
      (await set.providerState(api, 'a running job exists', { api })).job_id as string;
    const ended = async () => (await set.providerState(api, 'an ended job exists', { api })).job_id as string;
    const producers: Record<string, Record<number, () => Promise<Reply>>> = {
      listJobs: {
        200: () => cf.list(),
        400: () => cf.list('per_page=51'),
        404: () => cf.get(unknownInstance),
        503: () => burst(() => cf.list()),
      },
      createJob: {
        200: () => cf.create(),
        400: () => cf.create({ unknown: true }),
        404: () => cf.call('POST', unknownInstance),
        429: async () => {
          await set.providerState(api, 'a job was just created', { api });
          return cf.create();
        },
        503: () => burst(() => cf.create()),
      },
      getJob: {
        200: async () => cf.get(cf.job(await ended())),
        404: () => cf.get(cf.job('no-such-job')),
        503: () => burst(() => cf.get(cf.job('x'))),
      },
      cancelJob: {
        200: async () => cf.cancel(await running()),
        400: async () => cf.cancel(await ended()),
        404: () => cf.cancel('no-such-job'),
        503: () => burst(() => cf.cancel('x')),
      },
      listJobLogs: {
        200: async () => cf.get(cf.logs(await ended())),
        400: async () => cf.get(`${cf.logs(await ended())}?page=0`),
        404: () => cf.get(cf.logs('no-such-job')),
        503: () => burst(() => cf.get(cf.logs('x'))),
      },
    };
    for (const operation of catalogue.api(api).operations) {
      expect(Object.keys(producers[operation.id] ?? {}).map(Number), operation.id).toEqual(
        operation.statuses,
      );
      for (const status of operation.statuses) {
        await set.providerState(api, 'no job was created recently', { api });
        const reply = await producers[operation.id]![status]!();
        expect(reply.status, `${operation.id} ${status}`).toBe(status);
        expectDocumented(api, operation.id, reply);
        const documentedMessage = operation.responses.get(String(status))!.errorMessage;
        if (documentedMessage) expect(reply.json.errors[0].message).toBe(documentedMessage);
      }
    }
  });

  describe('auth', () => {
    it('accepts the Bearer token and the X-Auth-Email + X-Auth-Key pair set at start', async () => {
      const set = await start({
        credentials: {
          cloudflare: { 'apiToken.token': 't-1', 'apiEmail.value': 'a@b.c', 'apiKey.value': 'k-1' },
        },
      });
      const cf = cloudflareClient(set, api);
      expect((await cf.list('', { auth: false, headers: { authorization: 'Bearer t-1' } })).status).toBe(200);
      const pair = await cf.list('', {
        auth: false,
        headers: { 'x-auth-email': 'a@b.c', 'x-auth-key': 'k-1' },
      });
      expect(pair.status).toBe(200);
      expectDocumented(api, 'listJobs', pair);
    });

    it('rejects missing or malformed auth headers with 400 and wrong credentials with 403 code 10000', async () => {
      const set = await start();
      const cf = cloudflareClient(set, api);
      const rejection = catalogue.api(api).authRejection;
      const cases: [Record<string, string>, number][] = [
        [{}, 400],
        [{ authorization: 'Basic abc' }, 400],
        [{ 'x-auth-email': 'sim@example.com' }, 400],
        [{ authorization: 'Bearer wrong' }, 403],
        [{ 'x-auth-email': 'sim@example.com', 'x-auth-key': 'wrong' }, 403],
      ];
      for (const [headers, status] of cases) {
        const reply = await cf.list('', { auth: false, headers });
        expect(reply.status, JSON.stringify(headers)).toBe(status);
        expect(rejection.statuses).toContain(status);
        expect(rejection.body.validate(reply.json)).toBe(true);
        expect(reply.json.success).toBe(false);
        if (status === 403)
          expect(reply.json.errors[0]).toEqual({ code: 10000, message: 'Authentication error' });
      }
    });

    it('answers another account with the authentication error', async () => {
      const set = await start();
      const cf = cloudflareClient(set, api);
      const other = cf.jobs.replace(cf.target.pathParams.account_id!, 'another-account');
      const reply = await cf.get(other);
      expect(reply.status).toBe(403);
      expect(reply.json.errors[0].code).toBe(10000);
    });
  });

  describe('listJobs paging', () => {
    it('pages with page/per_page to the end, every job once, result_info exact, empty result past the end', async () => {
      const set = await start({ jobs: 123 });
      const cf = cloudflareClient(set, api);
      const perPage = bound(api, 'listJobs', 'per_page', 'maximum');
      const seen: string[] = [];
      let page = bound(api, 'listJobs', 'page', 'minimum');
      for (;;) {
        const reply = await cf.list(`page=${page}&per_page=${perPage}`);
        expectDocumented(api, 'listJobs', reply);
        expect(reply.json.result_info).toEqual({
          count: reply.json.result.length,
          page,
          per_page: perPage,
          total_count: 123,
        });
        if (reply.json.result.length === 0) break;
        seen.push(...reply.json.result.map((j: { id: string }) => j.id));
        page++;
      }
      expect(page).toBe(Math.ceil(123 / perPage) + 1);
      expect(seen).toHaveLength(123);
      expect(new Set(seen).size).toBe(123);
    });

    it('uses the documented default per_page and page', async () => {
      const set = await start();
      const reply = await cloudflareClient(set, api).list();
      expect(reply.json.result).toHaveLength(bound(api, 'listJobs', 'per_page', 'default'));
      expect(reply.json.result_info.page).toBe(bound(api, 'listJobs', 'page', 'default'));
    });

    it('enforces per_page 0..max and page >= 1 with 400 and the offending input in path', async () => {
      const set = await start();
      const cf = cloudflareClient(set, api);
      const max = bound(api, 'listJobs', 'per_page', 'maximum');
      const min = bound(api, 'listJobs', 'per_page', 'minimum');
      expect((await cf.list(`per_page=${max}`)).json.result).toHaveLength(max);
      expect((await cf.list(`per_page=${min}`)).json.result).toHaveLength(min);
      for (const [query, path] of [
        [`per_page=${max + 1}`, 'per_page'],
        [`per_page=${min - 1}`, 'per_page'],
        ['per_page=ten', 'per_page'],
        ['page=0', 'page'],
        ['page=-3', 'page'],
      ] as const) {
        const reply = await cf.list(query);
        expect(reply.status, query).toBe(400);
        expectDocumented(api, 'listJobs', reply);
        expect(reply.json.errors[0].path).toEqual([path]);
      }
    });

    it('lists an instance without jobs as an empty page', async () => {
      const set = await start();
      const cf = cloudflareClient(set, api);
      const idle = (await set.providerState(api, 'no jobs')).id as string;
      const reply = await cf.get(cf.instanceJobs(idle));
      expect(reply.status).toBe(200);
      expect(reply.json.result).toEqual([]);
      expect(reply.json.result_info.total_count).toBe(0);
    });
  });

  describe('instance id and routes', () => {
    it('validates the instance id against its pattern and maxLength: 400 with path where documented, else 404', async () => {
      const set = await start();
      const cf = cloudflareClient(set, api);
      const schema = op(api, 'getJob').parameters.find((p) => p.name === 'id')!.schema.schema;
      const tooLong = 'a'.repeat((schema.maxLength as number) + 1);
      for (const bad of ['Bad-Upper', 'trailing-', tooLong]) {
        const list = await cf.get(cf.instanceJobs(bad));
        expect(list.status, bad).toBe(400);
        expect(list.json.errors[0].path).toEqual(['id']);
        const get = await cf.get(`${cf.instanceJobs(bad)}/some-job`);
        expect(op(api, 'getJob').statuses).not.toContain(400);
        expect(get.status, bad).toBe(404);
        expectDocumented(api, 'getJob', get);
      }
    });

    it('answers 404 for a well-formed unknown instance on every operation', async () => {
      const set = await start();
      const cf = cloudflareClient(set, api);
      const jobs = cf.instanceJobs('no-such-instance');
      for (const [method, url, opId] of [
        ['GET', jobs, 'listJobs'],
        ['POST', jobs, 'createJob'],
        ['GET', `${jobs}/j`, 'getJob'],
        ['GET', `${jobs}/j/logs`, 'listJobLogs'],
      ] as const) {
        const reply = await cf.call(method, url);
        expect(reply.status, opId).toBe(404);
        expectDocumented(api, opId, reply);
      }
    });

    it('answers unknown paths and methods with the error envelope', async () => {
      const set = await start();
      const cf = cloudflareClient(set, api);
      expect((await cf.get(`${cf.jobs}/a/b/c`)).status).toBe(404);
      const del = await cf.call('DELETE', cf.jobs);
      expect(del.status).toBe(405);
      expect(del.json.success).toBe(false);
    });
  });

  describe('lifecycle', () => {
    it('create → get → list → logs → cancel → second cancel 400; create again within cooldown 429', async () => {
      const set = await start({ cooldownMs: 60_000, jobDurationMs: 600_000 });
      const cf = cloudflareClient(set, api);
      const created = await cf.create({ description: 'nightly' });
      expect(created.status).toBe(200);
      expectDocumented(api, 'createJob', created);
      const job = created.json.result;
      expect(job.description).toBe('nightly');
      expect(jobSources).toContain(job.source);
      expect(job.end_reason).toBeUndefined();

      const got = await cf.get(cf.job(job.id));
      expectDocumented(api, 'getJob', got);
      expect(got.json.result).toEqual(job);
      const listed = await cf.list('per_page=1');
      expect(listed.json.result[0]).toEqual(job);
      const logs = await cf.get(cf.logs(job.id));
      expectDocumented(api, 'listJobLogs', logs);
      expect(logs.json.result.length).toBeGreaterThan(0);

      const cancelled = await cf.cancel(job.id);
      expectDocumented(api, 'cancelJob', cancelled);
      expect(cancelled.json.result.end_reason).toBe('cancelled');
      expect(cancelled.json.result.ended_at).toBeDefined();
      const again = await cf.cancel(job.id);
      expect(again.status).toBe(400);
      expectDocumented(api, 'cancelJob', again);
      expect(again.json.errors[0].message).toBe(message(api, 'cancelJob', 400));

      clock += 59_000;
      const tooSoon = await cf.create();
      expect(tooSoon.status).toBe(429);
      expectDocumented(api, 'createJob', tooSoon);
      expect(tooSoon.json.errors[0].message).toBe(message(api, 'createJob', 429));
      expect(Number(tooSoon.headers.get('retry-after'))).toBe(1);
      clock += 1_000;
      expect((await cf.create()).status).toBe(200);
    });

    it('jobs end by elapsed time, or at once on advanceJobs', async () => {
      const set = await start({ cooldownMs: 0, jobDurationMs: 10_000 });
      const cf = cloudflareClient(set, api);
      const first = (await cf.create()).json.result;
      clock += 9_999;
      expect((await cf.get(cf.job(first.id))).json.result.end_reason).toBeUndefined();
      clock += 1;
      const ended = (await cf.get(cf.job(first.id))).json.result;
      expect(ended.end_reason).toBe('completed');
      expect(Date.parse(ended.ended_at)).toBe(clock);

      const second = (await cf.create()).json.result;
      expect(set.advanceJobs(api)).toBeGreaterThanOrEqual(1);
      expect((await cf.get(cf.job(second.id))).json.result.end_reason).toBe('completed');
      expect((await cf.cancel(second.id)).status).toBe(400);
    });

    it('validates request bodies: description <= 255, no unknown fields, cancel needs {action:"cancel"}', async () => {
      const set = await start({ cooldownMs: 0 });
      const cf = cloudflareClient(set, api);
      const max = (
        op(api, 'createJob').requestBody!.body.schema.properties as Record<string, { maxLength: number }>
      ).description!.maxLength;
      expect((await cf.create({ description: 'x'.repeat(max) })).status).toBe(200);
      expect((await cf.create()).status).toBe(200);
      for (const [body, path] of [
        [{ description: 'x'.repeat(max + 1) }, ['description']],
        [{ description: 5 }, ['description']],
        [{ other: 1 }, ['other']],
        ['{not json', []],
      ] as const) {
        const reply = await cf.create(body);
        expect(reply.status, JSON.stringify(body)).toBe(400);
        expectDocumented(api, 'createJob', reply);
        expect(reply.json.errors[0].path).toEqual(path);
      }
      const running = (await cf.create()).json.result.id;
      // The PATCH body itself is optional in the official document (only action inside it is required).
      for (const [body, path] of [
        [{}, ['action']],
        [{ action: 'stop' }, ['action']],
      ] as const) {
        const reply = await cf.cancel(running, body);
        expect(reply.status, JSON.stringify(body)).toBe(400);
        expect(reply.json.errors[0].path).toEqual(path);
      }
      expect((await cf.cancel('no-such-job')).status).toBe(404);
    });

    it('answers an unknown job with 404 "Job not found." on get and cancel', async () => {
      const set = await start();
      const cf = cloudflareClient(set, api);
      for (const [reply, opId] of [
        [await cf.get(cf.job('no-such-job')), 'getJob'],
        [await cf.cancel('no-such-job'), 'cancelJob'],
      ] as const) {
        expect(reply.status).toBe(404);
        expect(reply.json.errors[0].message).toBe(message(api, opId, 404));
      }
      expect((await cf.get(cf.logs('no-such-job'))).status).toBe(404);
    });
  });

  describe('logs', () => {
    it('pages a job with many logs up to the logs maximum, to the end and past it', async () => {
      const set = await start();
      const cf = cloudflareClient(set, api);
      const max = bound(api, 'listJobLogs', 'per_page', 'maximum');
      expect(max).toBeGreaterThan(bound(api, 'listJobs', 'per_page', 'maximum'));
      const jobs = (await cf.list('per_page=5')).json.result as { id: string }[];
      const counts = await Promise.all(
        jobs.map(
          async (j) => (await cf.get(`${cf.logs(j.id)}?per_page=1`)).json.result_info.total_count as number,
        ),
      );
      const big = jobs[counts.findIndex((c) => c > max)]!;
      const total = Math.max(...counts);
      const ids: number[] = [];
      for (let page = 1; ; page++) {
        const reply = await cf.get(`${cf.logs(big.id)}?per_page=${max}&page=${page}`);
        expectDocumented(api, 'listJobLogs', reply);
        if (reply.json.result.length === 0) break;
        ids.push(...reply.json.result.map((l: { id: number }) => l.id));
      }
      expect(ids).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      const over = await cf.get(`${cf.logs(big.id)}?per_page=${max + 1}`);
      expect(over.status).toBe(400);
      expect(over.json.errors[0].path).toEqual(['per_page']);
    });
  });
});

describe('the generic simulator serving Cloudflare: data', () => {
  it('is deterministic by seed: same seed same jobs, another seed other jobs; sources cover the enum', async () => {
    const [a, b, c] = await Promise.all([start({ seed: 5 }), start({ seed: 5 }), start({ seed: 6 })]);
    const page = async (set: SimulatorSet) =>
      (await cloudflareClient(set).list('per_page=50&page=2')).json.result;
    expect(await page(a!)).toEqual(await page(b!));
    expect(await page(a!)).not.toEqual(await page(c!));
    const all = (await cloudflareClient(a!).list('per_page=50')).json.result as { source: string }[];
    expect(new Set(all.map((j) => j.source))).toEqual(new Set(jobSources));
  });

  it('the two surfaces have their own jobs', async () => {
    const set = await start();
    const one = (await cloudflareClient(set, SURFACES[0]).list()).json.result;
    const two = (await cloudflareClient(set, SURFACES[1]).list()).json.result;
    expect(one[0].id).not.toBe(two[0].id);
  });

  it("the instance paths are the namespace 'default' (sameJobsAs): a job of either is the other's", async () => {
    const set = await start({ cooldownMs: 0 });
    const plain = cloudflareClient(set, SURFACES[0]);
    const spaced = cloudflareClient(set, SURFACES[1]);
    const atDefault = (path: string) => path.replace(/\/namespaces\/[^/]+\//, '/namespaces/default/');
    const created = (await plain.create()).json.result.id as string;
    const found = await spaced.get(atDefault(spaced.job(created)));
    expect([found.status, found.json.result.id]).toEqual([200, created]);
    // Created in the namespace 'default', listed on the plain paths; another namespace does not see it.
    const back = (await spaced.call('POST', atDefault(spaced.jobs), { body: {} })).json.result.id as string;
    const listed = (await plain.list('per_page=50')).json.result.map((j: { id: string }) => j.id);
    expect(listed).toEqual(expect.arrayContaining([created, back]));
    expect((await spaced.get(spaced.job(created))).status).toBe(404);
    set.setFaults(['consistency.same-jobs-apart']);
    expect((await spaced.get(atDefault(spaced.job(created)))).status).toBe(404);
  });

  describe('100,000 jobs', () => {
    let big: SimulatorSet;
    beforeAll(async () => {
      big = await startSimulators({ apis: ['cloudflare-ai-search'], jobs: 100_000 });
    });
    afterAll(() => big.close());

    it('serves the last page and the page past it', async () => {
      const cf = cloudflareClient(big);
      const last = await cf.list('per_page=50&page=2000');
      expect(last.json.result).toHaveLength(50);
      expect(last.json.result_info.total_count).toBe(100_000);
      expect((await cf.list('per_page=50&page=2001')).json.result).toEqual([]);
    });
  });

  it('rate limits past the configured rate with retry-after, Ratelimit and Ratelimit-Policy', async () => {
    const set = await start({ rateLimit: { requests: 3, windowSeconds: 60 } });
    const cf = cloudflareClient(set);
    const statuses: number[] = [];
    let limited: Reply | undefined;
    for (let i = 0; i < 4; i++) {
      const reply = await cf.list('per_page=1');
      statuses.push(reply.status);
      if (reply.status === 429) limited = reply;
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(limited!.json.success).toBe(false);
    for (const header of catalogue.api('cloudflare-ai-search').rateLimit!.headers)
      expect(limited!.headers.get(header), header).not.toBeNull();
    expect(limited!.headers.get('ratelimit')).toBe('"default";r=0;t=60');
    expect(Number(limited!.headers.get('retry-after'))).toBe(60);
    clock += 60_000;
    expect((await cf.list('per_page=1')).status).toBe(200);
  });

  it('rateLimit: true uses the documented limit', async () => {
    const set = await start({ rateLimit: true });
    const reply = await cloudflareClient(set).list('per_page=1');
    const { requests, windowSeconds } = catalogue.api('cloudflare-ai-search').rateLimit!;
    expect(reply.headers.get('ratelimit-policy')).toBe(`"default";q=${requests};w=${windowSeconds}`);
  });

  it('produces 503 (documented on every operation) through the host burst, in the envelope', async () => {
    const set = await start({ faults: ['transport.503-burst'] });
    const cf = cloudflareClient(set);
    const reply = await cf.list();
    expect(reply.status).toBe(503);
    expectDocumented('cloudflare-ai-search', 'listJobs', reply);
  });

  it('provider states give job ids that behave as named', async () => {
    const set = await start({ cooldownMs: 60_000 });
    const cf = cloudflareClient(set);
    const running = await set.providerState('cloudflare-ai-search', 'a running job exists');
    expect((await cf.cancel(String(running.job_id))).status).toBe(200);
    const ended = await set.providerState('cloudflare-ai-search', 'an ended job exists');
    expect((await cf.cancel(String(ended.job_id))).status).toBe(400);
    const missing = await set.providerState('cloudflare-ai-search', 'no job exists with the id');
    expect((await cf.get(cf.job(String(missing.job_id)))).status).toBe(404);
    await set.providerState('cloudflare-ai-search', 'a job was just created');
    expect((await cf.create()).status).toBe(429);
    await set.providerState('cloudflare-ai-search', 'no job was created recently');
    expect((await cf.create()).status).toBe(200);
    const ns = await set.providerState('cloudflare-ai-search', 'jobs exist', { api: SURFACES[1] });
    expect(ns.name).toBe(set.target(SURFACES[1]).pathParams.name);
    const one = await set.providerState('cloudflare-ai-search', 'a job exists');
    expect((await cf.get(cf.job(String(one.job_id)))).status).toBe(200);
    const none = await set.providerState('cloudflare-ai-search', 'no jobs');
    expect(none.id).not.toBe(set.target('cloudflare-ai-search').pathParams.id);
    await expect(set.providerState('cloudflare-ai-search', 'an access token exists')).rejects.toThrow(
      /cannot set provider state 'an access token exists'/,
    );
  });

  it('reset restores the seeded state', async () => {
    const set = await start({ cooldownMs: 60_000 });
    const cf = cloudflareClient(set);
    const before = (await cf.list()).json;
    await cf.create();
    expect((await cf.list()).json.result_info.total_count).toBe(before.result_info.total_count + 1);
    set.reset();
    expect((await cf.list()).json).toEqual(before);
    expect((await cf.create()).status).toBe(200);
  });
});
