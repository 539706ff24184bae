import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getCatalogue } from '../../src/catalogue/index.ts';
import { FAULTS, type FaultId, facts, faultApplies, type SimulatorSet } from '../../src/simulators/index.ts';
import { diffPaths } from '../support/json-diff.ts';
import { getV2, listV1, startVectara } from '../support/vectara.ts';

/** The named faults on Vectara v1 and v2, served by the generic simulator. */
type V1Job = Record<string, unknown> & { id: string; state: string; tsCreate: string };
type V2Job = Record<string, unknown> & { id: string; state: string; corpus_keys: string[] };
const { integerBounds } = facts;

const catalogue = getCatalogue();
const v1 = catalogue.api('vectara-v1');
const v2 = catalogue.api('vectara-v2');
const V1_STATES = v1.enums.JobState?.current as string[];
const V2_STATES = v2.enums.JobState?.current as string[];
const v1Fields = (v1.operation('listJobs').requestBody?.body.schema.properties ?? {}) as Record<
  string,
  { maximum?: number }
>;
const V1_MAX = v1Fields.numResults?.maximum as number;
/** The v1 page size where numResults is unset (x-pagination defaultSize: the provider documents none). */
const DEFAULT_NUM_RESULTS = v1.operation('listJobs').pagination?.defaultSize as number;
const LIMIT = integerBounds(v2.operation('listJobs'), 'limit');
const v1Job = catalogue.schema(`${v1.enums.JobState?.schemaRef.split('#')[0]}#/$defs/Job`);
const v2Job = catalogue.schema(`${v2.enums.JobState?.schemaRef.split('#')[0]}#/$defs/Job`);

/** Faults the host applies to every API alike; tested with the host, not here. */
const GENERIC = /^(status\.|content-type\.|headers\.content-length-wrong$|transport\.)/;
const VECTARA_FAULTS = FAULTS.filter(
  (f) => !GENERIC.test(f.id) && (faultApplies(f.id, 'vectara-v1') || faultApplies(f.id, 'vectara-v2')),
).map((f) => f.id);

let set: SimulatorSet;
beforeAll(async () => {
  set = await startVectara({ seed: 5 });
});
afterEach(() => set.setFaults([]));
afterAll(async () => {
  await set.close();
});

/** The same request without and with `fault`. */
async function beforeAfter<T>(fault: FaultId, request: () => Promise<T>): Promise<[T, T]> {
  set.setFaults([]);
  const clean = await request();
  set.setFaults([fault]);
  const faulty = await request();
  return [clean, faulty];
}

const allV1 = { state: V1_STATES };

async function walkV1(
  body: Record<string, unknown>,
  maxPages: number,
): Promise<{ pages: V1Job[][]; keys: string[] }> {
  const pages: V1Job[][] = [];
  const keys: string[] = [];
  let reply = await listV1(set, { body });
  for (let n = 0; n < maxPages; n++) {
    const page = reply.json as { job: V1Job[]; pageKey: string };
    pages.push(page.job);
    keys.push(page.pageKey);
    if (page.pageKey === '') break;
    reply = await listV1(set, { body: { pageKey: page.pageKey } });
  }
  return { pages, keys };
}

async function walkV2(
  query: string,
  maxPages: number,
): Promise<{ pages: V2Job[][]; keys: (string | undefined)[] }> {
  const pages: V2Job[][] = [];
  const keys: (string | undefined)[] = [];
  let key: string | undefined;
  for (let n = 0; n < maxPages; n++) {
    const reply = await getV2(set, `/v2/jobs?${query}${key ? `&page_key=${encodeURIComponent(key)}` : ''}`);
    const body = reply.json as { jobs: V2Job[]; metadata?: { page_key?: string } };
    pages.push(body.jobs);
    key = body.metadata?.page_key;
    keys.push(key);
    if (!key) break;
  }
  return { pages, keys };
}

const ids = (pages: { id: string }[][]) => pages.flat().map((j) => j.id);

