import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type LocalServer,
  type ReceivedRequest,
  sendJson,
  startLocalServer,
} from '../../test/support/local-server.ts';
import { type ApiId, getCatalogue } from '../catalogue/index.ts';
import { type Credentials, type Exchange, type Target, UsageError } from '../core/index.ts';
import { type AuthMode, authHeaderNames, readScopes, wrongCredentials } from './auth.ts';
import { callOperation } from './call.ts';
import { createHttpClient } from './client.ts';
import type { HttpClient } from './client-options.ts';
import { REDACTED, Redactor } from './redact.ts';

let server: LocalServer;
let http: HttpClient;
let recorded: Exchange[];
let tokenStatus: number;
let issued: number;
/** A 200 token answer with this body instead of a token. */
let tokenReply: { body: unknown } | undefined;

beforeEach(async () => {
  tokenStatus = 200;
  issued = 0;
  tokenReply = undefined;
  recorded = [];
  server = await startLocalServer((req, res) => {
    if (req.url === '/oauth/token') {
      if (tokenStatus !== 200)
        return sendJson(res, tokenStatus, { fault: { faultstring: 'Invalid client' } });
      if (tokenReply) return sendJson(res, 200, tokenReply.body);
      issued++;
      const scope = new URLSearchParams(req.body).get('scope');
      return sendJson(res, 200, {
        access_token: `issued-token-${issued}${scope ? `-${scope.replace(/\W/g, '_')}` : ''}`,
        token_type: 'Bearer',
        expires_in: 3599,
      });
    }
    sendJson(res, 200, []);
  });
  http = createHttpClient({ redactor: new Redactor(), onExchange: (x) => recorded.push(x) });
});
afterEach(async () => {
  await http.close();
  await server.close();
});

const PATH: Record<ApiId, Record<string, string>> = {
  'cloudflare-ai-search': { account_id: 'acc', id: 'inst' },
  'cloudflare-ai-search-namespaced': { account_id: 'acc', name: 'ns', id: 'inst' },
  'vectara-v1': {},
  'vectara-v2': {},
  'emporix-ai-service': { tenant: 'acme' },
};
const LIST: Record<ApiId, string> = {
  'cloudflare-ai-search': 'listJobs',
  'cloudflare-ai-search-namespaced': 'listJobs',
  'vectara-v1': 'listJobs',
  'vectara-v2': 'listJobs',
  'emporix-ai-service': 'listJobs',
};

function target(api: ApiId, credentials: Credentials): Target {
  return { api, baseUrl: server.url, pathParams: PATH[api]!, credentials, live: false };
}

async function sentHeaders(api: ApiId, credentials: Credentials, auth?: AuthMode) {
  const before = server.received.length;
  const x = await callOperation(http, target(api, credentials), LIST[api]!, { ...(auth ? { auth } : {}) });
  const apiRequests = server.received.slice(before).filter((r) => r.url !== '/oauth/token');
  return { exchange: x, headers: (apiRequests.at(-1) as ReceivedRequest).headers };
}

const emporixClient: Credentials = {
  kind: 'emporix-client',
  tokenUrl: '',
  clientId: 'client-one',
  clientSecret: 'client-secret-one',
};
const emporix = (): Credentials =>
  ({ ...emporixClient, tokenUrl: `${server.url}/oauth/token` }) as Credentials;

describe('auth header names come from the catalogue security schemes', () => {
  it('per API', () => {
    const c = getCatalogue();
    expect(authHeaderNames(c.api('cloudflare-ai-search'))).toEqual({
      bearer: 'Authorization',
      apiKey: 'X-Auth-Key',
      email: 'X-Auth-Email',
    });
    expect(authHeaderNames(c.api('vectara-v2'))).toEqual({ bearer: 'Authorization', apiKey: 'x-api-key' });
    expect(authHeaderNames(c.api('emporix-ai-service')).oauth2?.type).toBe('oauth2');
    expect(readScopes(c.api('emporix-ai-service'))).toEqual(['ai.agent_read']);
  });
});

