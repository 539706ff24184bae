/** The client against hostile answers: each ends as a named problem, bounded in memory and time. */
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalHandler, startLocalServer } from '../../test/support/local-server.ts';
import { bomb } from '../simulators/index.ts';
import { createHttpClient } from './client.ts';
import type { HttpClient, HttpClientOptions } from './client-options.ts';
import { Redactor } from './redact.ts';

const MiB = 1024 * 1024;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(handler: LocalHandler): Promise<string> {
  const server = await startLocalServer(handler);
  cleanups.push(() => server.close());
  return server.url;
}

function get(url: string, options: HttpClientOptions = {}) {
  const http: HttpClient = createHttpClient({ redactor: new Redactor(), timeoutMs: 5_000, ...options });
  cleanups.push(() => http.close());
  return http.send({ api: 'test-api', method: 'GET', url });
}

const JSON_HEADERS = { 'content-type': 'application/json' };

describe('content-encoding', () => {
  it('a gzip body the client did not ask for is decoded and judged like any other', async () => {
    const url = await serve((_req, res) => {
      const body = gzipSync('{"result":[1]}');
      res.writeHead(200, {
        ...JSON_HEADERS,
        'content-encoding': 'gzip',
        'content-length': String(body.length),
      });
      res.end(body);
    });
    const x = await get(url);
    expect(x.error).toBeUndefined();
    expect(x.json).toEqual({ result: [1] });
    expect(x.response?.body).toBe('{"result":[1]}');
    expect(x.response?.size).toBe(gzipSync('{"result":[1]}').length);
  });

  it('a gzip bomb (300 MB of spaces) ends as too-large at the cap, with the decoded start as evidence', async () => {
    const spaces = await bomb(300 * 1000 * 1000);
    const url = await serve((_req, res) => {
      const body = Buffer.concat([gzipSync('{"result":[1]}'), spaces]);
      res.writeHead(200, {
        ...JSON_HEADERS,
        'content-encoding': 'gzip',
        'content-length': String(body.length),
      });
      res.end(body);
    });
    const x = await get(url);
    expect(x.error?.kind).toBe('too-large');
    expect(x.error?.message).toMatch(/^gzip-encoded body of \d+ bytes decodes past the 8 MiB cap/);
    expect(x.response?.body.startsWith('{"result":[1]}')).toBe(true);
    expect(x.response?.truncated).toBe(true);
    expect(x.response?.body.length).toBeLessThanOrEqual(8 * 1024);
  });

  it('a coding it cannot decode is named', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { ...JSON_HEADERS, 'content-encoding': 'zstd' });
      res.end('(zstd bytes)');
    });
    expect((await get(url)).error?.message).toMatch(/^content-encoding 'zstd' cannot be decoded/);
  });
});

describe('bodies', () => {
  it('a 200 MB streamed body stops being read at the cap: the server sends little more', async () => {
    let sent = 0;
    const chunk = Buffer.alloc(MiB, 0x20);
    const url = await serve((_req, res) => {
      res.writeHead(200, JSON_HEADERS);
      const pump = () => {
        while (sent < 200 * MiB && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    const x = await get(url);
    expect(x.error?.kind).toBe('too-large');
    expect(x.error?.message).toMatch(/^body exceeds the 8 MiB cap \(stopped after \d+ bytes\)$/);
    // What the socket buffers held when the client stopped, not 200 MB.
    expect(sent).toBeLessThan(40 * MiB);
    expect(x.response?.body.length).toBeLessThanOrEqual(8 * 1024);
  });

  it('nesting 200,000 levels: no parsed value, the text kept (cut), the depth named', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, JSON_HEADERS);
      res.end(`${'['.repeat(200_000)}{}${']'.repeat(200_000)}`);
    });
    const x = await get(url);
    expect(x.error).toBeUndefined();
    expect(x.json).toBeUndefined();
    expect(x.jsonError).toMatch(/^JSON nesting deeper than 512 levels \(at position 512\)/);
    expect(x.response?.truncated).toBe(true);
    expect(() => JSON.stringify(x)).not.toThrow();
  });

  it('invalid UTF-8 in a string: no parsed value, the byte named', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, JSON_HEADERS);
      res.end(Buffer.concat([Buffer.from('{"id":"'), Buffer.from([0xff, 0xfe]), Buffer.from('job_1"}')]));
    });
    const x = await get(url);
    expect(x.json).toBeUndefined();
    expect(x.jsonError).toBe('invalid UTF-8 at byte 7 (0xff): JSON must be UTF-8 (RFC 8259 §8.1)');
    expect(x.response?.body).toBe('{"id":"\uFFFD\uFFFDjob_1"}');
  });

  it('null and array roots are values like any other', async () => {
    const url = await serve((req, res) => {
      res.writeHead(200, JSON_HEADERS);
      res.end(req.url === '/null' ? 'null' : '[{"id":"a"}]');
    });
    const n = await get(`${url}/null`);
    expect(n.json).toBeNull();
    expect('json' in n).toBe(true);
    expect((await get(`${url}/array`)).json).toEqual([{ id: 'a' }]);
  });
});

describe('headers', () => {
  it('a 60 KB header is too-large, naming the 16 KiB limit', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { ...JSON_HEADERS, 'x-padding': 'p'.repeat(60 * 1024) });
      res.end('{}');
    });
    const x = await get(url);
    expect(x.error?.kind).toBe('too-large');
    expect(x.error?.message).toMatch(
      /^response headers from 127\.0\.0\.1:\d+ are larger than the 16 KiB the client accepts/,
    );
  });

  it('a Content-Length that is not a number is a malformed response, named', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { ...JSON_HEADERS, 'content-length': '0x2', connection: 'close' });
      res.end('{}');
    });
    const x = await get(url);
    expect(x.error?.kind).toBe('other');
    expect(x.error?.message).toMatch(/^malformed HTTP response from 127\.0\.0\.1:\d+: .*Content-Length/);
  });
});

describe('answers that never complete', () => {
  it('a body that never ends is a timeout naming the bytes received', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { ...JSON_HEADERS, 'content-length': '100' });
      res.write('{"result":');
    });
    const x = await get(url, { timeoutMs: 200 });
    expect(x.error).toEqual({
      kind: 'timeout',
      message: 'body not complete within 200 ms (10 of 100 bytes received)',
    });
  });

  it('headers that never come are a timeout', async () => {
    const url = await serve(() => {});
    const x = await get(url, { timeoutMs: 200 });
    expect(x.error).toEqual({ kind: 'timeout', message: 'no response within 200 ms' });
  });
});
