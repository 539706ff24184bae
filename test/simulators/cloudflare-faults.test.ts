/**
 * Every fault the host and the generic simulator implement, on the Cloudflare AI Search surface it
 * serves from its folder, each compared with the clean simulator: the fault changes what it names and
 * nothing else that the probe can see.
 */
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { getCatalogue } from '../../src/catalogue/index.ts';
import { decodeContent } from '../../src/http/index.ts';
import { HOSTILE_SIZES, INVALID_UTF8 } from '../../src/simulators/hostile-bodies.ts';
import {
  FAULTS,
  type FaultId,
  faultApplies,
  type SimulatorSet,
  startSimulators,
} from '../../src/simulators/index.ts';
import { cloudflareClient, type Reply } from '../support/cloudflare.ts';
import { peek, rawGet } from '../support/raw-http.ts';

const API = 'cloudflare-ai-search';
const catalogue = getCatalogue();
const sources = catalogue.api(API).enums.JobSource!.current;
const JOBS = 60;
const SLOW_MS = 300;
const clock = Date.UTC(2026, 10, 1, 9, 0, 0);
let now = clock;

interface Side {
  set: SimulatorSet;
  cf: ReturnType<typeof cloudflareClient>;
}
type Probe = (clean: Side, faulty: Side) => Promise<void>;

const sets: SimulatorSet[] = [];
afterEach(async () => {
  now = clock;
  await Promise.all(sets.splice(0).map((s) => s.close()));
});

async function side(faults: FaultId[]): Promise<Side> {
  const set = await startSimulators({
    apis: [API],
    faults,
    seed: 3,
    jobs: JOBS,
    now: () => now,
    cooldownMs: 60_000,
    jobDurationMs: 1_000,
    transport: { slowMs: SLOW_MS, dripBytes: 4, dripIntervalMs: 5 },
  });
  sets.push(set);
  return { set, cf: cloudflareClient(set) };
}

async function both<T>(clean: Side, faulty: Side, fn: (s: Side) => Promise<T>): Promise<[T, T]> {
  return [await fn(clean), await fn(faulty)];
}

const urlPath = (url: string) => {
  const u = new URL(url);
  return u.pathname + u.search;
};

async function chunksOf(
  url: string,
  headers: Record<string, string>,
): Promise<{ chunks: number; text: string }> {
  const res = await request(url, { headers });
  let chunks = 0;
  let text = '';
  for await (const chunk of res.body) {
    chunks++;
    text += chunk.toString();
  }
  return { chunks, text };
}

const endedJob = async (s: Side) =>
  ((await s.cf.list('per_page=50')).json.result as { id: string; end_reason?: string }[]).find(
    (j) => j.end_reason,
  )!;

