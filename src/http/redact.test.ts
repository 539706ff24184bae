import { afterEach, describe, expect, it } from 'vitest';
import { type LocalServer, sendJson, startLocalServer } from '../../test/support/local-server.ts';
import type { Exchange } from '../core/index.ts';
import { createHttpClient } from './client.ts';
import { MAX_JSON_DEPTH, TOO_DEEP_MARKER } from './json-depth.ts';
import { REDACTED, Redactor, redactExchange } from './redact.ts';

describe('headers', () => {
  it('replace every credential header value, keeping the Authorization scheme as evidence', () => {
    const r = new Redactor();
    expect(
      r.redactHeaders({
        Authorization: 'Bearer eyJhbGciOi.payload.sig',
        'Proxy-Authorization': 'Basic dXNlcjpwYXNz',
        'X-Auth-Key': 'c2547eb745079dac9320b638f5e225cf483cc5cfdda41',
        'X-Auth-Email': 'ops@example.com',
        'x-api-key': 'zqt_abc123',
        'customer-id': '1234567890',
        cookie: 'session=abc',
        'set-cookie': 'session=abc; HttpOnly',
        'content-type': 'application/json',
      }),
    ).toEqual({
      Authorization: `Bearer ${REDACTED}`,
      'Proxy-Authorization': `Basic ${REDACTED}`,
      'X-Auth-Key': REDACTED,
      'X-Auth-Email': REDACTED,
      'x-api-key': REDACTED,
      'customer-id': REDACTED,
      cookie: REDACTED,
      'set-cookie': REDACTED,
      'content-type': 'application/json',
    });
  });

  it('a bare token in Authorization is replaced whole', () => {
    expect(new Redactor().redactHeaders({ authorization: 'sometoken' })).toEqual({ authorization: REDACTED });
  });
});

describe('query strings', () => {
  it('replace secret parameters by name and leave the others exactly as they were', () => {
    const r = new Redactor();
    expect(
      r.redactUrl(
        'https://api.example.com/v2/jobs?state=queued&access_token=abc.def&limit=10&API_KEY=k-1&corpus_key=a%20b&signature=xyz&page_key=p1',
      ),
    ).toBe(
      `https://api.example.com/v2/jobs?state=queued&access_token=${REDACTED}&limit=10&API_KEY=${REDACTED}&corpus_key=a%20b&signature=${REDACTED}&page_key=p1`,
    );
  });

  it('leave a URL without secrets untouched', () => {
    const url =
      'https://api.cloudflare.com/client/v4/accounts/abc/ai-search/instances/x/jobs?page=1&per_page=20';
    expect(new Redactor().redactUrl(url)).toBe(url);
  });

  it('replace a password in the user info', () => {
    expect(new Redactor().redactUrl('https://user:hunter22@broker.example/x')).toBe(
      `https://user:${REDACTED}@broker.example/x`,
    );
  });
});

describe('JSON bodies', () => {
  const tokenResponse = JSON.stringify({
    access_token: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.abc.def',
    token_type: 'Bearer',
    expires_in: 3599,
    refresh_token: 'rt-9f8e7d',
    id_token: 'idt-1a2b3c',
    scope: 'ai.agent_read ai.agent_manage',
  });

  it('an OAuth token response keeps its shape and loses its tokens', () => {
    const out = new Redactor().redactBody(tokenResponse, 'application/json');
    expect(JSON.parse(out)).toEqual({
      access_token: REDACTED,
      token_type: 'Bearer',
      expires_in: 3599,
      refresh_token: REDACTED,
      id_token: REDACTED,
      scope: 'ai.agent_read ai.agent_manage',
    });
    expect(out).not.toMatch(/eyJ0eX|rt-9f8e7d|idt-1a2b3c/);
  });

  it('nested secrets at any depth, numbers and escaped quotes included, in text and in parsed JSON', () => {
    const body = {
      jobs: [
        {
          id: 'job_1',
          config: { apiKey: 'k\\"quoted', password: 12345, nested: [{ client_secret: 's3cr3t' }] },
        },
      ],
      page_key: 'keep-me',
      token_type: 'Bearer',
    };
    const r = new Redactor();
    const text = r.redactBody(JSON.stringify(body, null, 2), 'application/json');
    expect(JSON.parse(text)).toEqual({
      jobs: [
        {
          id: 'job_1',
          config: { apiKey: REDACTED, password: REDACTED, nested: [{ client_secret: REDACTED }] },
        },
      ],
      page_key: 'keep-me',
      token_type: 'Bearer',
    });
    expect(r.redactJson(body)).toEqual(JSON.parse(text));
    expect(body.jobs[0]?.config.apiKey).toBe('k\\"quoted'); // the input is not mutated
  });

  it('a secret field holding an object is replaced whole', () => {
    const text = new Redactor().redactBody('{"secret": {"value": "abc"}, "id": 1}', 'application/json');
    expect(JSON.parse(text)).toEqual({ secret: REDACTED, id: 1 });
  });
});

