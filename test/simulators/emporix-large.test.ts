import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorSet } from '../../src/simulators/index.ts';
import { fetchToken, jobs, startEmporix } from '../support/emporix.ts';

type EmporixJob = Record<string, unknown> & { id: string; status: string; metadata?: { createdAt: string } };
/** The generic simulator filters and sorts the whole list per page: 10,000 jobs keep this in seconds. */
const JOBS = 10_000;

let set: SimulatorSet;
let token: string;
beforeAll(async () => {
  set = await startEmporix({ jobs: JOBS, seed: 9 });
  token = await fetchToken(set, 'read');
});
afterAll(async () => {
  await set.close();
});

describe(`emporix with ${JOBS.toLocaleString('en')} jobs`, () => {
  it('pages through every job exactly once, counts them in X-Total-Count, then answers an empty page', async () => {
    const seen = new Set<string>();
    let pageNumber = 1;
    for (;;) {
      const reply = await jobs(set, {
        token,
        query: `pageSize=1000&pageNumber=${pageNumber}`,
        headers: { 'X-Total-Count': 'true' },
      });
      expect(reply.headers.get('x-total-count')).toBe(String(JOBS));
      const page = reply.json as EmporixJob[];
      if (page.length === 0) break;
      for (const job of page) seen.add(job.id);
      pageNumber++;
    }
    expect(seen.size).toBe(JOBS);
    expect(pageNumber - 1).toBe(JOBS / 1000);
    const last = await jobs(set, { token, query: `pageSize=50&pageNumber=${JOBS / 50}` });
    expect(last.json).toHaveLength(50);
  });

  it('filters and sorts the whole set', async () => {
    const reply = await jobs(set, {
      token,
      query: `q=${encodeURIComponent('type:EXPORT metadata.version:>=2')}&sort=metadata.createdAt:asc&pageSize=${JOBS}`,
      headers: { 'X-Total-Count': 'true' },
    });
    const page = reply.json as EmporixJob[];
    expect(page.length).toBe(Number(reply.headers.get('x-total-count')));
    expect(page.length).toBeGreaterThan(JOBS / 100);
    for (const [i, job] of page.entries()) {
      expect(job.type).toBe('EXPORT');
      const previous = (page[i - 1] as EmporixJob | undefined)?.metadata?.createdAt ?? '';
      expect((job.metadata?.createdAt ?? '') >= previous).toBe(true);
    }
  });
});
