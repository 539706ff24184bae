import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, sendJson, startLocalServer } from '../../../test/support/local-server.ts';
import { type Target, UsageError } from '../../core/index.ts';
import { createHttpClient } from '../client.ts';
import type { HttpClient } from '../client-options.ts';
import { REDACTED, Redactor } from '../redact.ts';
import { cloudflareJobs, emporixJobs, vectaraV1, vectaraV2 } from './index.ts';

let server: LocalServer;
let http: HttpClient;

/** A stand-in that answers by path, enough to see what each typed call sends and how it reads answers. */
beforeAll(async () => {
  server = await startLocalServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const p = url.pathname;
    if (p === '/oauth/token')
      return sendJson(res, 200, { access_token: 'tok-abcdef-123', token_type: 'Bearer', expires_in: 100 });
    if (p.endsWith('/jobs/missing')) {
      return sendJson(res, 404, {
        success: false,
        errors: [{ code: 7003, message: 'Job not found.' }],
        messages: [],
      });
    }
    if (p.startsWith('/client/v4/') && p.endsWith('/logs')) {
      return sendJson(res, 200, {
        success: true,
        errors: [],
        messages: [],
        result: [{ id: 1, created_at: 1.5, message: 'started', message_type: 0 }],
        result_info: { count: 1, page: 1, per_page: 20, total_count: 1 },
      });
    }
    if (p.startsWith('/client/v4/') && req.method === 'GET' && p.endsWith('/jobs')) {
      return sendJson(res, 200, {
        success: true,
        errors: [],
        messages: [],
        result: [{ id: 'j1', source: 'user' }],
        result_info: { count: 1, page: 2, per_page: 5, total_count: 6 },
      });
    }
    if (p.startsWith('/client/v4/'))
      return sendJson(res, 200, {
        success: true,
        errors: [],
        messages: [],
        result: { id: 'j1', source: 'user' },
      });
    if (p === '/v1/list-jobs')
      return sendJson(res, 200, { status: [], job: [{ id: '5', state: 'JOB_STATE__QUEUED' }], pageKey: '' });
    if (p === '/v2/jobs')
      return sendJson(res, 200, { jobs: [{ id: 'job_1', state: 'queued' }], metadata: { page_key: 'n1' } });
    if (p.startsWith('/v2/jobs/')) return sendJson(res, 200, { id: 'job_1', state: 'queued' });
    if (p.startsWith('/ai-service/') && req.method === 'DELETE') {
      res.writeHead(204);
      return res.end();
    }
    if (p.startsWith('/ai-service/') && (p.endsWith('/jobs') || p.endsWith('/search'))) {
      return sendJson(res, 200, [{ id: 'e1', status: 'success' }], { 'x-total-count': '17' });
    }
    if (p.startsWith('/ai-service/')) return sendJson(res, 200, { id: 'e1', status: 'success' });
    sendJson(res, 500, { unexpected: p });
  });
  http = createHttpClient({ redactor: new Redactor() });
});
afterAll(async () => {
  await http.close();
  await server.close();
});

const last = () => server.received.at(-1);

function cf(api: 'cloudflare-ai-search' | 'cloudflare-ai-search-namespaced'): Target {
  return {
    api,
    baseUrl: `${server.url}/client/v4`,
    pathParams: { account_id: 'acc', id: 'inst', name: 'ns' },
    credentials: { kind: 'cloudflare-token', token: 'cf-token-abcdef' },
    live: false,
  };
}

describe('cloudflareJobs, on both surfaces', () => {
  it.each(['cloudflare-ai-search', 'cloudflare-ai-search-namespaced'] as const)('%s', async (api) => {
    const jobs = cloudflareJobs(cf(api), http);
    const prefix =
      api === 'cloudflare-ai-search'
        ? '/client/v4/accounts/acc/ai-search'
        : '/client/v4/accounts/acc/ai-search/namespaces/ns';

    const created = await jobs.createJob({ description: 'nightly' });
    expect(last()).toMatchObject({
      method: 'POST',
      url: `${prefix}/instances/inst/jobs`,
      body: '{"description":"nightly"}',
    });
    expect(created.body?.result.id).toBe('j1');

    const list = await jobs.listJobs({ page: 2, per_page: 5 });
    expect(last()?.url).toBe(`${prefix}/instances/inst/jobs?page=2&per_page=5`);
    expect(list.body?.result_info.total_count).toBe(6);
    expect(list.body?.result[0]?.source).toBe('user');

    await jobs.getJob('j 1');
    expect(last()).toMatchObject({ method: 'GET', url: `${prefix}/instances/inst/jobs/j%201` });

    await jobs.cancelJob('j1');
    expect(last()).toMatchObject({ method: 'PATCH', url: `${prefix}/instances/inst/jobs/j1` });
    expect(JSON.parse(last()?.body ?? '')).toEqual({ action: 'cancel' });

    const logs = await jobs.listJobLogs('j1', { per_page: 500 });
    expect(last()?.url).toBe(`${prefix}/instances/inst/jobs/j1/logs?per_page=500`);
    expect(logs.body?.result[0]?.message).toBe('started');
    expect(last()?.headers.authorization).toBe('Bearer cf-token-abcdef');
  });

  it('an error answer comes back as errorBody, typed as the error envelope', async () => {
    const missing = await cloudflareJobs(cf('cloudflare-ai-search'), http).getJob('missing');
    expect(missing.body).toBeUndefined();
    expect(missing.errorBody?.errors[0]?.message).toBe('Job not found.');
    expect(missing.exchange.response?.status).toBe(404);
  });

  it('auth and label pass through', async () => {
    const x = await cloudflareJobs(cf('cloudflare-ai-search'), http).listJobs(
      {},
      { auth: 'none', label: 'no credentials' },
    );
    expect(last()?.headers.authorization).toBeUndefined();
    expect(x.exchange.label).toBe('no credentials');
  });

  it('refuses a target of another API', () => {
    expect(() => cloudflareJobs({ ...cf('cloudflare-ai-search'), api: 'vectara-v2' }, http)).toThrow(
      UsageError,
    );
  });
});

