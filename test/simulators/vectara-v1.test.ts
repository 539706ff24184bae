import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCatalogue, type JsonSchema } from '../../src/catalogue/index.ts';
import { DAY_MS, type SimulatorSet } from '../../src/simulators/index.ts';
import { TEST_NOW } from '../support/clock.ts';
import { bearerToken, listV1, type Reply, startVectara } from '../support/vectara.ts';

/** Vectara v1 POST /v1/list-jobs, served by the generic simulator from schemas/vectara-v1/. */
interface V1Job {
  id: string;
  type: string;
  corpusId?: number[];
  state: string;
  tsCreate: string;
  tsStart?: string;
  tsComplete?: string;
  userHandle?: string;
}

/** The google.rpc.Code of each HTTP status the simulator answers (code.proto's HTTP mapping). */
const GRPC_CODE: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 405: 12 };

const catalogue = getCatalogue();
const api = catalogue.api('vectara-v1');
const op = api.operation('listJobs');
const fields = op.requestBody?.body.schema.properties as Record<string, JsonSchema>;
const MAX = fields.numResults?.maximum as number;
const DEFAULT_STATES = fields.state?.['x-default-when-unset'] as string[];
const STATES = api.enums.JobState?.current as string[];
const TYPES = api.enums.JobType?.current as string[];
const OK_CODE = catalogue.schema(api.enums.StatusCode?.schemaRef ?? '').schema.default;
/** The page size where numResults is unset or 0 (x-pagination defaultSize: the provider documents none). */
const DEFAULT_NUM_RESULTS = op.pagination?.defaultSize as number;

function expectDocumented(reply: Reply): void {
  const spec = op.responses.get(String(reply.status)) ?? op.responses.get('default');
  expect(spec?.body?.validate(reply.json), JSON.stringify(spec?.body?.validate.errors)).toBe(true);
}

function expectRpcError(reply: Reply, status: number): void {
  expect(reply.status).toBe(status);
  expect(op.statuses).not.toContain(status);
  expect(op.responses.get('default')?.body?.validate(reply.json)).toBe(true);
  const body = reply.json as { code: number; message: string; details: { '@type': string }[] };
  // google.rpc.Status: the code follows the HTTP status (x-envelope errorValues), the message said.
  expect(body.code).toBe(GRPC_CODE[status]);
  expect(body.message.length).toBeGreaterThan(0);
  const detail = status === 400 ? 'BadRequest' : status === 401 || status === 403 ? 'ErrorInfo' : undefined;
  expect(body.details).toEqual(detail ? [{ '@type': `type.googleapis.com/google.rpc.${detail}` }] : []);
}

/** What a state says of a job's times: queued or unknown ones wait, started or retrying ones run, the rest ended. */
function phaseOf(state: string): 'waiting' | 'running' | 'ended' {
  return /queued|unknown/i.test(state) ? 'waiting' : /started|retry/i.test(state) ? 'running' : 'ended';
}

interface Walk {
  jobs: V1Job[];
  pages: V1Job[][];
  keys: string[];
}

async function walk(set: SimulatorSet, body: Record<string, unknown>, maxPages = 10_000): Promise<Walk> {
  const out: Walk = { jobs: [], pages: [], keys: [] };
  let reply = await listV1(set, { body });
  for (let n = 0; n < maxPages; n++) {
    expect(reply.status).toBe(200);
    const page = reply.json as { job: V1Job[]; pageKey: string };
    out.pages.push(page.job);
    out.jobs.push(...page.job);
    out.keys.push(page.pageKey);
    if (page.pageKey === '') return out;
    reply = await listV1(set, { body: { pageKey: page.pageKey } });
  }
  throw new Error(`no last page after ${maxPages} pages`);
}

let set: SimulatorSet;
let all: V1Job[];
beforeAll(async () => {
  set = await startVectara({ seed: 42 });
  all = (await walk(set, { state: STATES, numResults: MAX })).jobs;
});
afterAll(async () => {
  await set.close();
});

describe('vectara v1 list-jobs: auth', () => {
  it('accepts the API key and the bearer token', async () => {
    const key = await listV1(set);
    expect(key.status).toBe(200);
    expectDocumented(key);
    const bearer = await listV1(set, {
      headers: { 'x-api-key': undefined, authorization: `Bearer ${bearerToken(set, 'vectara-v1')}` },
    });
    expect(bearer.status).toBe(200);
    expect(bearer.json).toEqual(key.json);
  });

  it('answers 401 google.rpc.Status without credentials or with wrong ones', async () => {
    expectRpcError(await listV1(set, { headers: { 'x-api-key': undefined } }), 401);
    expectRpcError(await listV1(set, { headers: { 'x-api-key': 'wrong' } }), 401);
    expectRpcError(
      await listV1(set, { headers: { 'x-api-key': undefined, authorization: 'Bearer wrong' } }),
      401,
    );
    expectRpcError(
      await listV1(set, { headers: { 'x-api-key': undefined, authorization: 'Basic abc' } }),
      401,
    );
    expect(api.authRejection.statuses).toContain(401);
  });

  it('needs an integer customer-id (400) that matches the credentials (403)', async () => {
    expectRpcError(await listV1(set, { headers: { 'customer-id': undefined } }), 400);
    const notInteger = await listV1(set, { headers: { 'customer-id': 'abc' } });
    expectRpcError(notInteger, 400);
    expect((notInteger.json as { message: string }).message).toContain('customer-id');
    expectRpcError(await listV1(set, { headers: { 'customer-id': '1' } }), 403);
    expect(api.authRejection.statuses).toContain(403);
  });
});

