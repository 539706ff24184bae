import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type LocalHandler,
  type LocalServer,
  sendJson,
  startLocalServer,
  unusedPort,
} from '../../test/support/local-server.ts';
import type { Exchange } from '../core/index.ts';
import { createHttpClient } from './client.ts';
import type { HttpClient, HttpClientOptions } from './client-options.ts';
import { Redactor } from './redact.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(handler: LocalHandler): Promise<LocalServer> {
  const server = await startLocalServer(handler);
  cleanups.push(() => server.close());
  return server;
}

function client(options: HttpClientOptions = {}): HttpClient {
  const http = createHttpClient({ redactor: new Redactor(), backoffBaseMs: 10, ...options });
  cleanups.push(() => http.close());
  return http;
}

const get = (http: HttpClient, url: string, extra: Partial<Parameters<HttpClient['send']>[0]> = {}) =>
  http.send({ api: 'test-api', method: 'GET', url, ...extra });

describe('a plain exchange', () => {
  it('records request, response, parsed JSON, attempts and a sequence id', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { result: [1, 2] }, { 'x-extra': 'yes' }));
    const http = client();
    const x = await get(http, `${server.url}/jobs?page=2`, { operation: 'listJobs', label: 'page 2' });
    expect(x.error).toBeUndefined();
    expect(x.id).toBe('x1');
    expect(x.operation).toBe('listJobs');
    expect(x.label).toBe('page 2');
    expect(x.request).toMatchObject({ method: 'GET', url: `${server.url}/jobs?page=2` });
    expect(x.response?.status).toBe(200);
    expect(x.response?.headers['x-extra']).toBe('yes');
    expect(x.response?.size).toBe(Buffer.byteLength('{"result":[1,2]}'));
    expect(x.json).toEqual({ result: [1, 2] });
    expect(x.attempts).toBe(1);
    expect((await get(http, server.url)).id).toBe('x2');
  });

  it('keeps connections alive: ten sequential requests reuse a connection or two', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, {}));
    const http = client();
    for (let i = 0; i < 10; i++) expect((await get(http, server.url)).error).toBeUndefined();
    expect(server.received).toHaveLength(10);
    expect(server.connections()).toBeLessThanOrEqual(2);
  });

  it('sends the body and headers it is given', async () => {
    const server = await serve((req, res) => sendJson(res, 200, { echo: req.body }));
    const x = await client().send({
      api: 'a',
      method: 'POST',
      url: server.url,
      headers: { 'content-type': 'application/json' },
      body: '{"numResults":5}',
    });
    expect(server.received[0]?.body).toBe('{"numResults":5}');
    expect(server.received[0]?.headers['content-type']).toBe('application/json');
    expect(x.request.body).toBe('{"numResults":5}');
    expect(x.json).toEqual({ echo: '{"numResults":5}' });
  });
});

