import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type LocalServer,
  type ReceivedRequest,
  sendJson,
  startLocalServer,
} from '../../test/support/local-server.ts';
import { type ApiId, getCatalogue } from '../catalogue/index.ts';
import {
  type Credentials,
  type Exchange,
  type SchemeCredentials,
  type Target,
  UsageError,
} from '../core/index.ts';
import { type AuthMode, readScopes, wrongCredentials } from './auth.ts';
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

function target(api: ApiId, credentials: Credentials, headerParams?: Record<string, string>): Target {
  return {
    api,
    baseUrl: server.url,
    pathParams: PATH[api]!,
    ...(headerParams ? { headerParams, secrets: Object.values(headerParams) } : {}),
    credentials,
    live: false,
  };
}

async function sentHeaders(
  api: ApiId,
  credentials: Credentials,
  auth?: AuthMode,
  headerParams?: Record<string, string>,
) {
  const before = server.received.length;
  const x = await callOperation(http, target(api, credentials, headerParams), LIST[api]!, {
    ...(auth ? { auth } : {}),
  });
  const apiRequests = server.received.slice(before).filter((r) => r.url !== '/oauth/token');
  return { exchange: x, headers: (apiRequests.at(-1) as ReceivedRequest).headers };
}

const schemes = (by: Record<string, SchemeCredentials>): Credentials => ({ kind: 'schemes', schemes: by });
const emporixClient: Credentials = schemes({
  OAuth2: { clientId: 'client-one', clientSecret: 'client-secret-one' },
});
/** The token URL comes from the scheme, rebased onto the target's base URL (the local server). */
const emporix = (): Credentials => emporixClient;

describe('read scopes come from the catalogue', () => {
  it('per API', () => {
    expect(readScopes(getCatalogue().api('emporix-ai-service'))).toEqual(['ai.agent_read']);
  });
});

