/**
 * The hostile-provider transport faults: answers meant to break the client and what it records, not
 * one documented rule. Each breaks every JSON response of every API the same way (transport.no-headers
 * every response). The simulator never holds a hostile body whole: the 200 MB body is streamed from
 * one shared chunk with backpressure, and the gzip bomb is one small gzip member of spaces,
 * compressed once on first use and kept (about 300 KB for 300 MB).
 */
import type { ServerResponse } from 'node:http';
import { createGzip, gzipSync } from 'node:zlib';
import type { FaultId } from './faults.ts';

export const HOSTILE_FAULTS = [
  'transport.deep-nesting',
  'transport.huge-body',
  'transport.invalid-utf8',
  'transport.gzip-bomb',
  'transport.huge-header',
  'transport.null-body',
  'transport.array-body',
  'transport.content-length-invalid',
  'transport.body-never-ends',
  'transport.no-headers',
] as const satisfies readonly FaultId[];

export interface HostileSizes {
  /** transport.deep-nesting: levels of arrays around the body. */
  nestingLevels: number;
  /** transport.huge-body: bytes of spaces streamed after the body. */
  hugeBodyBytes: number;
  /** transport.gzip-bomb: bytes of spaces the gzip decodes to after the body. */
  bombBytes: number;
  /** transport.huge-header: bytes of the padding header's value. */
  headerBytes: number;
}

export const HOSTILE_SIZES: HostileSizes = {
  nestingLevels: 200_000,
  hugeBodyBytes: 200 * 1000 * 1000,
  bombBytes: 300 * 1000 * 1000,
  headerBytes: 60 * 1024,
};

/** The bytes inserted into a JSON string by transport.invalid-utf8: 0xFF and 0xFE never occur in UTF-8. */
export const INVALID_UTF8 = Buffer.from([0xff, 0xfe]);

const CHUNK = Buffer.alloc(1024 * 1024, 0x20);

export interface HostileAnswer {
  status: number;
  /** The headers the host would send (content-type set; no content-length yet). */
  headers: Record<string, string>;
  body: Buffer | undefined;
  isJson: boolean;
}

/**
 * Writes `answer` broken the way the first hostile fault in `faults` says; false when none applies,
 * and the host writes it as usual.
 */
export function writeHostile(
  res: ServerResponse,
  answer: HostileAnswer,
  faults: ReadonlySet<FaultId>,
  sizes: Partial<HostileSizes> = {},
): boolean {
  const fault = HOSTILE_FAULTS.find((f) => faults.has(f));
  if (!fault) return false;
  // Headers that never come: the request was read; nothing is sent, the connection stays open.
  if (fault === 'transport.no-headers') return true;
  const { status, body } = answer;
  if (!answer.isJson || !body || status === 204 || status === 304) return false;
  const size = { ...HOSTILE_SIZES, ...sizes };
  const headers: Record<string, string> = { ...answer.headers };
  delete headers['content-length'];
  const send = (bytes: Buffer) => {
    headers['content-length'] = String(bytes.length);
    res.writeHead(status, headers);
    res.end(bytes);
  };
  switch (fault) {
    case 'transport.deep-nesting':
      send(deeplyNested(body, size.nestingLevels));
      return true;
    case 'transport.invalid-utf8':
      send(withInvalidUtf8(body));
      return true;
    case 'transport.null-body':
      send(Buffer.from('null'));
      return true;
    case 'transport.array-body':
      send(Buffer.concat([Buffer.from('['), body, Buffer.from(']')]));
      return true;
    case 'transport.huge-header':
      headers['x-padding'] = 'p'.repeat(size.headerBytes);
      send(body);
      return true;
    case 'transport.content-length-invalid':
      // A hexadecimal length: not the decimal number HTTP requires (RFC 9110 §8.6).
      headers['content-length'] = `0x${body.length.toString(16)}`;
      headers.connection = 'close';
      res.writeHead(status, headers);
      res.end(body);
      return true;
    case 'transport.body-never-ends':
      // The full length is promised, half is sent, then nothing: no end, no close.
      headers['content-length'] = String(body.length);
      res.writeHead(status, headers);
      res.write(body.subarray(0, Math.floor(body.length / 2)));
      return true;
    case 'transport.huge-body':
      streamPadded(res, status, headers, body, size.hugeBodyBytes);
      return true;
    case 'transport.gzip-bomb':
      bomb(size.bombBytes).then(
        (spaces) => {
          if (res.destroyed) return;
          headers['content-encoding'] = 'gzip';
          // Two gzip members: the body, then the spaces (a gzip stream may hold several).
          send(Buffer.concat([gzipSync(body), spaces]));
        },
        () => res.destroy(),
      );
      return true;
  }
}

/** `[[[…body…]]]`: the body inside `levels` arrays. */
export function deeplyNested(body: Buffer, levels: number): Buffer {
  return Buffer.concat([Buffer.alloc(levels, '['), body, Buffer.alloc(levels, ']')]);
}

/** The body with INVALID_UTF8 at the start of its first string value (or its first string). */
export function withInvalidUtf8(body: Buffer): Buffer {
  let at = body.indexOf('":"');
  at = at >= 0 ? at + 3 : body.indexOf('"') + 1;
  if (at <= 0) return Buffer.concat([Buffer.from('"'), INVALID_UTF8, Buffer.from('"')]);
  return Buffer.concat([body.subarray(0, at), INVALID_UTF8, body.subarray(at)]);
}

/** The body, then `padding` bytes of spaces, chunked, one shared chunk at a time as the socket drains. */
function streamPadded(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: Buffer,
  padding: number,
): void {
  res.writeHead(status, headers);
  let left = padding;
  const pump = () => {
    while (left > 0 && !res.destroyed) {
      const chunk = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
      left -= chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  if (res.write(body)) pump();
  else res.once('drain', pump);
}

const bombs = new Map<number, Promise<Buffer>>();

/** One gzip member that decodes to `bytes` spaces, compressed once per size, then kept. */
export function bomb(bytes: number): Promise<Buffer> {
  let pending = bombs.get(bytes);
  if (!pending) {
    pending = new Promise<Buffer>((resolve, reject) => {
      const gzip = createGzip({ level: 9 });
      const out: Buffer[] = [];
      gzip.on('data', (chunk: Buffer) => out.push(chunk));
      gzip.on('end', () => resolve(Buffer.concat(out)));
      gzip.on('error', reject);
      let left = bytes;
      const feed = () => {
        while (left > 0) {
          const chunk = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
          left -= chunk.length;
          if (!gzip.write(chunk)) {
            gzip.once('drain', feed);
            return;
          }
        }
        gzip.end();
      };
      feed();
    });
    bombs.set(bytes, pending);
  }
  return pending;
}
