import { afterEach, describe, expect, it } from 'vitest';
import { getCatalogue } from '../../catalogue/index.ts';
import type { SimulatorSet } from '../core.ts';
import { createRng } from '../data.ts';
import { startSimulators } from '../host.ts';
import { fromPattern, idShape, makeId, patternPrefix } from './values.ts';

const PINECONE = 'pinecone-bulk-imports';
const OPENAI = 'openai-vector-store-file-batches';
const catalogue = getCatalogue();

let set: SimulatorSet | undefined;
afterEach(async () => {
  await set?.close();
  set = undefined;
});

let clock = Date.UTC(2026, 10, 29, 12);
const start = async (options: Parameters<typeof startSimulators>[0] = {}) => {
  clock = Date.UTC(2026, 10, 29, 12);
  set = await startSimulators({
    apis: [PINECONE, OPENAI],
    jobs: 40,
    now: () => clock,
    jobDurationMs: 1000,
    ...options,
  });
  return set;
};

function client(api: string) {
  const target = set!.target(api);
  const scheme = target.credentials.kind === 'schemes' ? target.credentials.schemes : {};
  const headers: Record<string, string> = {};
  if (scheme.ApiKeyAuth?.value) headers['Api-Key'] = scheme.ApiKeyAuth.value;
  if (scheme.ApiKeyAuth?.token) headers.authorization = `Bearer ${scheme.ApiKeyAuth.token}`;
  const path = (p: string) => p.replace(/\{(\w+)\}/g, (_m, n: string) => target.pathParams[n] ?? `{${n}}`);
  return async (method: string, p: string, body?: unknown, extra: Record<string, string> = headers) => {
    const res = await fetch(target.baseUrl + path(p), {
      method,
      headers: { ...extra, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined, headers: res.headers };
  };
}

const valid = (api: string, op: string, status: string, body: unknown) => {
  const spec = catalogue.operation(api, op).responses.get(status);
  const ok = spec?.body?.validate(body);
  return ok ? [] : (spec?.body?.validate.errors ?? ['no schema']);
};

describe('values: ids and patterns', () => {
  it('reads a pattern prefix and makes ids that fit', () => {
    expect(patternPrefix('^vsfb_')).toBe('vsfb_');
    expect(patternPrefix('^job_.+$')).toBe('job_');
    expect(patternPrefix('^[a-z0-9_]+(?:-[a-z0-9_]+)*$')).toBe('');
    const rng = createRng(1, 't');
    expect(fromPattern('^[a-z0-9_]+(?:-[a-z0-9_]+)*$', rng)).toMatch(/^[a-z0-9_]+(?:-[a-z0-9_]+)*$/);
    const acme = idShape({ type: 'string', pattern: '^job_[a-z0-9]{8}$', maxLength: 12 });
    for (let i = 0; i < 20; i++) expect(makeId(acme, i, rng)).toMatch(/^job_[a-z0-9]{8}$/);
    expect(makeId(idShape({ type: 'string', examples: ['101'] }), 4, rng)).toBe('5');
    expect(makeId(idShape({ type: 'string', examples: ['file-abc456'] }), 0, rng)).toMatch(/^file-/);
  });
});

describe('the generic simulator', () => {
  it('seeds the same jobs for the same seed, each valid against the job schema', async () => {
    await start({ seed: 3 });
    const first = await client(PINECONE)('GET', '/bulk/imports?limit=100');
    await set!.close();
    await start({ seed: 3 });
    const again = await client(PINECONE)('GET', '/bulk/imports?limit=100');
    expect(again.json).toEqual(first.json);
    expect(valid(PINECONE, 'listImports', '200', first.json)).toEqual([]);
    const states = new Set(first.json.data.map((j: { status: string }) => j.status));
    expect([...states].sort()).toEqual(['Cancelled', 'Completed', 'Failed', 'InProgress', 'Pending']);
    for (const job of first.json.data) {
      expect(job.id).toMatch(/^\d+$/);
      if (['Failed', 'Completed', 'Cancelled'].includes(job.status))
        expect(Date.parse(job.finishedAt)).toBeGreaterThan(Date.parse(job.createdAt));
      else expect(job.finishedAt).toBeUndefined();
    }
  });

  it('walks a cursor list once through, the last page without a token', async () => {
    await start();
    const call = client(PINECONE);
    const seen: string[] = [];
    let token: string | undefined;
    for (let i = 0; i < 20; i++) {
      const page = await call('GET', `/bulk/imports?limit=7${token ? `&paginationToken=${token}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.json.data.map((j: { id: string }) => j.id));
      token = page.json.pagination?.next;
      if (token === undefined) {
        expect(page.json.pagination).toBeUndefined();
        break;
      }
    }
    expect(seen.length).toBe(40);
    expect(new Set(seen).size).toBe(40);
  });

  it("walks an after-id list of a job's items once through, has_more false at the end, in created_at order", async () => {
    await start();
    const call = client(OPENAI);
    const created = await call('POST', '/vector_stores/{vector_store_id}/file_batches', {
      file_ids: ['file-abc123'],
    });
    expect(created.status).toBe(200);
    expect(valid(OPENAI, 'createFileBatch', '200', created.json)).toEqual([]);
    expect(created.json.id).toMatch(/^vsfb_/);
    const files = `/vector_stores/{vector_store_id}/file_batches/${created.json.id}/files`;
    const all = await call('GET', `${files}?limit=100&order=asc`);
    expect(valid(OPENAI, 'listFilesInBatch', '200', all.json)).toEqual([]);
    const times = all.json.data.map((f: { created_at: number }) => f.created_at);
    expect(times).toEqual([...times].sort((a: number, b: number) => a - b));
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 30; i++) {
      const page = await call('GET', `${files}?limit=3&order=asc${after ? `&after=${after}` : ''}`);
      seen.push(...page.json.data.map((f: { id: string }) => f.id));
      expect(typeof page.json.has_more).toBe('boolean');
      if (!page.json.has_more) break;
      after = page.json.last_id;
    }
    expect(seen).toEqual(all.json.data.map((f: { id: string }) => f.id));
  });

  it('runs a created job until its duration passes, then ends it; a cancel moves it to the cancelled state', async () => {
    await start();
    const call = client(PINECONE);
    const a = await call('POST', '/bulk/imports', { uri: 's3://b/d', errorMode: { onError: 'continue' } });
    expect(a.json).toEqual({ id: expect.any(String) });
    expect((await call('GET', `/bulk/imports/${a.json.id}`)).json.status).toBe('InProgress');
    clock += 1001;
    const ended = await call('GET', `/bulk/imports/${a.json.id}`);
    expect(ended.json.status).toBe('Completed');
    expect(ended.json.uri).toBe('s3://b/d');
    const b = await call('POST', '/bulk/imports', { uri: 's3://b/e' });
    const cancel = await call('DELETE', `/bulk/imports/${b.json.id}`);
    expect(cancel).toMatchObject({ status: 200, json: {} });
    expect((await call('GET', `/bulk/imports/${b.json.id}`)).json.status).toBe('Cancelled');
  });

  it('rejects missing and wrong credentials with the auth rejection status and a body valid for its schema', async () => {
    await start();
    for (const api of [PINECONE, OPENAI]) {
      const call = client(api);
      const path =
        api === PINECONE ? '/bulk/imports' : '/vector_stores/{vector_store_id}/file_batches/vsfb_x';
      const rejection = catalogue.api(api).authRejection;
      const attempts: Record<string, string>[] = [{}, { 'Api-Key': 'nope', authorization: 'Bearer nope' }];
      for (const headers of attempts) {
        const res = await call('GET', path, undefined, headers);
        expect(res.status).toBe(rejection.statuses[0]);
        expect(rejection.body.validate(res.json)).toBe(true);
      }
    }
  });

  it('answers an unknown id with the documented 404 and a malformed one with 400, both valid', async () => {
    await start();
    const call = client(OPENAI);
    const unknown = await call('GET', '/vector_stores/{vector_store_id}/file_batches/vsfb_zzunknown');
    expect(unknown.status).toBe(404);
    expect(valid(OPENAI, 'getFileBatch', '404', unknown.json)).toEqual([]);
    expect(unknown.json.error.message).not.toBe('');
    const malformed = await call('GET', '/vector_stores/{vector_store_id}/file_batches/batch_1');
    expect(malformed.status).toBe(400);
    expect(valid(OPENAI, 'getFileBatch', '400', malformed.json)).toEqual([]);
    const body = await call('POST', '/vector_stores/{vector_store_id}/file_batches', {
      file_ids: [],
      files: [],
    });
    expect(body.status).toBe(400);
  });

  it('answers the standard provider states', async () => {
    await start();
    const running = await set!.providerState(OPENAI, 'a running job exists');
    const call = client(OPENAI);
    const job = await call('GET', `/vector_stores/{vector_store_id}/file_batches/${running.batch_id}`);
    expect(job.json.status).toBe('in_progress');
    const none = await set!.providerState(OPENAI, 'no job exists with the id');
    expect(none.batch_id).toMatch(/^vsfb_/);
    expect((await call('GET', `/vector_stores/{vector_store_id}/file_batches/${none.batch_id}`)).status).toBe(
      404,
    );
    const ended = await set!.providerState(PINECONE, 'an ended job exists');
    expect(['Failed', 'Completed', 'Cancelled']).toContain(
      (await client(PINECONE)('GET', `/bulk/imports/${ended.id}`)).json.status,
    );
    await set!.providerState(PINECONE, 'no jobs');
    expect((await client(PINECONE)('GET', '/bulk/imports')).json.data).toEqual([]);
    for (const state of [
      'jobs exist',
      'a job exists',
      'a job was just created',
      'no job was created recently',
    ])
      await expect(set!.providerState(PINECONE, state)).resolves.toBeDefined();
    // Only an OAuth2 API issues access tokens: the state is unsupported here.
    await expect(set!.providerState(PINECONE, 'an access token exists')).rejects.toThrow();
  });

  it('ends every running created job on advance', async () => {
    await start({ jobDurationMs: 60_000 });
    const call = client(OPENAI);
    const created = await call('POST', '/vector_stores/{vector_store_id}/file_batches', {
      file_ids: ['file-1'],
    });
    expect(set!.advanceJobs(OPENAI)).toBe(1);
    const after = await call('GET', `/vector_stores/{vector_store_id}/file_batches/${created.json.id}`);
    expect(after.json.status).toBe('completed');
    expect(after.json.file_counts.in_progress).toBe(0);
  });

  it('rate-limits when asked: 429 with retry-after and the documented body', async () => {
    await start({ rateLimit: { requests: 2, windowSeconds: 60 } });
    const call = client(PINECONE);
    expect((await call('GET', '/bulk/imports')).status).toBe(200);
    expect((await call('GET', '/bulk/imports')).status).toBe(200);
    const limited = await call('GET', '/bulk/imports');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(valid(PINECONE, 'listImports', '429', limited.json)).toEqual([]);
  });
});
