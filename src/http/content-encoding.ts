/**
 * Content-Encoding of a response. The client sends no Accept-Encoding, which RFC 9110 §12.5.3 reads
 * as "any coding is acceptable", so a provider may compress anyway: gzip, deflate and br are decoded,
 * with the same cap as the body on the wire. Decoding stops as soon as the output passes the cap, so
 * a small body that inflates to 300 MB (a decompression bomb) ends as 'too-large' after at most the
 * cap, never held whole. A coding the client cannot decode, or data that does not decode, is named.
 */

import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import { formatBytes } from './bytes.ts';
import type { TransportError } from './transport-error.ts';

export const DECODABLE = ['gzip', 'x-gzip', 'deflate', 'br'] as const;

/** What a decode leaves: the decoded body (at most the cap), or the problem with the part decoded. */
export interface Decoded {
  body: Buffer;
  error?: TransportError;
}

/** The codings of a Content-Encoding header in the order they were applied, identity left out. */
export function codingsOf(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
}

/**
 * Undo the codings of `header` on `body`, last applied first, keeping at most `maxBytes` of output.
 * Never throws; an empty body is left as it is (a HEAD or 204 may name a coding).
 */
export async function decodeContent(
  header: string | undefined,
  body: Buffer,
  maxBytes: number,
): Promise<Decoded> {
  const codings = codingsOf(header);
  if (codings.length === 0 || body.length === 0) return { body };
  const unknown = codings.find((c) => !(DECODABLE as readonly string[]).includes(c));
  if (unknown) {
    return {
      body,
      error: {
        kind: 'other',
        message: `content-encoding '${unknown}' cannot be decoded (the client decodes ${DECODABLE.join(', ')} and asked for none): body not judged`,
      },
    };
  }
  let current = body;
  for (const coding of [...codings].reverse()) {
    let step = await inflate(coding, current, maxBytes);
    // 'deflate' is meant to be zlib-wrapped, but some servers send raw deflate: try that too.
    if (step.failure && coding === 'deflate') {
      const raw = await inflate('deflate-raw', current, maxBytes);
      if (!raw.failure) step = raw;
    }
    if (step.overflow) {
      return {
        body: step.body,
        error: {
          kind: 'too-large',
          message: `${coding}-encoded body of ${body.length} bytes decodes past the ${formatBytes(maxBytes)} cap (decoding stopped there; content-encoding: ${header})`,
        },
      };
    }
    if (step.failure) {
      return {
        body: step.body,
        error: {
          kind: 'other',
          message: `content-encoding ${coding}: the body does not decode (${step.failure})`,
        },
      };
    }
    current = step.body;
  }
  return { body: current };
}

interface Step {
  body: Buffer;
  overflow?: boolean;
  failure?: string;
}

function decoder(coding: string): Transform {
  if (coding === 'br') return createBrotliDecompress();
  if (coding === 'deflate') return createInflate();
  if (coding === 'deflate-raw') return createInflateRaw();
  return createGunzip();
}

/** One coding undone, streaming, counting the output: past maxBytes the decoder is destroyed. */
function inflate(coding: string, input: Buffer, maxBytes: number): Promise<Step> {
  return new Promise((resolve) => {
    const z = decoder(coding);
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (step: Omit<Step, 'body'>) => {
      if (done) return;
      done = true;
      resolve({ body: Buffer.concat(chunks), ...step });
    };
    z.on('data', (chunk: Buffer) => {
      if (done) return;
      if (size + chunk.length > maxBytes) {
        chunks.push(chunk.subarray(0, maxBytes - size));
        size = maxBytes;
        finish({ overflow: true });
        z.destroy();
        return;
      }
      size += chunk.length;
      chunks.push(chunk);
    });
    z.on('end', () => finish({}));
    z.on('error', (err: Error) => finish({ failure: err.message }));
    z.end(input);
  });
}