describe('transport faults end the exchange with a kind and a message naming the fault', () => {
  it('refused: nothing listens on the port', async () => {
    const port = await unusedPort();
    const x = await get(client(), `http://127.0.0.1:${port}/jobs`);
    expect(x.error?.kind).toBe('refused');
    expect(x.error?.message).toBe(`connection refused by 127.0.0.1:${port}`);
    expect(x.response).toBeUndefined();
  });

  it('reset mid-body: the socket is destroyed after part of a chunked body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"result":[');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const x = await get(client(), server.url);
    expect(x.error?.kind).toBe('reset');
    expect(x.error?.message).toBe('connection reset after 11 bytes of body');
    expect(x.response?.status).toBe(200);
    expect(x.json).toBeUndefined();
  });

  it('reset before any response', async () => {
    const server = await serve((req) => {
      req.socket.destroy();
    });
    const x = await get(client(), server.url);
    expect(x.error).toEqual({ kind: 'reset', message: 'connection reset before any response' });
  });

  it('truncated: fewer bytes than content-length announces', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"result":[1,2,3');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const x = await get(client(), server.url);
    expect(x.error?.kind).toBe('reset');
    expect(x.error?.message).toBe(
      'body truncated: connection closed after 16 of 1000 bytes announced by content-length',
    );
  });

  it('timeout: no answer at all within the request timeout', async () => {
    const server = await serve(() => {
      /* never answers */
    });
    const started = Date.now();
    const x = await get(client({ timeoutMs: 200 }), server.url);
    expect(x.error).toEqual({ kind: 'timeout', message: 'no response within 200 ms' });
    expect(Date.now() - started).toBeLessThan(10_000); // did not hang
  });

  it('timeout: a body that drips one byte at a time never beats the whole-exchange timer', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const drip = setInterval(() => res.write(' '), 20);
      res.on('close', () => clearInterval(drip));
    });
    const x = await get(client({ timeoutMs: 300 }), server.url);
    expect(x.error?.kind).toBe('timeout');
    expect(x.error?.message).toMatch(/^body not complete within 300 ms \(\d+ bytes received\)$/);
    expect(x.response?.status).toBe(200);
  });

  it('a per-request timeout overrides the client default', async () => {
    const server = await serve(() => {});
    const x = await get(client({ timeoutMs: 60_000 }), server.url, { timeoutMs: 100 });
    expect(x.error?.message).toBe('no response within 100 ms');
  });

  it('too-large: a streamed body over the cap is cut off', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = 'x'.repeat(4096);
      const pump = setInterval(() => res.write(chunk), 1);
      res.on('close', () => clearInterval(pump));
    });
    const x = await get(client({ maxBodyBytes: 64 * 1024 }), server.url);
    expect(x.error?.kind).toBe('too-large');
    expect(x.error?.message).toMatch(/^body exceeds the 64 KiB cap \(stopped after \d+ bytes\)$/);
  });

  it('too-large: a content-length over the cap is refused before reading', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(20 * 1024 * 1024) });
      res.write('[');
    });
    const x = await get(client(), server.url);
    expect(x.error).toEqual({
      kind: 'too-large',
      message: 'body of 20971520 bytes (content-length) exceeds the 8 MiB cap',
    });
  });

  it('redirect loop: A → B → A is detected and named', async () => {
    const server = await serve((req, res) => {
      res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' });
      res.end();
    });
    const x = await get(client(), `${server.url}/a`);
    expect(x.error?.kind).toBe('redirect-loop');
    expect(x.error?.message).toBe(`redirect loop: ${server.url}/a → ${server.url}/b → ${server.url}/a`);
    expect(server.received).toHaveLength(2);
  });

  it('a redirect back to the first URL is a loop however that URL was written', async () => {
    const server = await serve((req, res) => {
      res.writeHead(302, { location: req.url === '/' ? '/b' : '/' });
      res.end();
    });
    const x = await get(client(), server.url); // no trailing slash
    expect(x.error?.kind).toBe('redirect-loop');
    expect(server.received).toHaveLength(2);
  });

  it('redirect chain longer than the limit ends as redirect-loop', async () => {
    const server = await serve((req, res) => {
      const n = Number(req.url?.slice(1));
      res.writeHead(301, { location: `/${n + 1}` });
      res.end();
    });
    const x = await get(client({ maxRedirects: 3 }), `${server.url}/0`);
    expect(x.error?.kind).toBe('redirect-loop');
    expect(x.error?.message).toMatch(/^more than 3 redirects: .*\/0 → .*\/1 → .*\/2 → .*\/3 → .*\/4$/);
    expect(server.received).toHaveLength(4);
  });

  it('follows a redirect, keeps credentials on the same origin and records the hops', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/old') {
        res.writeHead(308, { location: '/new' });
        res.end();
      } else sendJson(res, 200, { ok: true });
    });
    const x = await get(client(), `${server.url}/old`, { headers: { authorization: 'Bearer abcdef' } });
    expect(x.response?.status).toBe(200);
    expect(x.redirects).toEqual([`${server.url}/new`]);
    expect(x.attempts).toBe(1);
    expect(server.received[1]?.headers.authorization).toBe('Bearer abcdef');
  });

  it('drops credentials when a redirect leaves the origin', async () => {
    const other = await serve((_req, res) => sendJson(res, 200, {}));
    const server = await serve((_req, res) => {
      res.writeHead(302, { location: `${other.url}/elsewhere` });
      res.end();
    });
    await get(client(), server.url, { headers: { authorization: 'Bearer abcdef', 'x-api-key': 'k1234' } });
    expect(other.received[0]?.headers.authorization).toBeUndefined();
    expect(other.received[0]?.headers['x-api-key']).toBeUndefined();
  });

  it('a 3xx is recorded as it came when redirects are not followed', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(302, { location: '/x' });
      res.end();
    });
    const x = await get(client(), server.url, { followRedirects: false });
    expect(x.error).toBeUndefined();
    expect(x.response?.status).toBe(302);
  });

  it('invalid JSON names the position', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end('{"result": [1, 2,, 3]}');
    });
    const x = await get(client(), server.url);
    expect(x.error).toBeUndefined();
    expect(x.json).toBeUndefined();
    expect(x.jsonError).toMatch(/^invalid JSON at position 17: unexpected ","$/);
  });

  it('a JSON body that stops early names where it ends', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"result": [1, 2');
    });
    const x = await get(client(), server.url);
    expect(x.jsonError).toMatch(/^invalid JSON at position 16: end of input$/);
  });

  it('an HTML 502 page is recorded as a response, with no JSON and no jsonError', async () => {
    const html = '<html><body><h1>502 Bad Gateway</h1></body></html>';
    const server = await serve((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(html);
    });
    const x = await get(client(), server.url);
    expect(x.error).toBeUndefined();
    expect(x.response?.status).toBe(502);
    expect(x.response?.headers['content-type']).toBe('text/html');
    expect(x.response?.body).toBe(html);
    expect(x.json).toBeUndefined();
    expect(x.jsonError).toBeUndefined();
  });

  it('an empty body that claims JSON is named', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '0' });
      res.end();
    });
    const x = await get(client(), server.url);
    expect(x.jsonError).toBe('empty body although content-type is application/json');
  });

  it('a 204 without a body is fine', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const x = await client().send({ api: 'a', method: 'DELETE', url: server.url });
    expect(x.response?.status).toBe(204);
    expect(x.jsonError).toBeUndefined();
    expect(x.json).toBeUndefined();
  });
});