describe('form bodies', () => {
  it('redact the client secret and keep client_id, grant_type and scope visible', () => {
    const out = new Redactor().redactBody(
      'grant_type=client_credentials&client_id=my-client&client_secret=p%40ss%26word&scope=ai.agent_read',
      'application/x-www-form-urlencoded',
    );
    expect(out).toBe(
      `grant_type=client_credentials&client_id=my-client&client_secret=${REDACTED}&scope=ai.agent_read`,
    );
  });
});

describe('registered secret values', () => {
  it('are replaced wherever they appear in free text, also URL-encoded and JSON-escaped', () => {
    const r = new Redactor();
    r.registerSecret('s3cr3t/val+ue"x');
    r.registerSecret('abc');
    expect(r.redactText('failed with key s3cr3t/val+ue"x at 12:00')).toBe(
      `failed with key ${REDACTED} at 12:00`,
    );
    expect(r.redactText(`?k=${encodeURIComponent('s3cr3t/val+ue"x')}`)).toBe(`?k=${REDACTED}`);
    expect(r.redactText(JSON.stringify({ note: 'was s3cr3t/val+ue"x' }))).toBe(`{"note":"was ${REDACTED}"}`);
    // Too short to register safely: left alone rather than blanking ordinary words.
    expect(r.redactText('abc')).toBe('abc');
  });

  it('the longer of two overlapping secrets is replaced whole', () => {
    const r = new Redactor();
    r.registerSecret('token-1234');
    r.registerSecret('token-1234-extended');
    expect(r.redactText('x token-1234-extended y token-1234')).toBe(`x ${REDACTED} y ${REDACTED}`);
  });

  it('reach URLs, non-secret headers, bodies and parsed JSON', () => {
    const r = new Redactor();
    r.registerSecret('CANARY-9f1c2e');
    expect(r.redactUrl('https://h/x/CANARY-9f1c2e?q=CANARY-9f1c2e')).toBe(
      `https://h/x/${REDACTED}?q=${REDACTED}`,
    );
    expect(r.redactHeaders({ 'x-echo': 'was CANARY-9f1c2e' })).toEqual({ 'x-echo': `was ${REDACTED}` });
    expect(r.redactBody('plain CANARY-9f1c2e text', 'text/plain')).toBe(`plain ${REDACTED} text`);
    expect(r.redactJson({ messages: ['bad key CANARY-9f1c2e'] })).toEqual({
      messages: [`bad key ${REDACTED}`],
    });
  });
});

describe('redaction at the moment an exchange is recorded', () => {
  let server: LocalServer | undefined;
  afterEach(async () => server?.close());

  it('no canary reaches the recorded request, response, json, messages or listeners', async () => {
    const canary = 'CANARY-7b3d9a11';
    server = await startLocalServer((req, res) =>
      sendJson(
        res,
        200,
        { access_token: 'fresh-token-xyz', echo: req.url, messages: [`key ${canary} rejected`] },
        { 'set-cookie': `s=${canary}`, 'x-debug': `auth ${canary}` },
      ),
    );
    const redactor = new Redactor();
    redactor.registerSecret(canary);
    const recorded: string[] = [];
    const http = createHttpClient({ redactor, onExchange: (x) => recorded.push(JSON.stringify(x)) });
    try {
      const { exchange, rawJson } = await http.sendRaw({
        api: 'emporix-ai-service',
        method: 'POST',
        url: `${server.url}/oauth/token?api_key=${canary}`,
        label: `token with ${canary}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${canary}` },
        body: `grant_type=client_credentials&client_id=cid&client_secret=${canary}`,
      });
      const everything = JSON.stringify(exchange) + recorded.join('');
      expect(everything).not.toContain(canary);
      expect(everything).not.toContain('fresh-token-xyz');
      expect(exchange.request.body).toContain('client_id=cid');
      expect(exchange.response?.headers['x-debug']).toBe(`auth ${REDACTED}`);
      // The one caller that needs the token gets it unredacted, outside the record.
      expect((rawJson as { access_token: string }).access_token).toBe('fresh-token-xyz');
      // What the server received was the real thing.
      expect(server.received[0]?.headers.authorization).toBe(`Bearer ${canary}`);
    } finally {
      await http.close();
    }
  });

  it('a secret straddling the record cap is redacted before the cut', async () => {
    const canary = 'CANARY-straddle-0042';
    const padding = 'p'.repeat(94);
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`${padding}${canary}${'q'.repeat(200)}`);
    });
    const redactor = new Redactor();
    redactor.registerSecret(canary);
    const http = createHttpClient({ redactor, recordBodyBytes: 100 });
    try {
      const x = await http.send({ api: 'a', method: 'GET', url: server.url });
      expect(x.response?.truncated).toBe(true);
      expect(x.response?.body).toBe(`${padding}[REDAC`);
      expect(x.response?.body).not.toContain('CANARY');
    } finally {
      await http.close();
    }
  });
});

