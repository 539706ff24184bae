import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type LocalServer,
  type ReceivedRequest,
  sendJson,
  startLocalServer,
} from '../../test/support/local-server.ts';
import { getCatalogue } from '../catalogue/index.ts';
import type { SchemeCredentialSet, Target } from '../core/index.ts';
import { UsageError } from '../core/index.ts';
import { wrongCredentials } from './auth.ts';
import { callOperation } from './call.ts';
import { createHttpClient } from './client.ts';
import type { HttpClient } from './client-options.ts';
import { Redactor } from './redact.ts';
import { tokenUrlFor } from './scheme-auth.ts';

let server: LocalServer;
let http: HttpClient;
let issued: number;

beforeEach(async () => {
  issued = 0;
  server = await startLocalServer((req, res) => {
    if (req.url?.endsWith('/oauth/token')) {
      issued++;
      return sendJson(res, 200, { access_token: `issued-${issued}`, expires_in: 3599 });
    }
    sendJson(res, 200, []);
  });
  http = createHttpClient({ redactor: new Redactor() });
});
afterEach(async () => {
  await http.close();
  await server.close();
});

function target(api: string, credentials: SchemeCredentialSet, extra: Partial<Target> = {}): Target {
  return {
    api,
    baseUrl: server.url,
    pathParams: { account_id: 'a', id: 'i', tenant: 't' },
    credentials,
    live: false,
    ...extra,
  };
}

async function sent(
  t: Target,
  operation = 'listJobs',
  auth?: 'none' | 'wrong' | 'read-only',
): Promise<ReceivedRequest> {
  const before = server.received.length;
  const x = await callOperation(http, t, operation, auth ? { auth } : {});
  expect(x.error, x.error?.message).toBeUndefined();
  return server.received
    .slice(before)
    .filter((r) => !r.url.endsWith('/oauth/token'))
    .at(-1)!;
}

describe('credentials by security scheme: headers from the API’s securitySchemes alone', () => {
  it('http bearer', async () => {
    const r = await sent(
      target('cloudflare-ai-search', { kind: 'schemes', schemes: { apiToken: { token: 'tok-1' } } }),
    );
    expect(r.headers.authorization).toBe('Bearer tok-1');
  });

  it('two apiKey header schemes together', async () => {
    const creds: SchemeCredentialSet = {
      kind: 'schemes',
      schemes: { apiEmail: { value: 'me@example.com' }, apiKey: { value: 'k-123' } },
    };
    const r = await sent(target('cloudflare-ai-search', creds));
    expect([r.headers['x-auth-email'], r.headers['x-auth-key']]).toEqual(['me@example.com', 'k-123']);
  });

  it('an apiKey header, and a declared header parameter from the target with every auth mode', async () => {
    const t = target(
      'vectara-v1',
      { kind: 'schemes', schemes: { ApiKeyAuth: { value: 'zwt_k' } } },
      {
        headerParams: { 'customer-id': '1234' },
      },
    );
    const valid = await sent(t);
    expect([valid.headers['x-api-key'], valid.headers['customer-id']]).toEqual(['zwt_k', '1234']);
    const none = await sent(t, 'listJobs', 'none');
    expect([none.headers['x-api-key'], none.headers['customer-id']]).toEqual([undefined, '1234']);
  });

  it('oauth2 client credentials: the token URL rebased onto the target, fetched once, sent as bearer', async () => {
    const creds: SchemeCredentialSet = {
      kind: 'schemes',
      schemes: { OAuth2: { clientId: 'c', clientSecret: 's3cret' } },
    };
    const t = target('emporix-ai-service', creds);
    expect((await sent(t)).headers.authorization).toBe('Bearer issued-1');
    expect((await sent(t)).headers.authorization).toBe('Bearer issued-1');
    expect(server.received.filter((r) => r.url === '/oauth/token')).toHaveLength(1);
    const api = getCatalogue().api('emporix-ai-service');
    expect(tokenUrlFor(api, api.securitySchemes.OAuth2!, t)).toBe(`${server.url}/oauth/token`);
  });

  it('read-only asks for the read scopes with the same client when no read-only client is set', async () => {
    const creds: SchemeCredentialSet = {
      kind: 'schemes',
      schemes: { OAuth2: { clientId: 'c', clientSecret: 's' } },
    };
    await sent(target('emporix-ai-service', creds), 'listJobs', 'read-only');
    const grant = server.received.find((r) => r.url === '/oauth/token')!;
    expect(new URLSearchParams(grant.body).get('scope')).toBe('ai.agent_read');
  });

  it('wrong credentials keep the form with other values; an oauth2 client becomes a made-up token', () => {
    const wrong = wrongCredentials({
      kind: 'schemes',
      schemes: { apiEmail: { value: 'a@b.co' }, apiKey: { value: 'k-123' } },
    });
    expect(wrong.kind).toBe('schemes');
    const schemes = (wrong as SchemeCredentialSet).schemes;
    expect(schemes.apiKey!.value).toMatch(/^[a-z]-\d{3}$/);
    expect(schemes.apiKey!.value).not.toBe('k-123');
    const client = wrongCredentials({
      kind: 'schemes',
      schemes: { OAuth2: { clientId: 'c', clientSecret: 's' } },
    });
    expect((client as SchemeCredentialSet).schemes.OAuth2!.token).toMatch(/^[a-z]{28}$/);
  });

  it('a scheme the API does not declare is a usage error naming both', async () => {
    const t = target('vectara-v2', { kind: 'schemes', schemes: { apiToken: { token: 't' } } });
    await expect(callOperation(http, t, 'listJobs')).rejects.toThrow(UsageError);
    await expect(callOperation(http, t, 'listJobs')).rejects.toThrow(
      /scheme 'apiToken', which vectara-v2 does not declare/,
    );
  });
});
