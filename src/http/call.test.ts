import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, sendJson, startLocalServer } from '../../test/support/local-server.ts';
import { type ApiId, apiIds, getCatalogue } from '../catalogue/index.ts';
import { type Target, UsageError } from '../core/index.ts';
import { callOperation } from './call.ts';
import { createHttpClient } from './client.ts';
import type { HttpClient } from './client-options.ts';
import { Redactor } from './redact.ts';

/** The APIs the catalogue discovers in schemas/. */
const API_IDS = apiIds();

let server: LocalServer;
let http: HttpClient;
beforeAll(async () => {
  server = await startLocalServer((req, res) => sendJson(res, 200, { path: req.url }));
  http = createHttpClient({ redactor: new Redactor() });
});
afterAll(async () => {
  await http.close();
  await server.close();
});

/** A value that needs encoding in a path segment. */
const awkward = (name: string) => `v ${name}/ü?#`;

function targetFor(api: ApiId): Target {
  return {
    api,
    baseUrl: `${server.url}/base/`,
    pathParams: {},
    credentials: { kind: 'schemes', schemes: {} },
    live: false,
  };
}

const operations = [...getCatalogue().apis.values()].flatMap((api) =>
  api.operations.map((op) => [op.key, op] as const),
);

describe('every operation of every API builds its URL from the path template', () => {
  it('covers all five APIs', () => {
    expect(new Set(operations.map(([, op]) => op.api))).toEqual(new Set(API_IDS));
  });

  it.each(operations)('%s', async (_key, op) => {
    const pathNames = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
    const pathParams = Object.fromEntries(pathNames.map((n) => [n, awkward(n)]));
    const before = server.received.length;
    const x = await callOperation(http, targetFor(op.api), op, { pathParams, auth: 'none' });
    expect(x.error).toBeUndefined();
    const got = server.received[before];
    expect(got?.method).toBe(op.method);
    // The server sees /base + each template segment, path values decoded back to what was given.
    const segments = (got?.url ?? '').split('?')[0]?.split('/').slice(2).map(decodeURIComponent);
    const expected = op.path
      .split('/')
      .slice(1)
      .map((seg) => seg.replace(/\{([^}]+)\}/g, (_m, n: string) => awkward(n)));
    expect(segments).toEqual(expected);
    expect(x.operation).toBe(op.id);
  });
});

describe('query strings', () => {
  it('arrays are sent repeated for exploded form parameters (Vectara v2 state, corpus_key)', async () => {
    const x = await callOperation(http, targetFor('vectara-v2'), 'listJobs', {
      query: { state: ['queued', 'started'], corpus_key: ['a b', 'c'], limit: 5, after: undefined },
      auth: 'none',
    });
    const query = new URL(x.request.url).searchParams;
    expect(query.getAll('state')).toEqual(['queued', 'started']);
    expect(query.getAll('corpus_key')).toEqual(['a b', 'c']);
    expect(query.get('limit')).toBe('5');
    expect(query.has('after')).toBe(false);
    expect(x.request.url).toContain('state=queued&state=started&corpus_key=a%20b&corpus_key=c&limit=5');
  });

  it('an array parameter declared with explode false is comma-joined', async () => {
    const v2 = getCatalogue().operation('vectara-v2', 'listJobs');
    const notExploded = {
      ...v2,
      parameters: v2.parameters.map((p) => (p.name === 'state' ? { ...p, explode: false } : p)),
    };
    const x = await callOperation(http, targetFor('vectara-v2'), notExploded, {
      query: { state: ['queued', 'started'] },
      auth: 'none',
    });
    expect(new URL(x.request.url).searchParams.get('state')).toBe('queued,started');
  });

  it('Emporix q keeps its spaces and operators intact', async () => {
    const target = { ...targetFor('emporix-ai-service'), pathParams: { tenant: 'acme' } };
    const q = 'status:success AND metadata.createdAt:>="2026-01-01"';
    const x = await callOperation(http, target, 'listJobs', { query: { q, pageSize: '10' }, auth: 'none' });
    expect(new URL(x.request.url).searchParams.get('q')).toBe(q);
    expect(new URL(x.request.url).pathname).toBe('/base/ai-service/acme/jobs');
  });
});