const tests: Partial<Record<FaultId, () => Promise<void>>> = {
  'envelope.errors-missing': async () => {
    const [clean, faulty] = await beforeAfter('envelope.errors-missing', async () => [
      await listV1(set, { headers: { 'x-api-key': 'wrong' } }),
      await getV2(set, '/v2/jobs/job_missing'),
      await getV2(set, '/v2/jobs?limit=0'),
      await listV1(set, { body: allV1 }),
    ]);
    for (const i of [0, 1, 2]) {
      expect(faulty[i]?.status).toBe(clean[i]?.status);
      expect(Object.keys(clean[i]?.json as object).length).toBeGreaterThan(0);
      expect(faulty[i]?.json).toEqual({});
    }
    expect(faulty[3]?.json).toEqual(clean[3]?.json);
  },

  'error.wrong-shape': async () => {
    const [clean, faulty] = await beforeAfter('error.wrong-shape', async () => [
      await listV1(set, { body: { numResults: V1_MAX + 1 } }),
      await getV2(set, '/v2/jobs', { 'x-api-key': undefined }),
      await getV2(set, '/v2/jobs/job_missing'),
    ]);
    for (const [i, reply] of faulty.entries()) {
      expect(reply.status).toBe(clean[i]?.status);
      // The generic simulator's wrong shape: {error} where the schema rejects it, else the fields mistyped.
      expect(reply.json).not.toEqual(clean[i]?.json);
      expect(Object.keys(clean[i]?.json as object)).not.toContain('error');
    }
  },

  'body.required-missing': async () => {
    const [c1, f1] = await beforeAfter('body.required-missing', () => listV1(set, { body: allV1 }));
    expect(diffPaths(c1.json, f1.json)).toEqual(
      (c1.json as { job: unknown[] }).job.map((_, i) => `/job/${i}/id`),
    );
    const [c2, f2] = await beforeAfter('body.required-missing', () => getV2(set, '/v2/jobs'));
    expect(diffPaths(c2.json, f2.json)).toEqual(
      (c2.json as { jobs: unknown[] }).jobs.map((_, i) => `/jobs/${i}/id`),
    );
  },

  'body.enum-unknown': async () => {
    const [c1, f1] = await beforeAfter('body.enum-unknown', () => listV1(set, { body: allV1 }));
    expect(diffPaths(c1.json, f1.json)).toEqual([`/job/0/state`]);
    // A list's page breaks its first item: one job with a value the docs never listed.
    expect(V1_STATES).not.toContain((f1.json as { job: V1Job[] }).job[0]?.state);
    const [c2, f2] = await beforeAfter('body.enum-unknown', () => getV2(set, '/v2/jobs'));
    expect(diffPaths(c2.json, f2.json)).toEqual([`/jobs/0/state`]);
    expect(v2Job.validate((f2.json as { jobs: V2Job[] }).jobs[0])).toBe(false);
  },

  'body.wrong-type': async () => {
    const [c1, f1] = await beforeAfter('body.wrong-type', () => listV1(set, { body: allV1 }));
    expect(diffPaths(c1.json, f1.json)).toEqual([`/job/0/type`]);
    // The generic simulator mistypes the first typed field other than the id and the state: type.
    expect(typeof (f1.json as { job: V1Job[] }).job[0]?.type).toBe('number');
    const [c2, f2] = await beforeAfter('body.wrong-type', () => getV2(set, '/v2/jobs'));
    // v2's creation time, an ISO string, written as its epoch milliseconds.
    expect(diffPaths(c2.json, f2.json)).toEqual([`/jobs/0/created_at`]);
    expect(typeof (f2.json as { jobs: V2Job[] }).jobs[0]?.created_at).toBe('number');
  },

  'body.pattern-violation': async () => {
    const [c1, f1] = await beforeAfter('body.pattern-violation', () => listV1(set, { body: allV1 }));
    expect(diffPaths(c1.json, f1.json)).toEqual(
      (c1.json as { job: unknown[] }).job.map((_, i) => `/job/${i}/tsCreate`),
    );
    for (const job of (f1.json as { job: V1Job[] }).job) {
      expect(typeof job.tsCreate).toBe('string');
      expect(v1Job.validate(job)).toBe(false);
    }
    const [c2, f2] = await beforeAfter('body.pattern-violation', () => getV2(set, '/v2/jobs'));
    expect(diffPaths(c2.json, f2.json)).toEqual(
      (c2.json as { jobs: unknown[] }).jobs.map((_, i) => `/jobs/${i}/id`),
    );
    for (const job of (f2.json as { jobs: V2Job[] }).jobs) expect(job.id).not.toMatch(/^job_/);
  },

  'pagination.duplicate-item': async () => {
    const [c1, f1] = await beforeAfter('pagination.duplicate-item', () =>
      walkV1({ ...allV1, numResults: 50 }, 100),
    );
    const [c2, f2] = await beforeAfter('pagination.duplicate-item', () => walkV2('limit=50', 100));
    for (const [clean, faulty] of [
      [c1, f1],
      [c2, f2],
    ] as const) {
      for (let p = 1; p < faulty.pages.length; p++)
        expect(faulty.pages[p]?.[0]).toEqual(faulty.pages[p - 1]?.at(-1));
      expect(new Set(ids(faulty.pages))).toEqual(new Set(ids(clean.pages)));
      expect(ids(faulty.pages).length - ids(clean.pages).length).toBe(faulty.pages.length - 1);
    }
  },

  'pagination.skipped-item': async () => {
    const [c1, f1] = await beforeAfter('pagination.skipped-item', () =>
      walkV1({ ...allV1, numResults: 50 }, 100),
    );
    const [c2, f2] = await beforeAfter('pagination.skipped-item', () => walkV2('limit=50', 100));
    for (const [clean, faulty] of [
      [c1, f1],
      [c2, f2],
    ] as const) {
      const seen = ids(faulty.pages);
      expect(new Set(seen).size).toBe(seen.length);
      const missing = ids(clean.pages).filter((id) => !seen.includes(id));
      expect(missing).toHaveLength(faulty.pages.length - 1);
      const all = ids(clean.pages);
      // Each missing job sits right before the first job of a page after the first.
      for (const [p, page] of faulty.pages.slice(1).entries())
        expect(all[all.indexOf(page[0]?.id as string) - 1]).toBe(missing[p]);
    }
  },

  'pagination.size-ignored': async () => {
    const [c1, f1] = await beforeAfter('pagination.size-ignored', () =>
      listV1(set, { body: { ...allV1, numResults: 3 } }),
    );
    expect((c1.json as { job: unknown[] }).job).toHaveLength(3);
    expect((f1.json as { job: unknown[] }).job).toHaveLength(DEFAULT_NUM_RESULTS);
    const [c2, f2] = await beforeAfter('pagination.size-ignored', () => getV2(set, '/v2/jobs?limit=3'));
    expect((c2.json as { jobs: unknown[] }).jobs).toHaveLength(3);
    expect((f2.json as { jobs: unknown[] }).jobs).toHaveLength(LIMIT.default as number);
  },

  'pagination.cursor-repeats': async () => {
    const [c1, f1] = await beforeAfter('pagination.cursor-repeats', () =>
      walkV1({ ...allV1, numResults: 20 }, 6),
    );
    expect(c1.keys).toHaveLength(6);
    expect(f1.pages[2]).toEqual(f1.pages[0]);
    expect(f1.pages[3]).toEqual(f1.pages[1]);
    expect(c1.pages[2]).not.toEqual(c1.pages[0]);
    const [c2, f2] = await beforeAfter('pagination.cursor-repeats', () => walkV2('limit=20', 6));
    expect(f2.pages[2]).toEqual(f2.pages[0]);
    expect(c2.pages[2]).not.toEqual(c2.pages[0]);
  },

  'pagination.cursor-never-ends': async () => {
    const [c1, f1] = await beforeAfter('pagination.cursor-never-ends', () =>
      walkV1({ ...allV1, numResults: 100 }, 10),
    );
    expect(c1.keys.at(-1)).toBe('');
    expect(c1.pages).toHaveLength(3);
    expect(f1.pages).toHaveLength(10);
    expect(f1.keys.every((k) => k !== '')).toBe(true);
    expect(ids(f1.pages)).toEqual(ids(c1.pages));
    const [c2, f2] = await beforeAfter('pagination.cursor-never-ends', () => walkV2('limit=100', 10));
    expect(c2.keys.at(-1)).toBeUndefined();
    expect(f2.keys.every((k) => k !== undefined && k !== '')).toBe(true);
    expect(ids(f2.pages)).toEqual(ids(c2.pages));
  },

  'pagination.bounds-not-enforced': async () => {
    const [c1, f1] = await beforeAfter('pagination.bounds-not-enforced', () =>
      listV1(set, { body: { ...allV1, numResults: V1_MAX + 1 } }),
    );
    expect(c1.status).toBe(400);
    expect(f1.status).toBe(200);
    expect((f1.json as { job: unknown[] }).job).toHaveLength(V1_MAX);
    for (const [limit, served] of [
      [(LIMIT.maximum as number) + 1, LIMIT.maximum],
      [(LIMIT.minimum as number) - 1, LIMIT.minimum],
    ]) {
      const [c2, f2] = await beforeAfter('pagination.bounds-not-enforced', () =>
        getV2(set, `/v2/jobs?limit=${limit}`),
      );
      expect(c2.status).toBe(400);
      expect(f2.status).toBe(200);
      expect((f2.json as { jobs: unknown[] }).jobs).toHaveLength(served as number);
    }
    set.setFaults(['pagination.bounds-not-enforced']);
    expect((await getV2(set, '/v2/jobs?limit=ten')).status).toBe(400);
  },

  'auth.not-enforced': async () => {
    const [c, f] = await beforeAfter('auth.not-enforced', async () => [
      await listV1(set, { headers: { 'x-api-key': undefined } }),
      await getV2(set, '/v2/jobs', { 'x-api-key': undefined }),
      await listV1(set, { headers: { 'x-api-key': 'wrong' } }),
      await getV2(set, '/v2/jobs', { 'x-api-key': 'wrong' }),
    ]);
    expect(c.map((r) => r.status)).toEqual([401, 403, 401, 403]);
    expect(f.map((r) => r.status)).toEqual([200, 200, 401, 403]);
  },

  'auth.wrong-credentials-accepted': async () => {
    const [c, f] = await beforeAfter('auth.wrong-credentials-accepted', async () => [
      await listV1(set, { headers: { 'x-api-key': 'wrong' } }),
      await getV2(set, '/v2/jobs', { 'x-api-key': undefined, authorization: 'Bearer wrong' }),
      await listV1(set, { headers: { 'customer-id': '7' } }),
      await listV1(set, { headers: { 'x-api-key': undefined } }),
      await getV2(set, '/v2/jobs', { 'x-api-key': undefined }),
    ]);
    expect(c.map((r) => r.status)).toEqual([401, 403, 403, 401, 403]);
    expect(f.map((r) => r.status)).toEqual([200, 200, 200, 401, 403]);
  },

  'input.malformed-body-accepted': async () => {
    const [c, f] = await beforeAfter('input.malformed-body-accepted', async () => [
      await listV1(set, { rawBody: '{"numResults": ' }),
      await listV1(set, { rawBody: '{"numResults": 2, "colour": "red"}' }),
      await listV1(set, { rawBody: '' }),
    ]);
    expect(c.map((r) => r.status)).toEqual([400, 400, 400]);
    expect(f.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(f[1]?.json).toMatchObject({ job: [{}, {}] });
  },

  'input.unknown-id-found': async () => {
    const [c2, f2] = await beforeAfter('input.unknown-id-found', () => getV2(set, '/v2/jobs/job_missing'));
    expect(c2.status).toBe(404);
    expect(f2.status).toBe(200);
    expect((f2.json as V2Job).id).toBe('job_missing');
    const [c1, f1] = await beforeAfter('input.unknown-id-found', () =>
      listV1(set, { body: { ...allV1, jobId: 'missing' } }),
    );
    expect((c1.json as { job: unknown[] }).job).toEqual([]);
    expect((f1.json as { job: V1Job[] }).job.map((j) => j.id)).toEqual(['missing']);
  },

  'consistency.get-disagrees': async () => {
    const listed = ((await getV2(set, '/v2/jobs')).json as { jobs: V2Job[] }).jobs[3] as V2Job;
    const [c2, f2] = await beforeAfter('consistency.get-disagrees', () =>
      getV2(set, `/v2/jobs/${listed.id}`),
    );
    expect(c2.json).toEqual(listed);
    expect(diffPaths(c2.json, f2.json)).toEqual(['/state']);
    expect(V2_STATES).toContain((f2.json as V2Job).state);
    const [cl, fl] = await beforeAfter('consistency.get-disagrees', () => getV2(set, '/v2/jobs'));
    expect(fl.json).toEqual(cl.json);
    const v1Listed = ((await listV1(set, { body: allV1 })).json as { job: V1Job[] }).job[2] as V1Job;
    const [c1, f1] = await beforeAfter('consistency.get-disagrees', () =>
      listV1(set, { body: { ...allV1, jobId: v1Listed.id } }),
    );
    expect(diffPaths(c1.json, f1.json)).toEqual(['/job/0/state']);
  },

  'filter.non-matching': async () => {
    const state = V1_STATES[3] as string;
    const [c1, f1] = await beforeAfter('filter.non-matching', () =>
      walkV1({ state: [state], numResults: 100 }, 100),
    );
    expect(c1.pages.flat().every((j) => j.state === state)).toBe(true);
    expect(f1.pages.flat().some((j) => j.state !== state)).toBe(true);
    expect(ids(f1.pages).filter((id) => ids(c1.pages).includes(id))).toEqual(ids(c1.pages));
    const [c2, f2] = await beforeAfter('filter.non-matching', () =>
      walkV2(`state=${V2_STATES[2]}&limit=100`, 100),
    );
    expect(c2.pages.flat().every((j) => j.state === V2_STATES[2])).toBe(true);
    expect(f2.pages.flat().some((j) => j.state !== V2_STATES[2])).toBe(true);
    const [cu, fu] = await beforeAfter('filter.non-matching', () => walkV2('limit=100', 100));
    expect(ids(fu.pages)).toEqual(ids(cu.pages));
  },
};

describe('vectara faults', () => {
  it('has a test for every fault that applies to Vectara and is not a host-level one', () => {
    expect(Object.keys(tests).sort()).toEqual([...VECTARA_FAULTS].sort());
  });

  for (const [id, test] of Object.entries(tests)) it(`${id} changes exactly what it names`, test);
});
