import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCatalogue } from '../../src/catalogue/index.ts';
import { DAY_MS, facts, type SimulatorSet } from '../../src/simulators/index.ts';
import { TEST_NOW } from '../support/clock.ts';
import { bearerToken, getV2, type Reply, startVectara } from '../support/vectara.ts';

/** Vectara v2 GET /v2/jobs[/{job_id}], served by the generic simulator from schemas/vectara-v2/. */
interface V2Job {
  id: string;
  type: string;
  corpus_keys: string[];
  state: string;
  created_at: string;
  started_at?: string;
  completed_at?: string;
  created_by_username?: string;
}
const { integerBounds } = facts;

const api = getCatalogue().api('vectara-v2');
const listOp = api.operation('listJobs');
const getOp = api.operation('getJob');
const LIMIT = integerBounds(listOp, 'limit');
const STATES = api.enums.JobState?.current as string[];
const TYPES = api.enums.JobType?.current as string[];
const corpusKey = getCatalogue().schema(`${api.enums.JobState?.schemaRef.split('#')[0]}#/$defs/CorpusKey`);

function expectDocumented(reply: Reply, operation = listOp): void {
  const spec = operation.responses.get(String(reply.status));
  expect(spec, `status ${reply.status} is documented`).toBeDefined();
  expect(spec?.body?.validate(reply.json), JSON.stringify(spec?.body?.validate.errors)).toBe(true);
}

interface Walk {
  jobs: V2Job[];
  pages: V2Job[][];
}

async function walk(set: SimulatorSet, query: string, maxPages = 10_000): Promise<Walk> {
  const out: Walk = { jobs: [], pages: [] };
  let key: string | undefined;
  for (let n = 0; n < maxPages; n++) {
    const sep = query === '' ? '' : '&';
    const reply = await getV2(
      set,
      `/v2/jobs?${query}${key ? `${sep}page_key=${encodeURIComponent(key)}` : ''}`,
    );
    expect(reply.status).toBe(200);
    const body = reply.json as { jobs: V2Job[]; metadata?: { page_key?: string } };
    out.pages.push(body.jobs);
    out.jobs.push(...body.jobs);
    key = body.metadata?.page_key;
    if (!key) return out;
  }
  throw new Error(`no last page after ${maxPages} pages`);
}

let set: SimulatorSet;
let all: V2Job[];
beforeAll(async () => {
  set = await startVectara({ seed: 42 });
  all = (await walk(set, `limit=${LIMIT.maximum}`)).jobs;
});
afterAll(async () => {
  await set.close();
});

describe('vectara v2 jobs: auth', () => {
  it('accepts the API key and the bearer token', async () => {
    const key = await getV2(set, '/v2/jobs');
    expectDocumented(key);
    const bearer = await getV2(set, '/v2/jobs', {
      'x-api-key': undefined,
      authorization: `Bearer ${bearerToken(set, 'vectara-v2')}`,
    });
    expect(bearer.json).toEqual(key.json);
  });

  it('answers 403 Error without credentials or with wrong ones, on list and get', async () => {
    for (const headers of [
      { 'x-api-key': undefined },
      { 'x-api-key': 'nope' },
      { authorization: 'Bearer nope', 'x-api-key': undefined },
    ]) {
      const list = await getV2(set, '/v2/jobs', headers);
      expect(list.status).toBe(403);
      expectDocumented(list);
      expect((list.json as { messages: string[] }).messages[0]).toMatch(/credentials|API key/);
      const one = await getV2(set, `/v2/jobs/${all[0]?.id}`, headers);
      expect(one.status).toBe(403);
      expectDocumented(one, getOp);
    }
  });
});

describe('vectara v2 jobs: parameters', () => {
  it.each([
    [`limit=${(LIMIT.maximum as number) + 1}`, 'limit'],
    [`limit=${(LIMIT.minimum as number) - 1}`, 'limit'],
    ['limit=ten', 'limit'],
    ['corpus_key=has%20space', 'corpus_key'],
    [`corpus_key=${'k'.repeat(51)}`, 'corpus_key'],
    ['state=napping', 'state'],
    ['after=yesterday', 'after'],
    ['page_key=forged', 'page_key'],
    ['Request-Timeout: 0', 'Request-Timeout'],
    ['Request-Timeout-Millis: soon', 'Request-Timeout-Millis'],
  ])('rejects %s with 400 BadRequestError naming the field', async (query, field) => {
    const header = /^([\w-]+): (.*)$/.exec(query);
    const reply = header
      ? await getV2(set, '/v2/jobs', { [header[1] as string]: header[2] })
      : await getV2(set, `/v2/jobs?${query}`);
    expect(reply.status).toBe(400);
    expectDocumented(reply);
    expect((reply.json as { messages: string[] }).messages.join(' ')).toContain(field);
    // BadRequestError field_errors maps the invalid parameter to what is wrong (x-envelope fieldErrors).
    const fieldErrors = (reply.json as { field_errors: Record<string, string> }).field_errors;
    expect(Object.keys(fieldErrors)).toEqual([field]);
    expect(fieldErrors[field]).toContain(field);
  });

  it(`serves ${LIMIT.default} jobs by default and up to limit=${LIMIT.maximum}`, async () => {
    expect(((await getV2(set, '/v2/jobs')).json as { jobs: unknown[] }).jobs).toHaveLength(
      LIMIT.default as number,
    );
    expect(
      ((await getV2(set, `/v2/jobs?limit=${LIMIT.maximum}`)).json as { jobs: unknown[] }).jobs,
    ).toHaveLength(LIMIT.maximum as number);
    expect(
      ((await getV2(set, `/v2/jobs?limit=${LIMIT.minimum}`)).json as { jobs: unknown[] }).jobs,
    ).toHaveLength(LIMIT.minimum as number);
  });
});

