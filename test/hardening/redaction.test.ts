import { afterEach, describe, expect, test } from 'vitest';
import { requestClientCredentialsToken } from '../../src/http/auth.ts';
import { createHttpClient } from '../../src/http/client.ts';
import type { HttpClient } from '../../src/http/client-options.ts';
import { REDACTED, Redactor } from '../../src/http/redact.ts';
import { type LocalServer, startLocalServer } from '../support/local-server.ts';

/** Redaction at record time, on each place a credential travels: headers, query strings, bodies. */

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.cnry-access-token.sig';
const SECRET = 'cnry-client-secret-9Zq';

describe('the redactor', () => {
  test('headers: every credential header, Authorization keeping its scheme word', () => {
    const r = new Redactor();
    const out = r.redactHeaders({
      Authorization: `Bearer ${TOKEN}`,
      'X-Auth-Key': 'cnry-global-key',
      'X-Auth-Email': 'me@example.com',
      'x-api-key': 'zwt_cnry',
      'customer-id': '9081726354',
      accept: 'application/json',
    });
    expect(out).toEqual({
      Authorization: `Bearer ${REDACTED}`,
      'X-Auth-Key': REDACTED,
      'X-Auth-Email': REDACTED,
      'x-api-key': REDACTED,
      'customer-id': REDACTED,
      accept: 'application/json',
    });
  });

  test('query strings: credential parameters by name, other parameters kept exactly', () => {
    const r = new Redactor();
    const url = r.redactUrl(
      `https://api.example.com/jobs?per_page=5&access_token=${TOKEN}&api_key=zwt_x&q=a%20b&client_secret=${SECRET}`,
    );
    expect(url).toBe(
      `https://api.example.com/jobs?per_page=5&access_token=${REDACTED}&api_key=${REDACTED}&q=a%20b&client_secret=${REDACTED}`,
    );
    expect(r.redactUrl('https://user:p4ssw0rd@api.example.com/x')).not.toContain('p4ssw0rd');
  });

  test('bodies: an OAuth token response, a form-encoded token request, a registered value anywhere', () => {
    const r = new Redactor();
    const response = JSON.stringify({
      access_token: TOKEN,
      refresh_token: 'cnry-refresh',
      token_type: 'Bearer',
      expires_in: 3599,
      scope: 'ai.agent_read',
    });
    const redacted = r.redactBody(response, 'application/json');
    expect(redacted).not.toContain(TOKEN);
    expect(redacted).not.toContain('cnry-refresh');
    expect(JSON.parse(redacted)).toMatchObject({
      access_token: REDACTED,
      token_type: 'Bearer',
      expires_in: 3599,
    });

    const form = `grant_type=client_credentials&client_id=agent&client_secret=${encodeURIComponent(SECRET)}`;
    expect(r.redactBody(form, 'application/x-www-form-urlencoded')).toBe(
      `grant_type=client_credentials&client_id=agent&client_secret=${REDACTED}`,
    );

    r.registerSecret(SECRET);
    expect(r.redactBody(`{"message":"client ${SECRET} is not allowed"}`, 'application/json')).toBe(
      `{"message":"client ${REDACTED} is not allowed"}`,
    );
    expect(r.redactText(`see ${encodeURIComponent(`${SECRET}/+`)}`)).not.toContain(SECRET);
  });

  test('a token response cut off mid-token (a truncated body) leaves no part of the token', () => {
    const r = new Redactor();
    const full = JSON.stringify({ access_token: TOKEN, token_type: 'Bearer' });
    for (const cut of [30, 40, full.indexOf(TOKEN) + TOKEN.length - 1]) {
      const body = full.slice(0, cut);
      const redacted = r.redactBody(body, 'application/json');
      const visible = body.slice(body.indexOf(':"') + 2);
      expect(redacted, body).not.toContain(visible);
      expect(redacted).toContain(REDACTED);
    }
  });
});

describe('through the HTTP client: redacted when recorded, usable by the caller', () => {
  let server: LocalServer | undefined;
  let http: HttpClient | undefined;
  afterEach(async () => {
    await http?.close();
    await server?.close();
  });

  test('an OAuth token exchange: the recorded request and response hold no secret', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: TOKEN, token_type: 'Bearer', expires_in: 3599 }));
    });
    const recorded: string[] = [];
    http = createHttpClient({ onExchange: (x) => recorded.push(JSON.stringify(x)) });
    const result = await requestClientCredentialsToken(http, {
      api: 'emporix-ai-service',
      tokenUrl: `${server.url}/oauth/token`,
      clientId: 'agent',
      clientSecret: SECRET,
    });
    expect(result.accessToken).toBe(TOKEN);
    expect(server.received[0]?.body).toContain(encodeURIComponent(SECRET));
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).not.toContain(SECRET);
    expect(recorded[0]).not.toContain(TOKEN);
    // Later exchanges carrying the token are redacted by value too.
    const later = await http.send({
      api: 'emporix-ai-service',
      method: 'GET',
      url: `${server.url}/jobs?note=${TOKEN}`,
      headers: { authorization: `Bearer ${TOKEN}`, 'x-trace': TOKEN },
    });
    expect(JSON.stringify(later)).not.toContain(TOKEN);
  });

  test('a rate-limited API is left alone after two requests that stayed 429', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' });
      res.end('{}');
    });
    http = createHttpClient({ maxRetries: 1 });
    const send = () => http!.send({ api: 'a', method: 'GET', url: `${server!.url}/x` });
    expect((await send()).error?.kind).toBe('rate-limited');
    expect((await send()).error?.kind).toBe('rate-limited');
    const third = await send();
    expect(third.error?.message).toMatch(/^not sent: the last 2 requests to a stayed rate-limited \(429\)/);
    // Two requests, each sent twice (one retry); the third never went out.
    expect(server.received).toHaveLength(4);
    // Another API is not affected.
    expect((await http.send({ api: 'b', method: 'GET', url: `${server.url}/x` })).attempts).toBe(2);
  });
});