const PROBES: Partial<Record<FaultId, Probe>> = {
  // ── host: response-level faults, every API ──
  'status.undocumented': async (c, f) => {
    const [a, b] = await both(c, f, (s) => s.cf.list('per_page=3'));
    expect([a.status, b.status]).toEqual([200, 299]);
    expect(b.json).toEqual(a.json);
    expect((await f.cf.get(f.cf.job('missing'))).status).toBe(404);
    expect((await f.cf.create()).status).toBe(200);
  },
  'content-type.wrong': async (c, f) => {
    const [a, b] = await both(c, f, (s) => s.cf.list('per_page=3'));
    expect(a.headers.get('content-type')).toBe('application/json');
    expect(b.headers.get('content-type')).toBe('text/plain');
    expect(b.text).toBe(a.text);
  },
  'content-type.missing': async (c, f) => {
    const [a, b] = await both(c, f, (s) => s.cf.list('per_page=3'));
    expect(a.headers.get('content-type')).toBe('application/json');
    expect(b.headers.get('content-type')).toBeNull();
    expect(b.text).toBe(a.text);
  },
  'headers.content-length-wrong': async (c, f) => {
    const [a, b] = await both(c, f, (s) => rawGet(`${s.cf.jobs}?per_page=3`, s.cf.auth));
    expect(Number(a.headers['content-length'])).toBe(a.body.length);
    expect(Number(b.headers['content-length'])).toBe(b.body.length - 1);
    expect(b.body.equals(a.body)).toBe(true);
  },
  'transport.slow': async (c, f) => {
    const started = performance.now();
    const b = await f.cf.list('per_page=3');
    expect(performance.now() - started).toBeGreaterThanOrEqual(SLOW_MS - 20);
    expect(b.json).toEqual((await c.cf.list('per_page=3')).json);
  },
  'transport.drip': async (c, f) => {
    const [a, b] = await both(c, f, (s) => chunksOf(`${s.cf.jobs}?per_page=1`, s.cf.auth));
    expect(a.chunks).toBeLessThanOrEqual(2);
    expect(b.chunks).toBeGreaterThanOrEqual(10);
    expect(b.text).toBe(a.text);
  },
  'transport.reset-mid-body': async (c, f) => {
    const [a, b] = await both(c, f, (s) => rawGet(`${s.cf.jobs}?per_page=3`, s.cf.auth));
    expect(a.error).toBeUndefined();
    expect(b.error).toBe('ECONNRESET');
    expect(b.body.length).toBeLessThan(Number(b.headers['content-length']));
    await expect(f.cf.list('per_page=3')).rejects.toThrow();
  },
  'transport.invalid-json': async (c, f) => {
    const [a, b] = await both(c, f, (s) => s.cf.list('per_page=3'));
    expect(b.status).toBe(200);
    expect(a.text.startsWith(b.text) && b.text.length < a.text.length).toBe(true);
    expect(() => JSON.parse(b.text)).toThrow();
    expect(Number(b.headers.get('content-length'))).toBe(Buffer.byteLength(b.text));
  },
  'transport.html-error-page': async (c, f) => {
    const [a, b] = await both(c, f, (s) => s.cf.list('per_page=3'));
    expect(a.status).toBe(200);
    expect(b.status).toBe(502);
    expect(b.headers.get('content-type')).toBe('text/html');
    expect(b.text).toMatch(/<html>[\s\S]*502 Bad Gateway/);
  },
  'transport.truncated-body': async (c, f) => {
    const [a, b] = await both(c, f, (s) => rawGet(`${s.cf.jobs}?per_page=3`, s.cf.auth));
    expect(b.error).toBeUndefined();
    expect(Number(b.headers['content-length'])).toBe(a.body.length);
    expect(b.body.length).toBeLessThan(a.body.length);
    expect(a.body.subarray(0, b.body.length).equals(b.body)).toBe(true);
  },
  'transport.oversized-body': async (c, f) => {
    const [a, b] = await both(c, f, (s) => s.cf.list('per_page=3'));
    expect(a.text.length).toBeLessThan(8 * 1024 * 1024);
    expect(b.text.length).toBeGreaterThan(8 * 1024 * 1024);
    expect(JSON.parse(b.text)).toEqual(a.json);
  },
  'transport.redirect-loop': async (c, f) => {
    const url = `${f.cf.jobs}?per_page=3`;
    const b = await f.cf.get(url);
    expect(b.status).toBe(307);
    expect(b.headers.get('location')).toBe(urlPath(url));
    expect((await c.cf.get(`${c.cf.jobs}?per_page=3`)).status).toBe(200);
  },
  'transport.429-storm': async (c, f) => {
    for (const call of [
      (s: Side) => s.cf.list(),
      (s: Side) => s.cf.get(s.cf.job('x')),
      (s: Side) => s.cf.create(),
    ]) {
      const [a, b] = await both(c, f, call);
      expect(a.status).not.toBe(429);
      expect(b.status).toBe(429);
      expect(b.headers.get('retry-after')).toBe('1');
      expect(b.json.success).toBe(false);
    }
  },
  'transport.503-burst': async (_c, f) => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await f.cf.list('per_page=1')).status);
    expect(statuses).toEqual([503, 503, 503, 503, 503, 200]);
    expect((await f.cf.get(f.cf.job('x'))).status).toBe(503);
  },
  // ── host: hostile bodies (hostile-bodies.ts), every API ──
  'transport.deep-nesting': async (c, f) => {
    const [a, b] = await both(c, f, (s) => s.cf.list('per_page=3'));
    const levels = HOSTILE_SIZES.nestingLevels;
    expect(b.text.length).toBe(a.text.length + 2 * levels);
    expect(b.text.startsWith(`${'['.repeat(levels)}${a.text}`)).toBe(true);
    expect(b.text.endsWith(']'.repeat(levels))).toBe(true);
  },
  'transport.huge-body': async (c, f) => {
    const a = await c.cf.list('per_page=3');
    const b = await peek(`${f.cf.jobs}?per_page=3`, f.cf.auth, { maxBytes: 4 * 1024 * 1024 });
    expect(b.ended).toBe('cap');
    expect(b.headers['content-length']).toBeUndefined();
    expect(b.headers['transfer-encoding']).toBe('chunked');
    expect(b.body.includes(a.text)).toBe(true);
    expect(b.body.subarray(-1000).toString().trim()).toBe('');
  },
  'transport.invalid-utf8': async (c, f) => {
    const [a, b] = await both(c, f, (s) => rawGet(`${s.cf.jobs}?per_page=3`, s.cf.auth));
    const at = b.body.indexOf(INVALID_UTF8);
    expect(at).toBeGreaterThan(0);
    expect(Buffer.concat([b.body.subarray(0, at), b.body.subarray(at + INVALID_UTF8.length)])).toEqual(
      a.body,
    );
    expect(Number(b.headers['content-length'])).toBe(b.body.length);
  },
  'transport.gzip-bomb': async (c, f) => {
    const a = await c.cf.list('per_page=3');
    const res = await request(`${f.cf.jobs}?per_page=3`, { headers: f.cf.auth });
    const wire = Buffer.from(await res.body.arrayBuffer());
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(wire.length).toBeLessThan(HOSTILE_SIZES.bombBytes / 500);
    expect(Number(res.headers['content-length'])).toBe(wire.length);
    const decoded = await decodeContent('gzip', wire, 1024 * 1024);
    expect(decoded.error?.kind).toBe('too-large');
    expect(decoded.body.toString().startsWith(a.text)).toBe(true);
    expect(decoded.body.subarray(a.text.length).toString().trim()).toBe('');
  },
  'transport.huge-header': async (c, f) => {
    const [a, b] = await both(c, f, (s) => rawGet(`${s.cf.jobs}?per_page=3`, s.cf.auth));
    expect(a.headers['x-padding']).toBeUndefined();
    expect(b.headers['x-padding']?.length).toBe(HOSTILE_SIZES.headerBytes);
    expect(b.body.equals(a.body)).toBe(true);
  },
  'transport.null-body': async (c, f) => {
    const [a, b] = await both(c, f, (s) => s.cf.list('per_page=3'));
    expect(a.json).not.toBeNull();
    expect(b.text).toBe('null');
    expect((await f.cf.get(f.cf.job('missing'))).text).toBe('null');
  },
  'transport.array-body': async (c, f) => {
    const [a, b] = await both(c, f, (s) => s.cf.list('per_page=3'));
    expect(b.json).toEqual([a.json]);
  },
  'transport.content-length-invalid': async (c, f) => {
    const [a, b] = await both(c, f, (s) => rawGet(`${s.cf.jobs}?per_page=3`, s.cf.auth));
    expect(b.headers['content-length']).toBe(`0x${a.body.length.toString(16)}`);
    expect(b.body.equals(a.body)).toBe(true);
  },
  'transport.body-never-ends': async (c, f) => {
    const a = await c.cf.list('per_page=3');
    const b = await peek(`${f.cf.jobs}?per_page=3`, f.cf.auth, { idleMs: 300 });
    expect(b.ended).toBe('idle');
    expect(b.head).toMatch(/^HTTP\/1\.1 200/);
    expect(Number(b.headers['content-length'])).toBe(Buffer.byteLength(a.text));
    expect(b.body.toString()).toBe(a.text.slice(0, Math.floor(a.text.length / 2)));
  },
  'transport.no-headers': async (c, f) => {
    const a = await peek(`${c.cf.jobs}?per_page=3`, c.cf.auth, { idleMs: 300 });
    const b = await peek(`${f.cf.jobs}?per_page=3`, f.cf.auth, { idleMs: 300 });
    expect(a.received).toBeGreaterThan(0);
    expect(b.ended).toBe('idle');
    expect(b.received).toBe(0);
  },
  // ── Cloudflare envelope and body ──
  'envelope.success-contradicts-status': async (c, f) => {
    const [a, b] = await both(c, f, (s) => s.cf.list('per_page=3'));
    expect([a.json.success, b.json.success]).toEqual([true, false]);
    expect({ ...b.json, success: true }).toEqual(a.json);
    const [x, y] = await both(c, f, (s) => s.cf.get(s.cf.job('missing')));
    expect([x.status, y.status]).toEqual([404, 404]);
    expect([x.json.success, y.json.success]).toEqual([false, true]);
  },
  'envelope.errors-missing': async (c, f) => {
    const [x, y] = await both(c, f, (s) => s.cf.get(s.cf.job('missing')));
    expect(x.json.errors).toHaveLength(1);
    expect(y.json).not.toHaveProperty('errors');
    const { errors: _, ...rest } = x.json;
    expect(y.json).toEqual(rest);
    const [a, b] = await both(c, f, (s) => s.cf.list('per_page=3'));
    expect(b.json).toEqual(a.json);
  },
  'body.required-missing': async (c, f) => {
    const [a, b] = await both(c, f, (s) => s.cf.list('per_page=5'));
    for (const job of b.json.result) expect(job).not.toHaveProperty('source');
    expect(b.json.result.map((j: object, i: number) => ({ ...j, source: a.json.result[i].source }))).toEqual(
      a.json.result,
    );
  },
  'body.enum-unknown': async (c, f) => {
    const [a, b] = await both(c, f, (s) => s.cf.list('per_page=5'));
    expect(sources).not.toContain(b.json.result[0].source);
    expect({ ...b.json.result[0], source: a.json.result[0].source }).toEqual(a.json.result[0]);
    expect(b.json.result.slice(1)).toEqual(a.json.result.slice(1));
  },
  'body.wrong-type': async (c, f) => {
    const [a, b] = await both(c, f, (s) => s.cf.list('per_page=5'));
    expect(typeof b.json.result[0].started_at).toBe('number');
    expect(b.json.result[0].started_at).toBe(Date.parse(a.json.result[0].started_at));
    expect(b.json.result.slice(1)).toEqual(a.json.result.slice(1));
  },
  'headers.retry-after-missing': async (c, f) => {
    const [a, b] = await both(c, f, async (s) => {
      await s.cf.create();
      return s.cf.create();
    });
    expect([a.status, b.status]).toEqual([429, 429]);
    expect(a.headers.get('retry-after')).not.toBeNull();
    expect(b.headers.get('retry-after')).toBeNull();
    expect(b.json).toEqual(a.json);
  },
  // ── pagination ──
  'pagination.duplicate-item': async (c, f) => {
    const pages = (s: Side) =>
      Promise.all([s.cf.list('per_page=10&page=1'), s.cf.list('per_page=10&page=2')]);
    const [[a1, a2], [b1, b2]] = await both(c, f, pages);
    expect(a2.json.result[0]).not.toEqual(a1.json.result[9]);
    expect(b2.json.result[0]).toEqual(b1.json.result[9]);
    expect(b1.json).toEqual(a1.json);
    expect(b2.json.result).toHaveLength(10);
  },
  'pagination.skipped-item': async (c, f) => {
    const walk = async (s: Side) => {
      const ids: string[] = [];
      for (let page = 1; page <= JOBS / 10; page++)
        ids.push(
          ...(await s.cf.list(`per_page=10&page=${page}`)).json.result.map((j: { id: string }) => j.id),
        );
      return ids;
    };
    const [a, b] = await both(c, f, walk);
    expect(a).toHaveLength(JOBS);
    expect(b).toHaveLength(JOBS - (JOBS / 10 - 1));
    expect(b).toEqual(a.filter((_, i) => i < 10 || i % 10 !== 0));
  },
  'pagination.wrong-total': async (c, f) => {
    const [a, b] = await both(c, f, (s) => s.cf.list('per_page=5'));
    expect(b.json.result).toEqual(a.json.result);
    expect(b.json.result_info).toEqual({
      ...a.json.result_info,
      count: a.json.result_info.count + 1,
      total_count: a.json.result_info.total_count + 1,
    });
  },
  'pagination.size-ignored': async (c, f) => {
    const [a, b] = await both(c, f, (s) => s.cf.list('per_page=5'));
    const fallback = catalogue.operation(API, 'listJobs').parameters.find((p) => p.name === 'per_page')!
      .schema.schema.default as number;
    expect(a.json.result).toHaveLength(5);
    expect(b.json.result).toHaveLength(fallback);
    expect(b.json.result.slice(0, 5)).toEqual(a.json.result);
  },
  'pagination.data-past-end': async (c, f) => {
    const [a, b] = await both(c, f, (s) => s.cf.list('per_page=50&page=9'));
    expect(a.json.result).toEqual([]);
    const last = (await c.cf.list('per_page=50&page=2')).json.result;
    expect(b.json.result).toEqual(last);
  },
  'pagination.bounds-not-enforced': async (c, f) => {
    for (const [url, expected] of [
      ['per_page=51', 'per_page=50'],
      ['page=0&per_page=3', 'page=1&per_page=3'],
    ]) {
      const [a, b] = await both(c, f, (s) => s.cf.list(url));
      expect(a.status).toBe(400);
      expect(b.status).toBe(200);
      expect(b.json.result).toEqual((await c.cf.list(expected)).json.result);
    }
    const job = (await f.cf.list('per_page=3')).json.result[1].id;
    const [x, y] = await both(c, f, (s) => s.cf.get(`${s.cf.logs(job)}?per_page=501`));
    expect([x.status, y.status]).toEqual([400, 200]);
  },
  // ── auth ──
  'auth.not-enforced': async (c, f) => {
    const [a, b] = await both(c, f, (s) => s.cf.list('per_page=3', { auth: false }));
    expect([a.status, b.status]).toEqual([400, 200]);
    expect(b.json).toEqual((await c.cf.list('per_page=3')).json);
    const wrong = { auth: false, headers: { authorization: 'Bearer wrong' } };
    expect((await f.cf.list('', wrong)).status).toBe(403);
  },
  'auth.wrong-credentials-accepted': async (c, f) => {
    const wrong = { auth: false, headers: { authorization: 'Bearer wrong' } };
    const [a, b] = await both(c, f, (s) => s.cf.list('per_page=3', wrong));
    expect([a.status, b.status]).toEqual([403, 200]);
    const pair = { auth: false, headers: { 'x-auth-email': 'x@y.z', 'x-auth-key': 'nope' } };
    expect((await f.cf.list('', pair)).status).toBe(200);
    expect((await f.cf.list('', { auth: false })).status).toBe(400);
  },
  // ── errors and input ──
  'error.wrong-shape': async (c, f) => {
    const [a, b] = await both(c, f, (s) => s.cf.get(s.cf.job('missing')));
    expect(b.status).toBe(404);
    expect(b.json).toEqual({ error: a.json.errors[0].message });
    const [x, y] = await both(c, f, (s) => s.cf.list('per_page=3'));
    expect(y.json).toEqual(x.json);
  },
  'input.id-not-validated': async (c, f) => {
    const [a, b] = await both(c, f, (s) => s.cf.get(`${s.cf.instanceJobs('Not-Valid!')}?per_page=3`));
    expect([a.status, b.status]).toEqual([400, 200]);
    expect(b.json).toEqual((await c.cf.list('per_page=3')).json);
    const tooLong = 'a'.repeat(65);
    expect((await f.cf.get(f.cf.instanceJobs(tooLong))).status).toBe(200);
    expect((await f.cf.get(f.cf.instanceJobs('unknown-but-valid'))).status).toBe(404);
  },
  'input.malformed-body-accepted': async (c, f) => {
    const [a, b] = await both(c, f, (s) => s.cf.create('{not json'));
    expect([a.status, b.status]).toEqual([400, 200]);
    const running = (await f.cf.list('per_page=1')).json.result[0].id;
    const [x, y] = await both(c, f, (s) => s.cf.cancel(running, { action: 'stop' }));
    expect([x.status, y.status]).toEqual([400, 200]);
  },
  'input.unknown-id-found': async (c, f) => {
    const [a, b] = await both(c, f, (s) => s.cf.get(s.cf.job('made-up-id')));
    expect([a.status, b.status]).toEqual([404, 200]);
    expect(b.json.result.id).toBe('made-up-id');
    const known = (await c.cf.list('per_page=1')).json.result[0].id;
    const [x, y] = await both(c, f, (s) => s.cf.get(s.cf.job(known)));
    expect(y.json).toEqual(x.json);
  },
  // ── inputs only generated requests find (generic/input-faults.ts, around every simulator) ──
  'input.fraction-accepted': async (c, f) => {
    const [a, b] = await both(c, f, (s) => s.cf.list('per_page=3.5'));
    expect([a.status, b.status]).toEqual([400, 200]);
    expect(b.json).toEqual((await c.cf.list('per_page=3')).json);
    expect((await f.cf.list('per_page=51')).status).toBe(400);
  },
  'input.enum-case-ignored': async (c, f) => {
    const running = (await c.cf.list('per_page=50')).json.result.find(
      (j: { end_reason?: string }) => !j.end_reason,
    );
    const [a, b] = await both(c, f, (s) => s.cf.cancel(running.id, { action: ' CANCEL' }));
    expect([a.status, b.status]).toEqual([400, 200]);
    expect((await f.cf.cancel(running.id, { action: 'stop' })).status).toBe(400);
  },
  'input.overlong-string-accepted': async (c, f) => {
    const [a, b] = await both(c, f, (s) => s.cf.create({ description: 'a'.repeat(256) }));
    expect([a.status, b.status]).toEqual([400, 200]);
    expect(b.json.result.description).toBe('a'.repeat(255));
  },
  'lifecycle.cancelled-resumes': async (c, f) => {
    const [a, b] = await both(c, f, async (s) => {
      const job = (await s.cf.create()).json.result;
      await s.cf.cancel(job.id);
      const reads = [];
      for (let i = 0; i < 3; i++) reads.push((await s.cf.get(s.cf.job(job.id))).json.result);
      return reads;
    });
    expect(a.map((j: { end_reason?: string }) => j.end_reason)).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
    expect(b.map((j: { end_reason?: string }) => j.end_reason)).toEqual(['cancelled', undefined, undefined]);
  },
  // ── lifecycle and consistency ──
  'lifecycle.cancel-ended-accepted': async (c, f) => {
    const ended = await endedJob(c);
    const [a, b] = await both(c, f, (s) => s.cf.cancel(ended.id));
    expect([a.status, b.status]).toEqual([400, 200]);
    expect(b.json.result).toEqual(ended);
  },
  'lifecycle.never-ends': async (c, f) => {
    const [a, b] = await both(c, f, async (s) => {
      const job = (await s.cf.create()).json.result;
      now += 3_600_000;
      const afterTime = (await s.cf.get(s.cf.job(job.id))).json.result;
      s.set.advanceJobs();
      const afterAdvance = (await s.cf.get(s.cf.job(job.id))).json.result;
      now = clock;
      return [afterTime, afterAdvance] as Reply['json'][];
    });
    expect(a[0].end_reason).toBe('completed');
    expect(b[0].end_reason).toBeUndefined();
    expect(b[1].end_reason).toBeUndefined();
  },
  'lifecycle.created-not-listed': async (c, f) => {
    const [a, b] = await both(c, f, async (s) => {
      const job = (await s.cf.create()).json.result;
      const list = (await s.cf.list('per_page=50')).json;
      const got = await s.cf.get(s.cf.job(job.id));
      return { job, list, got };
    });
    expect(a.list.result.map((j: { id: string }) => j.id)).toContain(a.job.id);
    expect(b.list.result.map((j: { id: string }) => j.id)).not.toContain(b.job.id);
    expect(b.list.result_info.total_count).toBe(JOBS);
    expect(b.got.status).toBe(200);
  },
  'consistency.same-jobs-apart': async (c, f) => {
    const [a, b] = await both(c, f, async (s) => {
      const listed = (await s.cf.list('per_page=1')).json.result[0];
      return s.cf.get(s.cf.job(listed.id).replace('/instances/', '/namespaces/default/instances/'));
    });
    expect([a.status, b.status]).toEqual([200, 404]);
  },
  'consistency.get-disagrees': async (c, f) => {
    const [a, b] = await both(c, f, async (s) => {
      const listed = (await s.cf.list('per_page=3')).json.result[2];
      return { listed, got: (await s.cf.get(s.cf.job(listed.id))).json.result };
    });
    expect(a.got).toEqual(a.listed);
    expect(b.got).not.toEqual(b.listed);
    expect({ ...b.got, source: b.listed.source }).toEqual(b.listed);
    expect(sources).toContain(b.got.source);
  },
};