describe('each credentials kind sends the headers its provider documents', () => {
  it('Cloudflare API token: Authorization Bearer', async () => {
    for (const api of ['cloudflare-ai-search', 'cloudflare-ai-search-namespaced'] as const) {
      const { headers, exchange } = await sentHeaders(api, {
        kind: 'cloudflare-token',
        token: 'cf-token-123456',
      });
      expect(headers.authorization).toBe('Bearer cf-token-123456');
      expect(headers['x-auth-key']).toBeUndefined();
      expect(exchange.request.headers.Authorization).toBe(`Bearer ${REDACTED}`);
    }
  });

  it('Cloudflare global key: X-Auth-Email and X-Auth-Key', async () => {
    const { headers, exchange } = await sentHeaders('cloudflare-ai-search', {
      kind: 'cloudflare-key',
      email: 'ops@example.com',
      key: 'c2547eb745079dac9320b638f5e225cf483cc5cfdda41',
    });
    expect(headers['x-auth-email']).toBe('ops@example.com');
    expect(headers['x-auth-key']).toBe('c2547eb745079dac9320b638f5e225cf483cc5cfdda41');
    expect(headers.authorization).toBeUndefined();
    expect(JSON.stringify(exchange)).not.toMatch(/c2547eb7|ops@example/);
  });

  it('Vectara API key: x-api-key, and customer-id only where the operation declares it (v1)', async () => {
    const creds: Credentials = {
      kind: 'vectara-api-key',
      apiKey: 'zqt_key_abcdef',
      customerId: '1234567890',
    };
    const v1 = await sentHeaders('vectara-v1', creds);
    expect(v1.headers['x-api-key']).toBe('zqt_key_abcdef');
    expect(v1.headers['customer-id']).toBe('1234567890');
    expect(JSON.stringify(v1.exchange)).not.toMatch(/zqt_key_abcdef|1234567890/);
    const v2 = await sentHeaders('vectara-v2', creds);
    expect(v2.headers['x-api-key']).toBe('zqt_key_abcdef');
    expect(v2.headers['customer-id']).toBeUndefined();
  });

  it('Vectara bearer: Authorization Bearer, customer-id on v1', async () => {
    const v1 = await sentHeaders('vectara-v1', {
      kind: 'vectara-bearer',
      token: 'vb-token-98765',
      customerId: '42424242',
    });
    expect(v1.headers.authorization).toBe('Bearer vb-token-98765');
    expect(v1.headers['customer-id']).toBe('42424242');
    expect(v1.headers['x-api-key']).toBeUndefined();
  });

  it('Emporix access token: Authorization Bearer, no token request', async () => {
    const { headers } = await sentHeaders('emporix-ai-service', {
      kind: 'emporix-token',
      token: 'emp-token-5555',
    });
    expect(headers.authorization).toBe('Bearer emp-token-5555');
    expect(issued).toBe(0);
  });

  it("'none' sends no credential header (customer-id still identifies the account)", async () => {
    const cf = await sentHeaders(
      'cloudflare-ai-search',
      { kind: 'cloudflare-token', token: 'cf-token-123456' },
      'none',
    );
    expect(cf.headers.authorization).toBeUndefined();
    const v1 = await sentHeaders(
      'vectara-v1',
      { kind: 'vectara-api-key', apiKey: 'zqt_key_abcdef', customerId: '77' },
      'none',
    );
    expect(v1.headers['x-api-key']).toBeUndefined();
    expect(v1.headers['customer-id']).toBe('77');
    const em = await sentHeaders('emporix-ai-service', emporix(), 'none');
    expect(em.headers.authorization).toBeUndefined();
    expect(issued).toBe(0);
  });

  it("'wrong' sends the same form with other values of the same length and alphabet", async () => {
    const cf = await sentHeaders(
      'cloudflare-ai-search',
      { kind: 'cloudflare-token', token: 'AbC-123_xyz' },
      'wrong',
    );
    const sent = String(cf.headers.authorization).replace('Bearer ', '');
    expect(sent).not.toBe('AbC-123_xyz');
    expect(sent).toMatch(/^[A-Z][a-z][A-Z]-\d{3}_[a-z]{3}$/);

    const key = await sentHeaders(
      'cloudflare-ai-search',
      { kind: 'cloudflare-key', email: 'ops@example.com', key: 'abcdef0123' },
      'wrong',
    );
    expect(key.headers['x-auth-email']).toBe('ops@example.com');
    expect(key.headers['x-auth-key']).toMatch(/^[a-z]{6}\d{4}$/);
    expect(key.headers['x-auth-key']).not.toBe('abcdef0123');

    const em = await sentHeaders('emporix-ai-service', emporix(), 'wrong');
    expect(em.headers.authorization).toMatch(/^Bearer [a-z]{28}$/);
    expect(issued).toBe(0);
  });

  it('explicit credentials override the target ones', async () => {
    const { headers } = await sentHeaders(
      'vectara-v2',
      { kind: 'vectara-api-key', apiKey: 'zqt_main' },
      {
        kind: 'vectara-bearer',
        token: 'other-bearer-1',
      },
    );
    expect(headers.authorization).toBe('Bearer other-bearer-1');
    expect(headers['x-api-key']).toBeUndefined();
  });

  it('credentials that do not fit the API are a usage error naming both', async () => {
    const call = callOperation(
      http,
      target('vectara-v2', { kind: 'cloudflare-key', email: 'a@b.c', key: 'kkkk' }),
      'listJobs',
    );
    await expect(call).rejects.toBeInstanceOf(UsageError);
    await expect(call).rejects.toThrow(
      /cloudflare-key need an email and a key header scheme, but vectara-v2 declares/,
    );
  });

  it('wrongCredentials keeps the kind, except Emporix client credentials become a wrong token', () => {
    expect(wrongCredentials({ kind: 'vectara-api-key', apiKey: 'abcd', customerId: '9' })).toMatchObject({
      kind: 'vectara-api-key',
      customerId: '9',
    });
    expect(wrongCredentials(emporixClient).kind).toBe('emporix-token');
  });
});

