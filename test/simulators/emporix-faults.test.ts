import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getCatalogue } from '../../src/catalogue/index.ts';
import { FAULTS, type FaultId, faultApplies, type SimulatorSet } from '../../src/simulators/index.ts';
import { fetchToken, jobs, startEmporix } from '../support/emporix.ts';
import { diffPaths } from '../support/json-diff.ts';

/** The named faults on the Emporix AI Service, served by the generic simulator. */
type EmporixJob = Record<string, unknown> & {
  id: string;
  status: string;
  agentType: string;
  metadata: { version: number | string; createdAt: string; modifiedAt: string };
};
/** The page size where pageSize is absent: the generic simulator's, as the provider documents none. */
const DEFAULT_PAGE_SIZE = 20;

const api = getCatalogue().api('emporix-ai-service');
const STATUSES = api.enums.JobStatus?.current as string[];
const DEPRECATED_AGENT_TYPES = api.enums.AgentType?.deprecated as string[];

/** Faults the host applies to every API alike; tested with the host, not here. */
const GENERIC = /^(status\.|content-type\.|headers\.content-length-wrong$|transport\.)/;
const EMPORIX_FAULTS = FAULTS.filter(
  (f) => !GENERIC.test(f.id) && faultApplies(f.id, 'emporix-ai-service'),
).map((f) => f.id);

let set: SimulatorSet;
let manage: string;
let read: string;
beforeAll(async () => {
  set = await startEmporix({ seed: 3 });
});
afterEach(() => set.setFaults([]));
afterAll(async () => {
  await set.close();
});

/** Fresh tokens on seeded state (reset clears deleted jobs and tokens). */
async function fresh(): Promise<void> {
  set.reset();
  manage = await fetchToken(set, 'manage');
  read = await fetchToken(set, 'read');
}

async function beforeAfter<T>(fault: FaultId, request: () => Promise<T>): Promise<[T, T]> {
  set.setFaults([]);
  await fresh();
  const clean = await request();
  await fresh();
  set.setFaults([fault]);
  const faulty = await request();
  return [clean, faulty];
}

const page = (query: string) => jobs(set, { token: read, query });

async function walk(size: number, maxPages = 1000): Promise<EmporixJob[][]> {
  const pages: EmporixJob[][] = [];
  for (let n = 1; n <= maxPages; n++) {
    const list = (await page(`pageSize=${size}&pageNumber=${n}`)).json as EmporixJob[];
    if (list.length === 0) return pages;
    pages.push(list);
  }
  return pages;
}
const ids = (pages: EmporixJob[][]) => pages.flat().map((j) => j.id);

