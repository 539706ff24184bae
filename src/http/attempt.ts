/**
 * One attempt on the wire: the request sent, the status and headers read, and the body read under
 * the caps (on the wire, then once more as a content-encoding is undone), bounded by one timer for
 * the whole exchange. Whatever happens ends as an Attempt, never as a throw.
 */
import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import { type Dispatcher, request } from 'undici';
import { formatBytes, startOf } from './bytes.ts';
import { decodeContent } from './content-encoding.ts';
import { flattenHeaders } from './headers.ts';
import {
  classifyTransportError,
  type FailureContext,
  reasonText,
  type TransportError,
} from './transport-error.ts';

/** How much of a body over the cap (on the wire or decoded) is recorded. */
export const OVER_CAP_RECORD_BYTES = 8 * 1024;

/** One attempt on the wire: what came back, whole or in part. */
export interface Attempt {
  status?: number;
  headers: Record<string, string>;
  body: Buffer;
  size: number;
  error?: TransportError;
}

export interface AttemptLimits {
  dispatcher: Dispatcher;
  maxBodyBytes: number;
  maxHeaderBytes: number;
  recordBodyBytes: number;
}

/**
 * What ends one attempt early (its timer, the run's signal, a body over the cap). undici takes an
 * EventEmitter with `aborted` and `reason` as a request's signal: far lighter than an AbortController,
 * whose EventTarget was a real part of every page's cost in a long walk.
 */
class RequestAbort extends EventEmitter {
  aborted = false;
  reason: unknown;

  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    if (reason !== undefined) this.reason = reason;
    this.emit('abort');
  }
}

export async function attemptOnce(
  limits: AttemptLimits,
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  timeoutMs: number,
  outer: AbortSignal | undefined,
): Promise<Attempt> {
  const { dispatcher, maxBodyBytes, maxHeaderBytes, recordBodyBytes } = limits;
  const ctl = new RequestAbort();
  const ctx: FailureContext = {
    url,
    timeoutMs,
    gotHeaders: false,
    bodyBytes: 0,
    timedOut: false,
    maxHeaderBytes,
  };
  const timer = setTimeout(() => {
    ctx.timedOut = true;
    ctl.abort(new Error(`no complete response within ${timeoutMs} ms`));
  }, timeoutMs);
  const onOuterAbort = () => {
    ctx.abortedBecause = reasonText(outer?.reason);
    ctl.abort(outer?.reason);
  };
  if (outer?.aborted) onOuterAbort();
  else outer?.addEventListener('abort', onOuterAbort, { once: true });

  const attempt: Attempt = { headers: {}, body: Buffer.alloc(0), size: 0 };
  const chunks: Buffer[] = [];
  try {
    const res = await request(url, {
      dispatcher,
      method: method as Dispatcher.HttpMethod,
      headers,
      body,
      signal: ctl,
      // Our own timer bounds the whole exchange; undici's idle timers are only a backstop.
      headersTimeout: timeoutMs + 1_000,
      bodyTimeout: timeoutMs + 1_000,
    });
    ctx.gotHeaders = true;
    attempt.status = res.statusCode;
    attempt.headers = flattenHeaders(res.headers);
    const announced = Number(attempt.headers['content-length']);
    if (attempt.headers['content-length'] !== undefined && Number.isFinite(announced)) {
      ctx.contentLength = announced;
    }
    if (ctx.contentLength !== undefined && ctx.contentLength > maxBodyBytes) {
      res.body.destroy();
      ctl.abort();
      attempt.size = ctx.contentLength;
      attempt.error = {
        kind: 'too-large',
        message: `body of ${ctx.contentLength} bytes (content-length) exceeds the ${formatBytes(maxBodyBytes)} cap`,
      };
      return attempt;
    }
    const overCap = await readBody(res.body, chunks, ctx, maxBodyBytes);
    if (overCap) {
      ctl.abort();
      attempt.error = {
        kind: 'too-large',
        message: `body exceeds the ${formatBytes(maxBodyBytes)} cap (stopped after ${ctx.bodyBytes} bytes)`,
      };
    }
  } catch (err) {
    attempt.error = classifyTransportError(err, ctx);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
  // An over-cap body is evidence of its start only (what came, not something to judge): keep
  // OVER_CAP_RECORD_BYTES of it, so a run full of them does not carry megabytes of padding into
  // every report that cites them.
  const keep = Math.min(recordBodyBytes, OVER_CAP_RECORD_BYTES);
  attempt.body = attempt.error?.kind === 'too-large' ? startOf(chunks, keep) : Buffer.concat(chunks);
  attempt.size = Math.max(ctx.bodyBytes, attempt.body.length);
  if (!attempt.error && attempt.status !== undefined && attempt.headers['content-encoding'] !== undefined) {
    // A coding is undone under the same cap; the recorded size stays the bytes on the wire.
    const decoded = await decodeContent(attempt.headers['content-encoding'], attempt.body, maxBodyBytes);
    attempt.body = decoded.error?.kind === 'too-large' ? startOf([decoded.body], keep) : decoded.body;
    if (decoded.error) attempt.error = decoded.error;
  }
  return attempt;
}

/**
 * Reads a body into chunks, counting its bytes; resolves true as soon as it passes the cap (the body
 * is destroyed then), rejects with the stream's error. Plain 'data' events, not an async iterator:
 * this runs for every page of a walk, and the iterator's promise per chunk was most of its cost.
 */
function readBody(
  body: Readable,
  chunks: Buffer[],
  ctx: FailureContext,
  maxBodyBytes: number,
): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const done = (overCap: boolean, err?: unknown) => {
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      body.off('close', onClose);
      if (err !== undefined) reject(err);
      else resolve(overCap);
    };
    const onData = (chunk: Buffer) => {
      ctx.bodyBytes += chunk.length;
      if (ctx.bodyBytes > maxBodyBytes) {
        done(true);
        // undici's body errors as it is destroyed early: that error is expected, not unhandled.
        body.on('error', ignore);
        body.destroy();
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => done(false);
    const onError = (err: unknown) => done(false, err);
    // Destroyed without an error or an end (the request was aborted): what the iterator threw.
    const onClose = () => done(false, body.errored ?? new Error('the body closed before its end'));
    body.on('data', onData);
    body.once('end', onEnd);
    body.once('error', onError);
    body.once('close', onClose);
  });
}

function ignore(): void {}