describe('bodies and headers', () => {
  it('a JSON body is encoded with the operation content type', async () => {
    const before = server.received.length;
    await callOperation(http, targetFor('vectara-v1'), 'listJobs', {
      body: { numResults: 3, state: ['JOB_STATE__QUEUED'] },
      auth: 'none',
    });
    const got = server.received[before];
    expect(got?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(got?.body ?? '')).toEqual({ numResults: 3, state: ['JOB_STATE__QUEUED'] });
  });

  it('a string body is sent as-is (malformed-body probes)', async () => {
    const before = server.received.length;
    const target = { ...targetFor('cloudflare-ai-search'), pathParams: { account_id: 'acc', id: 'inst' } };
    await callOperation(http, target, 'createJob', { body: '{"description": ', auth: 'none' });
    expect(server.received[before]?.body).toBe('{"description": ');
    expect(server.received[before]?.headers['content-type']).toBe('application/json');
  });

  it('call headers are applied last and undefined removes one', async () => {
    const before = server.received.length;
    await callOperation(http, targetFor('vectara-v2'), 'listJobs', {
      headers: { Accept: 'text/plain', 'Request-Timeout': '5' },
      auth: 'none',
    });
    expect(server.received[before]?.headers.accept).toBe('text/plain');
    expect(server.received[before]?.headers['request-timeout']).toBe('5');
  });

  it('a missing path value is a usage error naming the operation and the parameter', async () => {
    const call = callOperation(http, targetFor('cloudflare-ai-search'), 'getJob', { auth: 'none' });
    await expect(call).rejects.toBeInstanceOf(UsageError);
    await expect(call).rejects.toThrow(
      'cloudflare-ai-search:getJob: no value for path parameter account_id (set it in the target',
    );
  });

  it('target pathParams fill the fixed parts; call pathParams the rest', async () => {
    const target = {
      ...targetFor('cloudflare-ai-search-namespaced'),
      pathParams: { account_id: 'acc1', name: 'ns', id: 'inst-1' },
    };
    const x = await callOperation(http, target, 'getJob', { pathParams: { job_id: 'j-9' }, auth: 'none' });
    expect(new URL(x.request.url).pathname).toBe(
      '/base/accounts/acc1/ai-search/namespaces/ns/instances/inst-1/jobs/j-9',
    );
  });
});

describe('plain calls (a walk’s pages) reuse what does not change', () => {
  it('the second and later plain calls send what the first did, their query aside', async () => {
    const client = createHttpClient({ redactor: new Redactor() });
    try {
      const target: Target = {
        ...targetFor('cloudflare-ai-search'),
        pathParams: { account_id: 'acc', id: 'inst' },
        credentials: { kind: 'schemes', schemes: { apiToken: { token: 'plain-call-token' } } },
      };
      const before = server.received.length;
      for (const page of [1, 2, 3]) {
        await callOperation(client, target, 'listJobs', {
          query: { page, per_page: 7 },
          label: `page ${page}`,
        });
      }
      // A call with headers of its own, and one without valid credentials, are not plain.
      await callOperation(client, target, 'listJobs', { headers: { 'X-Extra': '1' } });
      await callOperation(client, target, 'listJobs', { auth: 'none' });
      const got = server.received.slice(before);
      expect(got.map((r) => r.url)).toEqual([
        '/base/accounts/acc/ai-search/instances/inst/jobs?page=1&per_page=7',
        '/base/accounts/acc/ai-search/instances/inst/jobs?page=2&per_page=7',
        '/base/accounts/acc/ai-search/instances/inst/jobs?page=3&per_page=7',
        '/base/accounts/acc/ai-search/instances/inst/jobs',
        '/base/accounts/acc/ai-search/instances/inst/jobs',
      ]);
      for (const r of got.slice(0, 4)) expect(r.headers.authorization).toBe('Bearer plain-call-token');
      expect(got[3]?.headers['x-extra']).toBe('1');
      expect(got[4]?.headers.authorization).toBeUndefined();
      expect(got[2]?.headers).toEqual({ ...got[0]?.headers });
      // The token stays a secret to the client's redactor on every path.
      expect(client.redactor.redactText('plain-call-token')).toBe('[REDACTED]');
    } finally {
      await client.close();
    }
  });
});