const tests: Partial<Record<FaultId, () => Promise<void>>> = {
  'envelope.errors-missing': async () => {
    const [clean, faulty] = await beforeAfter('envelope.errors-missing', async () => [
      await jobs(set, {}),
      await jobs(set, { token: read, path: '/missing' }),
      await jobs(set, { token: read, query: 'pageSize=0' }),
      await jobs(set, { token: read, method: 'DELETE', path: '/missing' }),
      await page('pageSize=3'),
    ]);
    for (const i of [0, 1, 2, 3]) {
      expect(faulty[i]?.status).toBe(clean[i]?.status);
      expect(Object.keys(clean[i]?.json as object).length).toBeGreaterThan(0);
      expect(faulty[i]?.json).toEqual({});
    }
    expect(faulty[4]?.json).toEqual(clean[4]?.json);
  },

  'error.wrong-shape': async () => {
    const [clean, faulty] = await beforeAfter('error.wrong-shape', async () => [
      await jobs(set, {}),
      await jobs(set, { token: read, path: '/missing' }),
      await jobs(set, { token: read, query: 'sort=x:up' }),
    ]);
    for (const [i, reply] of faulty.entries()) {
      expect(reply.status).toBe(clean[i]?.status);
      // The generic simulator's wrong shape: {error} where the schema rejects it, else the fields mistyped.
      expect(reply.json).not.toEqual(clean[i]?.json);
      expect(Object.keys(clean[i]?.json as object)).not.toContain('error');
    }
  },

  'body.required-missing': async () => {
    const [clean, faulty] = await beforeAfter('body.required-missing', () => page('pageSize=10'));
    expect(diffPaths(clean.json, faulty.json)).toEqual(
      (clean.json as unknown[]).map((_, i) => `/${i}/metadata/version`),
    );
  },

  'body.enum-unknown': async () => {
    const [clean, faulty] = await beforeAfter('body.enum-unknown', () => page('pageSize=10'));
    expect(diffPaths(clean.json, faulty.json)).toEqual(['/0/status']);
    // A list's page breaks its first item: one job with a value the docs never listed.
    expect(STATUSES).not.toContain((faulty.json as EmporixJob[])[0]?.status);
  },

  'body.enum-deprecated': async () => {
    const [clean, faulty] = await beforeAfter('body.enum-deprecated', () => page('pageSize=10'));
    expect(diffPaths(clean.json, faulty.json)).toEqual(
      (clean.json as EmporixJob[]).flatMap((j, i) =>
        DEPRECATED_AGENT_TYPES.includes(j.agentType) ? [] : [`/${i}/agentType`],
      ),
    );
    for (const job of faulty.json as EmporixJob[]) expect(DEPRECATED_AGENT_TYPES).toContain(job.agentType);
  },

  'body.wrong-type': async () => {
    const [clean, faulty] = await beforeAfter('body.wrong-type', () => page('pageSize=10'));
    expect(diffPaths(clean.json, faulty.json)).toEqual(['/0/metadata/version']);
    expect(typeof (faulty.json as EmporixJob[])[0]?.metadata.version).toBe('string');
  },

  'pagination.duplicate-item': async () => {
    const [clean, faulty] = await beforeAfter('pagination.duplicate-item', () => walk(40));
    for (let p = 1; p < faulty.length; p++) expect(faulty[p]?.[0]).toEqual(faulty[p - 1]?.at(-1));
    expect(new Set(ids(faulty))).toEqual(new Set(ids(clean)));
  },

  'pagination.skipped-item': async () => {
    const [clean, faulty] = await beforeAfter('pagination.skipped-item', () => walk(40));
    const seen = ids(faulty);
    expect(new Set(seen).size).toBe(seen.length);
    const missing = ids(clean).filter((id) => !seen.includes(id));
    expect(missing).toEqual(clean.slice(1).map((p) => p[0]?.id));
  },

  'pagination.wrong-total': async () => {
    const [clean, faulty] = await beforeAfter('pagination.wrong-total', () =>
      jobs(set, { token: read, query: 'pageSize=5', headers: { 'X-Total-Count': 'true' } }),
    );
    expect(Number(faulty.headers.get('x-total-count'))).toBe(Number(clean.headers.get('x-total-count')) + 1);
    expect(faulty.json).toEqual(clean.json);
  },

  'pagination.size-ignored': async () => {
    const [clean, faulty] = await beforeAfter('pagination.size-ignored', () => page('pageSize=3'));
    expect(clean.json).toHaveLength(3);
    expect(faulty.json).toHaveLength(DEFAULT_PAGE_SIZE);
  },

  'pagination.data-past-end': async () => {
    const [clean, faulty] = await beforeAfter('pagination.data-past-end', async () => [
      await page('pageSize=100&pageNumber=3'),
      await page('pageSize=100&pageNumber=4'),
      await page('pageSize=100&pageNumber=50'),
    ]);
    expect(clean[1]?.json).toEqual([]);
    expect(clean[2]?.json).toEqual([]);
    expect(faulty[0]?.json).toEqual(clean[0]?.json);
    expect(faulty[1]?.json).toEqual(clean[0]?.json);
    expect(faulty[2]?.json).toEqual(clean[0]?.json);
  },

  'pagination.bounds-not-enforced': async () => {
    const [clean, faulty] = await beforeAfter('pagination.bounds-not-enforced', async () => [
      await page('pageNumber=0&pageSize=4'),
      await page('pageNumber=-2&pageSize=4'),
      await page('pageSize=0'),
      await page('pageNumber=one'),
    ]);
    expect(clean.map((r) => r.status)).toEqual([400, 400, 400, 400]);
    expect(faulty.map((r) => r.status)).toEqual([200, 200, 200, 400]);
    expect(faulty[0]?.json).toEqual((await page('pageNumber=1&pageSize=4')).json);
    expect(faulty[2]?.json).toHaveLength(1);
  },

  'auth.not-enforced': async () => {
    const [clean, faulty] = await beforeAfter('auth.not-enforced', async () => [
      await jobs(set, {}),
      await jobs(set, { token: 'forged' }),
    ]);
    expect(clean.map((r) => r.status)).toEqual([401, 401]);
    expect(faulty.map((r) => r.status)).toEqual([200, 401]);
  },

  'auth.wrong-credentials-accepted': async () => {
    const [clean, faulty] = await beforeAfter('auth.wrong-credentials-accepted', async () => [
      await jobs(set, { token: 'forged' }),
      await jobs(set, {}),
    ]);
    expect(clean.map((r) => r.status)).toEqual([401, 401]);
    expect(faulty.map((r) => r.status)).toEqual([200, 401]);
  },

  'auth.scope-not-enforced': async () => {
    const [clean, faulty] = await beforeAfter('auth.scope-not-enforced', async () => {
      const first = ((await page('pageSize=1')).json as EmporixJob[])[0] as EmporixJob;
      return [
        await jobs(set, { token: read, method: 'DELETE', path: `/${first.id}` }),
        await jobs(set, { token: read, path: `/${first.id}` }),
        await jobs(set, { token: 'forged', method: 'DELETE', path: `/${first.id}` }),
      ];
    });
    expect(clean.map((r) => r.status)).toEqual([403, 200, 401]);
    expect(faulty.map((r) => r.status)).toEqual([204, 404, 401]);
  },

  'input.malformed-body-accepted': async () => {
    const [clean, faulty] = await beforeAfter('input.malformed-body-accepted', async () => [
      await jobs(set, { token: read, method: 'POST', path: '/search', body: '{"q": ' }),
      await jobs(set, { token: read, method: 'POST', path: '/search', body: '{"query": "x"}' }),
      await jobs(set, { token: read, method: 'POST', path: '/search', body: '{"q": "status"}' }),
    ]);
    expect(clean.map((r) => r.status)).toEqual([400, 400, 400]);
    expect(faulty.map((r) => r.status)).toEqual([200, 200, 400]);
    expect(faulty[0]?.json).toEqual((await page('')).json);
  },

  'input.unknown-id-found': async () => {
    const [clean, faulty] = await beforeAfter('input.unknown-id-found', async () => [
      await jobs(set, { token: read, path: '/no-such-job' }),
      await jobs(set, { token: manage, method: 'DELETE', path: '/no-such-job' }),
    ]);
    expect(clean.map((r) => r.status)).toEqual([404, 404]);
    expect(faulty[0]?.status).toBe(200);
    expect(faulty[0]?.json).toMatchObject({ id: 'no-such-job' });
  },

  'lifecycle.delete-not-deleting': async () => {
    const [clean, faulty] = await beforeAfter('lifecycle.delete-not-deleting', async () => {
      const first = ((await page('pageSize=1')).json as EmporixJob[])[0] as EmporixJob;
      return [
        await jobs(set, { token: manage, method: 'DELETE', path: `/${first.id}` }),
        await jobs(set, { token: read, path: `/${first.id}` }),
      ];
    });
    expect(clean.map((r) => r.status)).toEqual([204, 404]);
    expect(faulty.map((r) => r.status)).toEqual([204, 200]);
  },

  'consistency.get-disagrees': async () => {
    const [clean, faulty] = await beforeAfter('consistency.get-disagrees', async () => {
      const listed = (await page('pageSize=5')).json as EmporixJob[];
      return [listed, (await jobs(set, { token: read, path: `/${listed[2]?.id}` })).json as EmporixJob];
    });
    expect(faulty[0]).toEqual(clean[0]);
    expect(clean[1]).toEqual((clean[0] as EmporixJob[])[2]);
    expect(diffPaths(clean[1], faulty[1])).toEqual(['/status']);
    expect(STATUSES).toContain((faulty[1] as EmporixJob).status);
  },

  'filter.non-matching': async () => {
    const q = `status:${STATUSES[1]}`;
    const [clean, faulty] = await beforeAfter('filter.non-matching', async () => [
      (await page(`q=${encodeURIComponent(q)}&pageSize=1000`)).json as EmporixJob[],
      (await page('pageSize=1000')).json as EmporixJob[],
    ]);
    expect(clean[0]?.every((j) => j.status === STATUSES[1])).toBe(true);
    expect(faulty[0]?.some((j) => j.status !== STATUSES[1])).toBe(true);
    expect(faulty[0]?.filter((j) => j.status === STATUSES[1])).toEqual(clean[0]);
    expect(faulty[1]).toEqual(clean[1]);
  },

  'sort.ignored': async () => {
    const [clean, faulty] = await beforeAfter('sort.ignored', async () => [
      (await page('sort=metadata.createdAt:asc&pageSize=1000')).json as EmporixJob[],
      (await page('pageSize=1000')).json as EmporixJob[],
    ]);
    const created = (j: EmporixJob) => j.metadata.createdAt;
    expect(clean[0]?.map(created)).toEqual([...(clean[1] ?? [])].map(created).sort());
    expect(faulty[0]).toEqual(clean[1]);
    expect(faulty[1]).toEqual(clean[1]);
  },
};

describe('emporix faults', () => {
  it('has a test for every fault that applies to Emporix and is not a host-level one', () => {
    expect(Object.keys(tests).sort()).toEqual([...EMPORIX_FAULTS].sort());
  });

  for (const [id, test] of Object.entries(tests)) it(`${id} changes exactly what it names`, test);
});