describe('redactExchange (second line for reports)', () => {
  it('redacts every recorded text of an exchange written without redaction, jsonError and redirects included', () => {
    const r = new Redactor();
    r.registerSecret('CANARY-second-line');
    const x = r.redactExchange({
      id: 'x1',
      api: 'vectara-v2',
      label: 'probe CANARY-second-line',
      request: {
        method: 'POST',
        url: 'https://h/v2/jobs?api_key=abc123',
        headers: { 'x-api-key': 'raw-key', 'content-type': 'application/x-www-form-urlencoded' },
        body: 'client_id=c&client_secret=raw-secret',
      },
      response: {
        status: 401,
        headers: { 'content-type': 'application/json' },
        body: '{"access_token":"raw-token","messages":["CANARY-second-line"]}',
        size: 60,
      },
      json: { access_token: 'raw-token' },
      jsonError: 'invalid JSON near CANARY-second-line',
      error: { kind: 'other', message: 'failed with CANARY-second-line' },
      redirects: ['https://h/v2/next?token=raw-token-2'],
      startedAt: '2026-01-01T00:00:00Z',
      durationMs: 1,
      attempts: 1,
    });
    const text = JSON.stringify(x);
    for (const leaked of [
      'CANARY-second-line',
      'abc123',
      'raw-key',
      'raw-secret',
      'raw-token',
      'raw-token-2',
    ]) {
      expect(text).not.toContain(leaked);
    }
    expect(x.request.body).toBe(`client_id=c&client_secret=${REDACTED}`);
  });

  it('an exchange holding a parsed value nested 200,000 levels (a hand-made results.json) comes back serialisable', () => {
    let json: unknown = { token: 'x' };
    for (let i = 0; i < 200_000; i++) json = [json];
    const x: Exchange = {
      id: 'x1',
      api: 'demo',
      request: { method: 'GET', url: 'http://example.test/jobs', headers: {} },
      response: { status: 200, headers: { 'content-type': 'application/json' }, body: '[[[', size: 3 },
      json,
      startedAt: new Date(0).toISOString(),
      durationMs: 1,
      attempts: 1,
    };
    expect(() => JSON.stringify(x)).toThrow(RangeError);
    // The run's redactor, as the reports call it.
    const copy = redactExchange(x);
    const text = JSON.stringify(copy);
    expect(text).toContain(TOO_DEEP_MARKER);
    expect(text).not.toContain('"token"');
  });
});

describe('mayHoldSecrets (the fast path of recording a JSON body as it came)', () => {
  it('is false only when redaction could not change the text', () => {
    const r = new Redactor();
    r.registerSecret('canary-secret-value');
    expect(r.mayHoldSecrets('{"result":[{"id":"a","source":"user"}],"success":true}')).toBe(false);
    expect(r.mayHoldSecrets('{"access_token":"x"}')).toBe(true);
    expect(r.mayHoldSecrets('{"Token": 1}')).toBe(true);
    expect(r.mayHoldSecrets('{"note":"canary-secret-value"}')).toBe(true);
    // An escape could hide a key or a value from a plain text search.
    expect(r.mayHoldSecrets('{"\\u0074oken":"x"}')).toBe(true);
    for (const text of ['{"result":[]}', '{"access_token":"x"}', '{"note":"canary-secret-value"}']) {
      if (!r.mayHoldSecrets(text)) expect(r.redactBody(text, 'application/json')).toBe(text);
      if (!r.mayHoldSecrets(text)) expect(r.redactJson(JSON.parse(text))).toEqual(JSON.parse(text));
    }
  });
});

describe('depth: provider JSON nested past MAX_JSON_DEPTH', () => {
  const nest = (levels: number, inner: unknown): unknown => {
    let value = inner;
    for (let i = 0; i < levels; i++) value = [value];
    return value;
  };

  it('redactJson copies down to the limit and replaces what is deeper with a marker, without overflowing', () => {
    const r = new Redactor();
    r.registerSecret('deep-secret-value');
    const copy = r.redactJson(nest(200_000, { token: 'x', note: 'deep-secret-value' }));
    let node: unknown = copy;
    let depth = 0;
    while (Array.isArray(node)) {
      node = node[0];
      depth++;
    }
    expect(depth).toBe(MAX_JSON_DEPTH);
    expect(node).toBe(TOO_DEEP_MARKER);
    // The copy is now safe to serialise (the original is not).
    expect(JSON.stringify(copy)).toContain(TOO_DEEP_MARKER);
    expect(JSON.stringify(r.redactJson(nest(10, { token: 'x' })))).toBe(
      `${'['.repeat(10)}{"token":"${REDACTED}"}${']'.repeat(10)}`,
    );
  });

  it('redactBody of a deep text with a secret-named object field does not overflow and leaks nothing', () => {
    const r = new Redactor();
    const levels = 100_000;
    const text = `{"token":${'['.repeat(levels)}"s3cr3t-deep"${']'.repeat(levels)}}`;
    const out = r.redactBody(text, 'application/json');
    expect(out).not.toContain('s3cr3t-deep');
    expect(out).toBe(`{"token":"${REDACTED}"}`);
    const buried = `${'['.repeat(levels)}{"token":{"v":"s3cr3t-deep"}}${']'.repeat(levels)}`;
    const cut = r.redactBody(buried, 'application/json');
    expect(cut).not.toContain('s3cr3t-deep');
    expect(cut).toContain(TOO_DEEP_MARKER);
  });
});