describe('vectaraV1 and vectaraV2', () => {
  const target = (api: 'vectara-v1' | 'vectara-v2'): Target => ({
    api,
    baseUrl: server.url,
    pathParams: {},
    credentials: { kind: 'vectara-api-key', apiKey: 'zqt_abcdef', customerId: '1234567' },
    live: false,
  });

  it('v1 listJobs posts the filters with customer-id and x-api-key', async () => {
    const r = await vectaraV1(target('vectara-v1'), http).listJobs({
      numResults: 2,
      state: ['JOB_STATE__QUEUED'],
    });
    expect(last()).toMatchObject({ method: 'POST', url: '/v1/list-jobs' });
    expect(JSON.parse(last()?.body ?? '')).toEqual({ numResults: 2, state: ['JOB_STATE__QUEUED'] });
    expect(last()?.headers['customer-id']).toBe('1234567');
    expect(last()?.headers['x-api-key']).toBe('zqt_abcdef');
    expect(r.body?.job?.[0]?.state).toBe('JOB_STATE__QUEUED');
    expect(r.exchange.request.headers['customer-id']).toBe(REDACTED);
  });

  it('v2 listJobs repeats array filters; getJob encodes the id', async () => {
    const v2 = vectaraV2(target('vectara-v2'), http);
    const r = await v2.listJobs({ state: ['queued', 'failed'], limit: 10, page_key: 'n1' });
    expect(last()?.url).toBe('/v2/jobs?state=queued&state=failed&limit=10&page_key=n1');
    expect(r.body?.metadata?.page_key).toBe('n1');
    const one = await v2.getJob('job_1');
    expect(last()?.url).toBe('/v2/jobs/job_1');
    expect(one.body?.id).toBe('job_1');
    expect(last()?.headers['customer-id']).toBeUndefined();
  });
});

describe('emporixJobs', () => {
  const target = (): Target => ({
    api: 'emporix-ai-service',
    baseUrl: server.url,
    pathParams: { tenant: 'acme' },
    credentials: {
      kind: 'emporix-client',
      tokenUrl: `${server.url}/oauth/token`,
      clientId: 'cid',
      clientSecret: 'csecret-abcdef',
    },
    live: false,
  });

  it('listJobs sends string paging, asks for the total header and reads it', async () => {
    const r = await emporixJobs(target(), http).listJobs(
      { q: 'status:success', pageSize: 5, pageNumber: 2 },
      { totalCount: true },
    );
    expect(last()?.url).toBe('/ai-service/acme/jobs?q=status%3Asuccess&pageSize=5&pageNumber=2');
    expect(last()?.headers['x-total-count']).toBe('true');
    expect(last()?.headers.authorization).toBe('Bearer tok-abcdef-123');
    expect(r.totalCount).toBe(17);
    expect(r.body?.[0]?.status).toBe('success');
  });

  it('listJobs without totalCount sends no X-Total-Count header', async () => {
    await emporixJobs(target(), http).listJobs();
    expect(last()?.headers['x-total-count']).toBeUndefined();
  });

  it('searchJobs posts q in the body and paging in the query', async () => {
    const r = await emporixJobs(target(), http).searchJobs(
      { q: 'type:IMPORT' },
      { pageSize: '3' },
      { totalCount: true },
    );
    expect(last()).toMatchObject({ method: 'POST', url: '/ai-service/acme/jobs/search?pageSize=3' });
    expect(JSON.parse(last()?.body ?? '')).toEqual({ q: 'type:IMPORT' });
    expect(r.totalCount).toBe(17);
  });

  it('getJob with fields, deleteJob with 204', async () => {
    const e = emporixJobs(target(), http);
    const one = await e.getJob('e1', { fields: 'id,status' });
    expect(last()?.url).toBe('/ai-service/acme/jobs/e1?fields=id%2Cstatus');
    expect(one.body?.id).toBe('e1');
    const del = await e.deleteJob('e1');
    expect(last()?.method).toBe('DELETE');
    expect(del.exchange.response?.status).toBe(204);
    expect(del.body).toBeUndefined();
  });

  it('token() asks afresh with the scope and returns the recorded, redacted answer', async () => {
    const before = server.received.length;
    const t = await emporixJobs(target(), http).token('ai.agent_read');
    expect(server.received.slice(before).map((r) => r.url)).toEqual(['/oauth/token']);
    expect(new URLSearchParams(last()?.body).get('scope')).toBe('ai.agent_read');
    expect(t.body).toMatchObject({ access_token: REDACTED, token_type: 'Bearer', expires_in: 100 });
    expect(JSON.stringify(t.exchange)).not.toContain('tok-abcdef-123');
  });

  it('token() needs client credentials', async () => {
    const t = { ...target(), credentials: { kind: 'emporix-token' as const, token: 'abcd1234' } };
    await expect(emporixJobs(t, http).token()).rejects.toThrow(/needs emporix-client credentials/);
  });
});
