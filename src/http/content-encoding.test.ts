import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bomb } from '../simulators/index.ts';
import { codingsOf, decodeContent } from './content-encoding.ts';

const text = '{"result":[1,2,3]}';
const MiB = 1024 * 1024;

describe('decodeContent', () => {
  it('leaves a body without a coding (or identity, or empty) as it is', async () => {
    const body = Buffer.from(text);
    expect((await decodeContent(undefined, body, MiB)).body).toBe(body);
    expect((await decodeContent('identity', body, MiB)).body).toBe(body);
    expect(await decodeContent('gzip', Buffer.alloc(0), MiB)).toEqual({ body: Buffer.alloc(0) });
  });

  it.each([
    ['gzip', gzipSync],
    ['x-gzip', gzipSync],
    ['deflate', deflateSync],
    ['deflate', deflateRawSync],
    ['br', brotliCompressSync],
  ] as const)('decodes %s', async (coding, compress) => {
    const decoded = await decodeContent(coding, compress(Buffer.from(text)), MiB);
    expect(decoded.error).toBeUndefined();
    expect(decoded.body.toString()).toBe(text);
  });

  it('undoes stacked codings last applied first', async () => {
    const body = brotliCompressSync(gzipSync(Buffer.from(text)));
    expect((await decodeContent('gzip, br', body, MiB)).body.toString()).toBe(text);
    expect(codingsOf('GZIP , identity,br')).toEqual(['gzip', 'br']);
  });

  it('a bomb stops at the cap: too-large, the decoded start kept, never the whole', async () => {
    const spaces = await bomb(300 * 1000 * 1000);
    expect(spaces.length).toBeLessThan(400 * 1024);
    const wire = Buffer.concat([gzipSync(Buffer.from(text)), spaces]);
    const before = process.memoryUsage().arrayBuffers;
    const decoded = await decodeContent('gzip', wire, 8 * MiB);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * MiB);
    expect(decoded.error?.kind).toBe('too-large');
    expect(decoded.error?.message).toMatch(/^gzip-encoded body of \d+ bytes decodes past the 8 MiB cap/);
    expect(decoded.body.length).toBe(8 * MiB);
    expect(decoded.body.subarray(0, text.length).toString()).toBe(text);
  });

  it('names a coding it cannot decode, and data that does not decode', async () => {
    const unknown = await decodeContent('zstd', Buffer.from('x'), MiB);
    expect(unknown.error).toEqual({
      kind: 'other',
      message:
        "content-encoding 'zstd' cannot be decoded (the client decodes gzip, x-gzip, deflate, br and asked for none): body not judged",
    });
    const broken = await decodeContent('gzip', Buffer.from('not gzip at all'), MiB);
    expect(broken.error?.kind).toBe('other');
    expect(broken.error?.message).toMatch(/^content-encoding gzip: the body does not decode \(/);
  });
});