describe('vectara v2 jobs: data', () => {
  it('seeds every type and state, with corpus keys matching their pattern and timestamps matching the state', () => {
    expect(all).toHaveLength(300);
    expect(new Set(all.map((j) => j.state))).toEqual(new Set(STATES));
    expect(new Set(all.map((j) => j.type))).toEqual(new Set(TYPES));
    expect(new Set(all.map((j) => j.id)).size).toBe(all.length);
    const floor = TEST_NOW - 180 * DAY_MS;
    for (const job of all) {
      expect(job.id).toMatch(/^job_/);
      for (const key of job.corpus_keys) expect(corpusKey.validate(key)).toBe(true);
      const created = Date.parse(job.created_at);
      expect(created).toBeGreaterThanOrEqual(floor);
      expect(created).toBeLessThanOrEqual(TEST_NOW);
      if (job.started_at) expect(Date.parse(job.started_at)).toBeGreaterThanOrEqual(created);
      if (job.completed_at) expect(Date.parse(job.completed_at)).toBeGreaterThanOrEqual(created);
      if (job.completed_at) expect(job.completed_at >= (job.started_at ?? '')).toBe(true);
      // Times follow the state (x-lifecycle startedAt, ended): queued or unknown jobs have not started,
      // started or retrying ones run, the rest ended.
      const phase = /queued|unknown/i.test(job.state)
        ? 'waiting'
        : /started|retry/i.test(job.state)
          ? 'running'
          : 'ended';
      expect(job.started_at === undefined).toBe(phase === 'waiting');
      expect(job.completed_at === undefined).toBe(phase !== 'ended');
    }
  });
});

describe('vectara v2 jobs: paging and filters', () => {
  it('pages to the end with metadata.page_key: every job exactly once, no key on the last page', async () => {
    const result = await walk(set, 'limit=7');
    expect(result.jobs.map((j) => j.id)).toEqual(all.map((j) => j.id));
    expect(result.pages.slice(0, -1).every((p) => p.length === 7)).toBe(true);
    expect(result.pages).toHaveLength(Math.ceil(all.length / 7));
  });

  it('filters by repeated state, repeated corpus_key and after (ANDed), in order', async () => {
    const after = all[Math.floor(all.length / 2)]?.created_at as string;
    // Corpus keys the seeded jobs carry (made from the CorpusKey pattern).
    const k1 = all[0]?.corpus_keys[0] as string;
    const k2 = all[1]?.corpus_keys[0] as string;
    const k3 = all.find((j) => j.state === STATES[3] && j.created_at >= after)?.corpus_keys[0] as string;
    const cases: [string, (j: V2Job) => boolean][] = [
      [`state=${STATES[2]}&state=${STATES[5]}`, (j) => j.state === STATES[2] || j.state === STATES[5]],
      [`corpus_key=${k1}&corpus_key=${k2}`, (j) => j.corpus_keys.includes(k1) || j.corpus_keys.includes(k2)],
      [`after=${encodeURIComponent(after)}`, (j) => j.created_at >= after],
      [
        `state=${STATES[3]}&corpus_key=${k3}&after=${encodeURIComponent(after)}`,
        (j) => j.state === STATES[3] && j.corpus_keys.includes(k3) && j.created_at >= after,
      ],
    ];
    for (const [query, predicate] of cases) {
      const expected = all.filter(predicate).map((j) => j.id);
      expect(expected.length).toBeGreaterThan(0);
      expect((await walk(set, `${query}&limit=6`)).jobs.map((j) => j.id)).toEqual(expected);
    }
  });

  it('keeps the filter in the page key', async () => {
    const first = await getV2(set, `/v2/jobs?state=${STATES[1]}&limit=3`);
    const key = (first.json as { metadata: { page_key: string } }).metadata.page_key;
    const next = await getV2(set, `/v2/jobs?limit=3&page_key=${encodeURIComponent(key)}`);
    expect((next.json as { jobs: V2Job[] }).jobs.every((j) => j.state === STATES[1])).toBe(true);
  });
});

describe('vectara v2 get job', () => {
  it('answers the job as listed', async () => {
    for (const job of [all[0], all[150], all.at(-1)] as V2Job[]) {
      const reply = await getV2(set, `/v2/jobs/${job.id}`);
      expect(reply.status).toBe(200);
      expectDocumented(reply, getOp);
      expect(reply.json).toEqual(job);
    }
  });

  it('answers 404 NotFoundError with the id for an unknown job', async () => {
    const reply = await getV2(set, '/v2/jobs/job_missing');
    expect(reply.status).toBe(404);
    expectDocumented(reply, getOp);
    // NotFoundError names the job it did not find (x-envelope errorValues requested-id).
    expect((reply.json as { id: string }).id).toBe('job_missing');
  });

  it('names no id and no field errors where the answer is about none', async () => {
    const denied = await getV2(set, `/v2/jobs/${all[0]?.id}`, { 'x-api-key': 'nope' });
    expect(denied.status).toBe(403);
    expect(denied.json).not.toHaveProperty('id');
    expect(denied.json).not.toHaveProperty('field_errors');
    const target = set.target('vectara-v2');
    const wrongMethod = await fetch(`${target.baseUrl}/v2/jobs/job_missing`, {
      method: 'DELETE',
      headers: { 'x-api-key': target.credentials.schemes.ApiKeyAuth?.value ?? '' },
    });
    expect(wrongMethod.status).toBe(405);
    expect(await wrongMethod.json()).not.toHaveProperty('id');
  });
});