describe('vectara v1 list-jobs: request body', () => {
  it.each([
    ['invalid JSON', '{"numResults": ', 'not valid JSON'],
    ['an array', '[]', 'must be object'],
    ['no body', '', 'required'],
    ['an unknown field', '{"colour": "red"}', 'colour'],
    ['a wrong type', '{"numResults": "ten"}', 'numResults'],
    ['a non-numeric epochSecs', '{"epochSecs": "yesterday"}', 'epochSecs'],
    ['an unknown state', '{"state": ["JOB_STATE__NAPPING"]}', 'state'],
  ])('rejects %s with 400 naming the problem', async (_what, rawBody, message) => {
    const reply = await listV1(set, { rawBody });
    expectRpcError(reply, 400);
    expect((reply.json as { message: string }).message).toContain(message);
  });

  it(`rejects numResults above the documented maximum (${MAX}) and serves at most that many`, async () => {
    const over = await listV1(set, { body: { numResults: MAX + 1, state: STATES } });
    expectRpcError(over, 400);
    expect((over.json as { message: string }).message).toContain('numResults');
    const atMax = await listV1(set, { body: { numResults: MAX, state: STATES } });
    expect(atMax.status).toBe(200);
    expect((atMax.json as { job: unknown[] }).job).toHaveLength(MAX);
  });

  it(`serves ${DEFAULT_NUM_RESULTS} jobs when numResults is unset or 0`, async () => {
    for (const body of [{ state: STATES }, { state: STATES, numResults: 0 }]) {
      const reply = await listV1(set, { body });
      expect((reply.json as { job: unknown[] }).job).toHaveLength(DEFAULT_NUM_RESULTS);
    }
  });

  it('rejects a timeout header that breaks its pattern, accepts a valid one', async () => {
    const bad = await listV1(set, { headers: { timeout: 'soon' } });
    expectRpcError(bad, 400);
    expect((bad.json as { message: string }).message).toContain('timeout');
    expect((await listV1(set, { headers: { timeout: '10S' } })).status).toBe(200);
  });

  it('rejects a page key it did not issue', async () => {
    for (const pageKey of ['not base64!', 'bm90IGpzb24', Buffer.from('{"f":1}').toString('base64url')]) {
      const reply = await listV1(set, { body: { pageKey } });
      expectRpcError(reply, 400);
      expect((reply.json as { message: string }).message).toContain('pageKey');
    }
  });

  it('answers 404 and 405 with google.rpc.Status for unknown routes and methods', async () => {
    const target = set.target('vectara-v1');
    const notFound = await fetch(`${target.baseUrl}/v1/list-things`, { method: 'POST' });
    expectRpcError({ status: notFound.status, headers: notFound.headers, json: await notFound.json() }, 404);
    const wrongMethod = await fetch(`${target.baseUrl}/v1/list-jobs`);
    expectRpcError(
      { status: wrongMethod.status, headers: wrongMethod.headers, json: await wrongMethod.json() },
      405,
    );
  });
});

describe('vectara v1 list-jobs: data', () => {
  it('seeds the default number of jobs, every type and state, valid against the schema', () => {
    expect(all).toHaveLength(300);
    expect(new Set(all.map((j) => j.state))).toEqual(new Set(STATES));
    expect(new Set(all.map((j) => j.type))).toEqual(new Set(TYPES));
    // The first jobs take each value in turn: a list as long as the enum shows every value.
    expect(new Set(all.slice(0, TYPES.length).map((j) => j.type))).toEqual(new Set(TYPES));
    expect(new Set(all.slice(0, STATES.length).map((j) => j.state))).toEqual(new Set(STATES));
    expect(new Set(all.map((j) => j.id)).size).toBe(all.length);
  });

  it('gives timestamps consistent with the state, newest first, all within 180 days', () => {
    const floor = (TEST_NOW - 180 * DAY_MS) / 1000;
    let previous = Number.POSITIVE_INFINITY;
    for (const job of all) {
      const create = Number(job.tsCreate);
      expect(create).toBeGreaterThanOrEqual(floor);
      expect(create).toBeLessThanOrEqual(TEST_NOW / 1000);
      expect(create).toBeLessThanOrEqual(previous);
      previous = create;
      if (job.tsStart) expect(Number(job.tsStart)).toBeGreaterThanOrEqual(create);
      if (job.tsComplete) expect(Number(job.tsComplete)).toBeGreaterThanOrEqual(Number(job.tsStart));
      // "Not set if the job hasn't started yet" / "hasn't completed yet" (x-lifecycle startedAt, ended).
      const phase = phaseOf(job.state);
      expect(job.tsStart === undefined).toBe(phase === 'waiting');
      expect(job.tsComplete === undefined).toBe(phase !== 'ended');
    }
  });

  it('is deterministic by seed', async () => {
    const again = await startVectara({ seed: 42 });
    const other = await startVectara({ seed: 43 });
    try {
      const body = { state: STATES, numResults: 20 };
      expect((await listV1(again, { body })).json).toEqual((await listV1(set, { body })).json);
      expect((await listV1(other, { body })).json).not.toEqual((await listV1(set, { body })).json);
    } finally {
      await again.close();
      await other.close();
    }
  });
});