describe('recorded bodies', () => {
  it('are cut at the record cap with truncated and the full size, while json comes from the full body', async () => {
    const items = Array.from({ length: 400 }, (_, i) => ({ id: `job-${i}`, note: 'n'.repeat(20) }));
    const server = await serve((_req, res) => sendJson(res, 200, { result: items }));
    const x = await get(client({ recordBodyBytes: 1024 }), server.url);
    const full = JSON.stringify({ result: items });
    expect(x.response?.truncated).toBe(true);
    expect(x.response?.size).toBe(Buffer.byteLength(full));
    expect(Buffer.byteLength(x.response?.body ?? '')).toBeLessThanOrEqual(1024);
    expect(full.startsWith(x.response?.body ?? 'nothing')).toBe(true);
    expect((x.json as { result: unknown[] }).result).toHaveLength(400);
  });

  it('are not marked truncated when they fit', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { a: 1 }));
    const x = await get(client(), server.url);
    expect(x.response?.truncated).toBeUndefined();
  });
});

describe('retries on 429 and 503', () => {
  it('a 429 storm: retry-after is honoured, the retries are bounded, the end is rate-limited', async () => {
    const server = await serve((_req, res) => sendJson(res, 429, { errors: [] }, { 'retry-after': '0' }));
    const x = await get(client({ maxRetries: 3 }), server.url);
    expect(server.received).toHaveLength(4);
    expect(x.attempts).toBe(4);
    expect(x.retries).toEqual([
      { status: 429, waitMs: 0, basis: 'retry-after: 0' },
      { status: 429, waitMs: 0, basis: 'retry-after: 0' },
      { status: 429, waitMs: 0, basis: 'retry-after: 0' },
    ]);
    expect(x.error).toEqual({
      kind: 'rate-limited',
      message: 'still 429 after 3 retries (waited 0 ms in all)',
    });
    expect(x.response?.status).toBe(429);
  });

  it('a 429 that clears after a short retry-after-ms gives the success', async () => {
    const server = await serve((_req, res, i) =>
      i < 2
        ? sendJson(res, 429, {}, { 'retry-after-ms': '30', 'retry-after': '9' })
        : sendJson(res, 200, { ok: 1 }),
    );
    const x = await get(client(), server.url);
    expect(x.error).toBeUndefined();
    expect(x.response?.status).toBe(200);
    expect(x.attempts).toBe(3);
    expect(x.retries?.map((r) => r.basis)).toEqual(['retry-after-ms: 30', 'retry-after-ms: 30']);
  });

  it('retry-after as an HTTP date is honoured', async () => {
    const server = await serve((_req, res, i) =>
      i === 0
        ? sendJson(res, 429, {}, { 'retry-after': new Date(Date.now() + 1000).toUTCString() })
        : sendJson(res, 200, {}),
    );
    const x = await get(client(), server.url);
    expect(x.response?.status).toBe(200);
    expect(x.retries?.[0]?.basis).toMatch(/^retry-after: \w{3}, /);
    expect(x.retries?.[0]?.waitMs).toBeLessThanOrEqual(1000);
  });

  it('a retry-after longer than the longest wait ends at once with rate-limited naming the wait', async () => {
    const server = await serve((_req, res) => sendJson(res, 429, {}, { 'retry-after': '120' }));
    const x = await get(client({ maxRetryWaitMs: 5000 }), server.url);
    expect(server.received).toHaveLength(1);
    expect(x.error).toEqual({
      kind: 'rate-limited',
      message: '429 with retry-after: 120: the wait of 120 s exceeds the 5 s longest wait, not retried',
    });
  });

  it('a 503 asking for a wait beyond the longest one ends as rate-limited too', async () => {
    const server = await serve((_req, res) => sendJson(res, 503, {}, { 'retry-after': '3600' }));
    const x = await get(client(), server.url);
    expect(server.received).toHaveLength(1);
    expect(x.error?.kind).toBe('rate-limited');
    expect(x.error?.message).toBe(
      '503 with retry-after: 3600: the wait of 3600 s exceeds the 5 s longest wait, not retried',
    );
    expect(x.response?.status).toBe(503);
  });

  it('a 503 burst recovers with capped exponential backoff when no retry-after is sent', async () => {
    const server = await serve((_req, res, i) =>
      i < 3 ? sendJson(res, 503, {}) : sendJson(res, 200, { ok: 1 }),
    );
    const x = await get(client({ backoffBaseMs: 10, backoffCapMs: 25 }), server.url);
    expect(x.response?.status).toBe(200);
    expect(x.retries).toEqual([
      { status: 503, waitMs: 10, basis: 'backoff' },
      { status: 503, waitMs: 20, basis: 'backoff' },
      { status: 503, waitMs: 25, basis: 'backoff' },
    ]);
  });

  it('a 503 that persists is returned as the answer, without a transport error', async () => {
    const server = await serve((_req, res) => sendJson(res, 503, { success: false }));
    const x = await get(client({ maxRetries: 2 }), server.url);
    expect(server.received).toHaveLength(3);
    expect(x.error).toBeUndefined();
    expect(x.response?.status).toBe(503);
  });

  it('retry: false hands back the first 429 untouched', async () => {
    const server = await serve((_req, res) => sendJson(res, 429, {}, { 'retry-after': '1' }));
    const x = await get(client(), server.url, { retry: false });
    expect(server.received).toHaveLength(1);
    expect(x.error).toBeUndefined();
    expect(x.response?.headers['retry-after']).toBe('1');
  });
});

