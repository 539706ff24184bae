import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCatalogue } from '../../src/catalogue/index.ts';
import type { SimulatorSet } from '../../src/simulators/index.ts';
import { getV2, listV1, startVectara } from '../support/vectara.ts';

const V1_STATES = getCatalogue().api('vectara-v1').enums.JobState?.current as string[];
/** The generic simulator filters the whole list per page: 10,000 jobs keep this walk in seconds. */
const JOBS = 10_000;

let set: SimulatorSet;
beforeAll(async () => {
  set = await startVectara({ jobs: JOBS, seed: 9 });
});
afterAll(async () => {
  await set.close();
});

describe(`vectara with ${JOBS.toLocaleString('en')} jobs`, () => {
  it('walks the whole v2 list: every job exactly once', async () => {
    const seen = new Set<string>();
    let pages = 0;
    let key: string | undefined;
    do {
      const reply = await getV2(
        set,
        `/v2/jobs?limit=100${key ? `&page_key=${encodeURIComponent(key)}` : ''}`,
      );
      const body = reply.json as { jobs: { id: string }[]; metadata?: { page_key?: string } };
      for (const job of body.jobs) seen.add(job.id);
      pages++;
      key = body.metadata?.page_key;
    } while (key);
    expect(seen.size).toBe(JOBS);
    expect(pages).toBe(JOBS / 100);
  });

  it('walks the whole v1 list across every state: every job exactly once', async () => {
    const seen = new Set<string>();
    let count = 0;
    let reply = await listV1(set, { body: { state: V1_STATES, numResults: 100 } });
    for (;;) {
      const body = reply.json as { job: { id: string }[]; pageKey: string };
      for (const job of body.job) seen.add(job.id);
      count += body.job.length;
      if (body.pageKey === '') break;
      reply = await listV1(set, { body: { pageKey: body.pageKey } });
    }
    expect(count).toBe(JOBS);
    expect(seen.size).toBe(JOBS);
  });
});