describe('vectara v1 list-jobs: paging and filters', () => {
  it('pages to the end with an opaque pageKey: every job exactly once, empty key on the last page', async () => {
    const result = await walk(set, { state: STATES, numResults: 7 });
    expect(result.jobs.map((j) => j.id)).toEqual(all.map((j) => j.id));
    expect(result.pages.slice(0, -1).every((p) => p.length === 7)).toBe(true);
    expect(result.keys.at(-1)).toBe('');
    // Standard base64 with padding: what the official document's format byte asks for.
    const base64 = /^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
    expect(result.keys.slice(0, -1).filter((k) => !base64.test(k))).toEqual([]);
    expect(result.pages).toHaveLength(Math.ceil(all.length / 7));
  });

  it('lists queued and started jobs when state is unset', async () => {
    const result = await walk(set, { numResults: 50 });
    expect(result.jobs.map((j) => j.id)).toEqual(
      all.filter((j) => DEFAULT_STATES.includes(j.state)).map((j) => j.id),
    );
    expect(result.jobs.length).toBeGreaterThan(0);
  });

  it('filters by state, corpus, creation time and job id (ANDed), in order', async () => {
    const since = Number(all[Math.floor(all.length / 3)]?.tsCreate);
    // A corpus of a job that every case below matches (corpus ids are drawn from the whole uint32 range).
    const corpus = all.find(
      (j) =>
        [STATES[4], STATES[5]].includes(j.state) &&
        (j.corpusId ?? []).length > 0 &&
        Number(j.tsCreate) >= since,
    )?.corpusId?.[0] as number;
    const cases: [Record<string, unknown>, (j: V1Job) => boolean][] = [
      [{ state: [STATES[3]] }, (j) => j.state === STATES[3]],
      [{ state: STATES, corpusId: [corpus] }, (j) => (j.corpusId ?? []).includes(corpus)],
      [{ state: STATES, epochSecs: String(since) }, (j) => Number(j.tsCreate) >= since],
      [
        { state: [STATES[4], STATES[5]], corpusId: [corpus], epochSecs: String(since) },
        (j) =>
          [STATES[4], STATES[5]].includes(j.state) &&
          (j.corpusId ?? []).includes(corpus) &&
          Number(j.tsCreate) >= since,
      ],
      [{ state: STATES, jobId: all[17]?.id }, (j) => j.id === all[17]?.id],
    ];
    for (const [body, predicate] of cases) {
      const expected = all.filter(predicate).map((j) => j.id);
      expect(expected.length).toBeGreaterThan(0);
      expect((await walk(set, { ...body, numResults: 9 })).jobs.map((j) => j.id)).toEqual(expected);
    }
  });

  it('treats an epochSecs older than 180 days as 180 days ago', async () => {
    const result = await walk(set, { state: STATES, epochSecs: '1', numResults: MAX });
    expect(result.jobs).toHaveLength(all.length);
  });

  it('ignores every other field when pageKey is set', async () => {
    const first = await listV1(set, { body: { state: [STATES[1], STATES[2]], numResults: 4 } });
    const pageKey = (first.json as { pageKey: string }).pageKey;
    const plain = await listV1(set, { body: { pageKey } });
    const noisy = await listV1(set, {
      body: {
        pageKey,
        numResults: MAX + 50,
        state: [STATES[6]],
        corpusId: [999],
        jobId: 'x',
        epochSecs: 'no',
      },
    });
    expect(plain.status).toBe(200);
    expect(noisy.json).toEqual(plain.json);
    expect((plain.json as { job: V1Job[] }).job.every((j) => [STATES[1], STATES[2]].includes(j.state))).toBe(
      true,
    );
  });

  it('answers an unknown job id with an empty list', async () => {
    const reply = await listV1(set, { body: { jobId: 'no-such-job', state: STATES } });
    const body = reply.json as { status: { code: string }[]; job: unknown[]; pageKey: string };
    expect(body.job).toEqual([]);
    expect(body.pageKey).toBe('');
    expect(body.status.every((s) => s.code === OK_CODE)).toBe(true);
  });
});