describe('each credentials kind sends the headers its provider documents', () => {
  it('Cloudflare API token: Authorization Bearer', async () => {
    for (const api of ['cloudflare-ai-search', 'cloudflare-ai-search-namespaced'] as const) {
      const { headers, exchange } = await sentHeaders(
        api,
        schemes({ apiToken: { token: 'cf-token-123456' } }),
      );
      expect(headers.authorization).toBe('Bearer cf-token-123456');
      expect(headers['x-auth-key']).toBeUndefined();
      expect(exchange.request.headers.Authorization).toBe(`Bearer ${REDACTED}`);
    }
  });

  it('Cloudflare global key: X-Auth-Email and X-Auth-Key', async () => {
    const { headers, exchange } = await sentHeaders(
      'cloudflare-ai-search',
      schemes({
        apiEmail: { value: 'ops@example.com' },
        apiKey: { value: 'c2547eb745079dac9320b638f5e225cf483cc5cfdda41' },
      }),
    );
    expect(headers['x-auth-email']).toBe('ops@example.com');
    expect(headers['x-auth-key']).toBe('c2547eb745079dac9320b638f5e225cf483cc5cfdda41');
    expect(headers.authorization).toBeUndefined();
    expect(JSON.stringify(exchange)).not.toMatch(/c2547eb7|ops@example/);
  });

  it('Vectara API key: x-api-key, and customer-id only where the operation declares it (v1)', async () => {
    const creds = schemes({ ApiKeyAuth: { value: 'zqt_key_abcdef' } });
    const customer = { 'customer-id': '1234567890' };
    const v1 = await sentHeaders('vectara-v1', creds, undefined, customer);
    expect(v1.headers['x-api-key']).toBe('zqt_key_abcdef');
    expect(v1.headers['customer-id']).toBe('1234567890');
    expect(JSON.stringify(v1.exchange)).not.toMatch(/zqt_key_abcdef|1234567890/);
    const v2 = await sentHeaders('vectara-v2', creds, undefined, customer);
    expect(v2.headers['x-api-key']).toBe('zqt_key_abcdef');
    expect(v2.headers['customer-id']).toBeUndefined();
  });

  it('Vectara bearer: Authorization Bearer, customer-id on v1', async () => {
    const v1 = await sentHeaders(
      'vectara-v1',
      schemes({ BearerAuth: { token: 'vb-token-98765' } }),
      undefined,
      {
        'customer-id': '42424242',
      },
    );
    expect(v1.headers.authorization).toBe('Bearer vb-token-98765');
    expect(v1.headers['customer-id']).toBe('42424242');
    expect(v1.headers['x-api-key']).toBeUndefined();
  });

  it('Emporix access token: Authorization Bearer, no token request', async () => {
    const { headers } = await sentHeaders(
      'emporix-ai-service',
      schemes({ OAuth2: { token: 'emp-token-5555' } }),
    );
    expect(headers.authorization).toBe('Bearer emp-token-5555');
    expect(issued).toBe(0);
  });

  it("'none' sends no credential header (customer-id still identifies the account)", async () => {
    const cf = await sentHeaders(
      'cloudflare-ai-search',
      schemes({ apiToken: { token: 'cf-token-123456' } }),
      'none',
    );
    expect(cf.headers.authorization).toBeUndefined();
    const v1 = await sentHeaders('vectara-v1', schemes({ ApiKeyAuth: { value: 'zqt_key_abcdef' } }), 'none', {
      'customer-id': '77',
    });
    expect(v1.headers['x-api-key']).toBeUndefined();
    expect(v1.headers['customer-id']).toBe('77');
    const em = await sentHeaders('emporix-ai-service', emporix(), 'none');
    expect(em.headers.authorization).toBeUndefined();
    expect(issued).toBe(0);
  });

  it("'wrong' sends the same form with other values of the same length and alphabet", async () => {
    const cf = await sentHeaders(
      'cloudflare-ai-search',
      schemes({ apiToken: { token: 'AbC-123_xyz' } }),
      'wrong',
    );
    const sent = String(cf.headers.authorization).replace('Bearer ', '');
    expect(sent).not.toBe('AbC-123_xyz');
    expect(sent).toMatch(/^[A-Z][a-z][A-Z]-\d{3}_[a-z]{3}$/);

    const key = await sentHeaders(
      'cloudflare-ai-search',
      schemes({ apiEmail: { value: 'ops@example.com' }, apiKey: { value: 'abcdef0123' } }),
      'wrong',
    );
    expect(key.headers['x-auth-email']).toMatch(/^[a-z]{3}@[a-z]{7}\.[a-z]{3}$/);
    expect(key.headers['x-auth-key']).toMatch(/^[a-z]{6}\d{4}$/);
    expect(key.headers['x-auth-key']).not.toBe('abcdef0123');

    const em = await sentHeaders('emporix-ai-service', emporix(), 'wrong');
    expect(em.headers.authorization).toMatch(/^Bearer [a-z]{28}$/);
    expect(issued).toBe(0);
  });

  it('explicit credentials override the target ones', async () => {
    const { headers } = await sentHeaders(
      'vectara-v2',
      schemes({ ApiKeyAuth: { value: 'zqt_main' } }),
      schemes({ BearerAuth: { token: 'other-bearer-1' } }),
    );
    expect(headers.authorization).toBe('Bearer other-bearer-1');
    expect(headers['x-api-key']).toBeUndefined();
  });

  it('credentials that do not fit the API are a usage error naming both', async () => {
    const call = callOperation(
      http,
      target('vectara-v2', schemes({ apiEmail: { value: 'a@b.c' } })),
      'listJobs',
    );
    await expect(call).rejects.toBeInstanceOf(UsageError);
    await expect(call).rejects.toThrow(
      /credentials name the security scheme 'apiEmail', which vectara-v2 does not declare \(it has ApiKeyAuth, BearerAuth\)/,
    );
  });

  it('wrongCredentials keeps the schemes and fields, except an oauth2 client becomes a wrong token', () => {
    const wrong = wrongCredentials(schemes({ ApiKeyAuth: { value: 'abcd' } }));
    expect(Object.keys(wrong.schemes)).toEqual(['ApiKeyAuth']);
    expect(wrong.schemes.ApiKeyAuth?.value).toMatch(/^[a-z]{4}$/);
    expect(Object.keys(wrongCredentials(emporixClient).schemes.OAuth2 ?? {})).toEqual(['token']);
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
    const creds: Credentials = {
      ...emporix(),
      readOnly: { OAuth2: { clientId: 'reader', clientSecret: 'reader-secret' } },
    };
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
    const x = await callOperation(
      http,
      { ...target('emporix-ai-service', emporixClient), baseUrl: 'http://127.0.0.1:9' },
      'listJobs',
    );
    expect(x.error?.kind).toBe('refused');
    expect(x.error?.message).toBe('no OAuth token: token request failed: connection refused by 127.0.0.1:9');
  });
});