const applicable = FAULTS.filter((f) => faultApplies(f.id, API)).map((f) => f.id);
const notApplicable = FAULTS.filter((f) => !faultApplies(f.id, API)).map((f) => f.id);

describe('faults on the generic simulator serving Cloudflare', () => {
  it('every fault that applies to Cloudflare has a probe (a missing pair is visible here)', () => {
    expect(Object.keys(PROBES).sort()).toEqual([...applicable].sort());
  });

  it.each(applicable)('%s changes what it names', async (id) => {
    const [clean, faulty] = await Promise.all([side([]), side([id])]);
    await PROBES[id]!(clean, faulty);
  });

  it.each(notApplicable)('%s (not a Cloudflare fault) leaves Cloudflare unchanged', async (id) => {
    const [clean, faulty] = await Promise.all([side([]), side([id])]);
    for (const call of [
      (s: Side) => s.cf.list('per_page=7&page=2'),
      (s: Side) => s.cf.get(s.cf.job('missing')),
      (s: Side) => s.cf.list('per_page=51'),
    ]) {
      const [a, b] = await both(clean, faulty, call);
      expect(b.status).toBe(a.status);
      expect(b.text).toBe(a.text);
    }
  });

  it('faults switch on and off at run time (setFaults and the control surface)', async () => {
    const s = await side([]);
    s.set.setFaults(['content-type.wrong']);
    expect((await s.cf.list()).headers.get('content-type')).toBe('text/plain');
    const origin = s.set.servers[0]!.origin;
    await fetch(`${origin}/__simulator/faults`, { method: 'PUT', body: JSON.stringify({ faults: [] }) });
    expect((await s.cf.list()).headers.get('content-type')).toBe('application/json');
  });
});