describe('budget, abort and deadline', () => {
  it('when the budget is spent no request is sent', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, {}));
    const http = client({ budget: { 'vectara-v2': 2 } });
    const send = () => http.send({ api: 'vectara-v2', method: 'GET', url: server.url });
    expect((await send()).error).toBeUndefined();
    expect((await send()).error).toBeUndefined();
    const third = await send();
    expect(third.error).toEqual({
      kind: 'budget-exhausted',
      message: 'request budget of 2 for vectara-v2 spent: request not sent',
    });
    expect(third.attempts).toBe(0);
    expect(server.received).toHaveLength(2);
    expect(http.budgetLeft('vectara-v2')).toBe(0);
    expect(http.counters().notSentOverBudget).toBe(1);
    // Another API has no budget here.
    expect((await http.send({ api: 'other', method: 'GET', url: server.url })).error).toBeUndefined();
  });

  it('retries spend the budget too', async () => {
    const server = await serve((_req, res) => sendJson(res, 503, {}, { 'retry-after': '0' }));
    const x = await get(client({ budget: 2 }), server.url);
    expect(server.received).toHaveLength(2);
    expect(x.error?.kind).toBe('budget-exhausted');
    expect(x.error?.message).toBe(
      'request budget of 2 for test-api spent after a 503 answer: not sent again',
    );
  });

  it('the run signal aborts a request under way', async () => {
    const server = await serve(() => {});
    const ctl = new AbortController();
    const pending = get(client({ signal: ctl.signal }), server.url);
    setTimeout(() => ctl.abort(new Error('interrupted by SIGINT')), 50);
    const x = await pending;
    expect(x.error).toEqual({ kind: 'aborted', message: 'aborted: interrupted by SIGINT' });
  });

  it('an aborted run sends nothing more', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, {}));
    const ctl = new AbortController();
    ctl.abort(new Error('interrupted by SIGINT'));
    const x = await get(client({ signal: ctl.signal }), server.url);
    expect(x.error).toEqual({ kind: 'aborted', message: 'aborted: interrupted by SIGINT; request not sent' });
    expect(server.received).toHaveLength(0);
  });

  it('the run deadline aborts a request under way and stops a retry wait', async () => {
    const slow = await serve(() => {});
    const x = await get(client({ deadline: Date.now() + 100, timeoutMs: 60_000 }), slow.url);
    expect(x.error).toEqual({ kind: 'aborted', message: 'aborted: the run deadline was reached' });

    const limited = await serve((_req, res) => sendJson(res, 429, {}, { 'retry-after': '4' }));
    const y = await get(client({ deadline: Date.now() + 150 }), limited.url);
    expect(y.error?.kind).toBe('aborted');
    expect(y.error?.message).toBe(
      'aborted: the run deadline was reached while waiting 4 s to retry after 429',
    );
  });

  it('a passed deadline sends nothing', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, {}));
    const x = await get(client({ deadline: Date.now() - 1 }), server.url);
    expect(x.error?.kind).toBe('aborted');
    expect(server.received).toHaveLength(0);
  });
});