describe('the Emporix OAuth2 client-credentials token', () => {
  it('is fetched form-encoded, recorded redacted, and cached per client', async () => {
    const first = await sentHeaders('emporix-ai-service', emporix());
    const second = await sentHeaders('emporix-ai-service', emporix());
    expect(first.headers.authorization).toBe('Bearer issued-token-1');
    expect(second.headers.authorization).toBe('Bearer issued-token-1');
    expect(issued).toBe(1);

    const tokenRequest = server.received.find((r) => r.url === '/oauth/token');
    expect(tokenRequest?.method).toBe('POST');
    expect(tokenRequest?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(tokenRequest?.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'client-one',
      client_secret: 'client-secret-one',
    });

    const tokenExchange = recorded.find((x) => x.operation === 'oauth-token');
    expect(tokenExchange?.api).toBe('emporix-ai-service');
    expect(tokenExchange?.request.body).toBe(
      `grant_type=client_credentials&client_id=client-one&client_secret=${REDACTED}`,
    );
    expect(tokenExchange?.json).toMatchObject({ access_token: REDACTED, token_type: 'Bearer' });
    const all = JSON.stringify(recorded);
    expect(all).not.toContain('issued-token-1');
    expect(all).not.toContain('client-secret-one');
  });

  it('a scope asks for another token; read-only asks for the read scopes from the catalogue', async () => {
    await sentHeaders('emporix-ai-service', emporix());
    const ro = await sentHeaders('emporix-ai-service', emporix(), 'read-only');
    expect(ro.headers.authorization).toBe('Bearer issued-token-2-ai_agent_read');
    const tokenBodies = server.received.filter((r) => r.url === '/oauth/token').map((r) => r.body);
    expect(tokenBodies[1]).toContain('scope=ai.agent_read');
    const x = await callOperation(http, target('emporix-ai-service', emporix()), 'listJobs', {
      scope: 'ai.agent_manage',
    });
    expect(x.error).toBeUndefined();
    expect(issued).toBe(3);
  });

  it('read-only uses the separate read-only client when one is configured', async () => {
    const creds = {
      ...emporix(),
      readOnly: { clientId: 'reader', clientSecret: 'reader-secret' },
    } as Credentials;
    await sentHeaders('emporix-ai-service', creds, 'read-only');
    const body = new URLSearchParams(server.received.find((r) => r.url === '/oauth/token')?.body);
    expect(body.get('client_id')).toBe('reader');
    expect(body.get('scope')).toBeNull();
    expect(JSON.stringify(recorded)).not.toContain('reader-secret');
  });

  it('a rejected token request ends the call with an error naming it, and is not cached', async () => {
    tokenStatus = 401;
    const before = server.received.length;
    const x = await callOperation(http, target('emporix-ai-service', emporix()), 'getJob', {
      pathParams: { jobId: 'j1' },
    });
    expect(x.error?.kind).toBe('other');
    expect(x.error?.message).toBe(`no OAuth token: POST ${server.url}/oauth/token answered 401`);
    expect(x.operation).toBe('getJob');
    expect(x.response).toBeUndefined();
    // Only the token request went out, not the API call.
    expect(server.received.slice(before).map((r) => r.url)).toEqual(['/oauth/token']);
    tokenStatus = 200;
    const retry = await sentHeaders('emporix-ai-service', emporix());
    expect(retry.headers.authorization).toBe('Bearer issued-token-1');
  });

  it.each([
    [null, 'the body is null, not an object'],
    [[{ access_token: 'x' }], 'the body is an array, not an object'],
  ])('a 200 token answer whose body is %j is named as such', async (body, named) => {
    tokenReply = { body };
    const x = await callOperation(http, target('emporix-ai-service', emporix()), 'listJobs');
    expect(x.error?.message).toBe(
      `no OAuth token: POST ${server.url}/oauth/token answered 200 without an access_token (${named})`,
    );
  });

  it('an unreachable token endpoint keeps the transport kind', async () => {
    const creds = { ...emporixClient, tokenUrl: 'http://127.0.0.1:9/oauth/token' } as Credentials;
    const x = await callOperation(http, target('emporix-ai-service', creds), 'listJobs');
    expect(x.error?.kind).toBe('refused');
    expect(x.error?.message).toBe('no OAuth token: token request failed: connection refused by 127.0.0.1:9');
  });
});