describe('counters and listeners', () => {
  it('count requests per API and per method, retries and hops included', async () => {
    const server = await serve((req, res, i) => {
      if (req.url === '/hop') {
        res.writeHead(302, { location: '/' });
        res.end();
      } else if (i === 0) sendJson(res, 503, {}, { 'retry-after': '0' });
      else sendJson(res, 200, {});
    });
    const http = client();
    await http.send({ api: 'vectara-v1', method: 'POST', url: server.url, body: '{}' });
    await http.send({ api: 'vectara-v2', method: 'GET', url: `${server.url}/hop` });
    await http.send({ api: 'vectara-v2', method: 'DELETE', url: server.url });
    expect(http.counters()).toEqual({
      sent: 5,
      byApi: { 'vectara-v1': 2, 'vectara-v2': 3 },
      byMethod: { POST: 2, GET: 2, DELETE: 1 },
      byApiAndMethod: { 'vectara-v1': { POST: 2 }, 'vectara-v2': { GET: 2, DELETE: 1 } },
      notSentOverBudget: 0,
    });
    expect(server.received.map((r) => r.method)).toEqual(['POST', 'POST', 'GET', 'GET', 'DELETE']);
  });

  it('every exchange reaches the listeners, failures included; a failing listener breaks nothing', async () => {
    const seen: Exchange[] = [];
    const port = await unusedPort();
    const server = await serve((_req, res) => sendJson(res, 200, {}));
    const http = client({ onExchange: (x) => seen.push(x) });
    const off = http.onExchange(() => {
      throw new Error('disk full');
    });
    // The listener's failure is expected here: its process warning is caught, not printed into the log.
    const warnings: string[] = [];
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation((w: string | Error) => {
      warnings.push(String(w));
    });
    try {
      await get(http, server.url);
      await get(http, `http://127.0.0.1:${port}`);
    } finally {
      warn.mockRestore();
    }
    off();
    await get(http, server.url);
    expect(seen.map((x) => x.error?.kind ?? x.response?.status)).toEqual([200, 'refused', 200]);
    expect(warnings).toEqual(['exchange listener failed: disk full', 'exchange listener failed: disk full']);
  });

  it('never throws, even for a URL that cannot be parsed', async () => {
    const x = await get(client(), 'not a url');
    expect(x.error?.kind).toBe('other');
    expect(x.error?.message).toMatch(/not a url|Invalid URL/i);
  });
});

describe('a connection reset before any answer (a stale kept-alive socket)', () => {
  let server: LocalServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('sends a GET once more, but never a POST', async () => {
    server = await startLocalServer((req, res, index) => {
      if (index % 2 === 0) {
        req.socket.destroy();
        return;
      }
      sendJson(res, 200, { ok: true });
    });
    const http = createHttpClient({ timeoutMs: 2_000 });
    const get = await http.send({ api: 'x', method: 'GET', url: `${server.url}/a` });
    expect(get.error).toBeUndefined();
    expect(get.response?.status).toBe(200);
    expect(server.received).toHaveLength(2);
    const post = await http.send({ api: 'x', method: 'POST', url: `${server.url}/b`, body: '{}' });
    expect(post.error?.kind).toBe('reset');
    expect(server.received).toHaveLength(3);
    await http.close();
  });
});
