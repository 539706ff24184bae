/**
 * One attempt on the wire: the request sent, the status and headers read, and the body read under
 * the caps (on the wire, then once more as a content-encoding is undone), bounded by one timer for
 * the whole exchange. Whatever happens ends as an Attempt, never as a throw.
 */
import type { Dispatcher } from 'undici';
import { formatBytes, startOf } from './bytes.ts';
import { decodeContent } from './content-encoding.ts';
import {
  classifyTransportError,
  type FailureContext,
  reasonText,
  type TransportError,
} from './transport-error.ts';
import { WireExchange } from './wire.ts';

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
  /** The dispatcher that sends a request to this origin. */
  dispatcherOf: (origin: string) => Dispatcher;
  maxBodyBytes: number;
  maxHeaderBytes: number;
  recordBodyBytes: number;
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
  const { dispatcherOf, maxBodyBytes, maxHeaderBytes, recordBodyBytes } = limits;
  const ctx: FailureContext = {
    url,
    timeoutMs,
    gotHeaders: false,
    bodyBytes: 0,
    timedOut: false,
    maxHeaderBytes,
  };
  const attempt: Attempt = { headers: {}, body: Buffer.alloc(0), size: 0 };
  const chunks: Buffer[] = [];
  const wire = new WireExchange(
    dispatcherOf,
    {
      url,
      method,
      headers,
      body,
      // Our own timer bounds the whole exchange; undici's idle timers are only a backstop.
      idleTimeoutMs: timeoutMs + 1_000,
      maxBodyBytes,
      onResponse: (response) => {
        ctx.gotHeaders = true;
        attempt.status = response.status;
        attempt.headers = response.headers;
        const announced = Number(response.headers['content-length']);
        if (response.headers['content-length'] !== undefined && Number.isFinite(announced)) {
          ctx.contentLength = announced;
        }
      },
      onBytes: (bytes) => {
        ctx.bodyBytes += bytes;
      },
    },
    chunks,
  );
  const timer = setTimeout(() => {
    ctx.timedOut = true;
    wire.abort(new Error(`no complete response within ${timeoutMs} ms`));
  }, timeoutMs);
  const onOuterAbort = () => {
    ctx.abortedBecause = reasonText(outer?.reason);
    wire.abort(outer?.reason);
  };
  if (outer?.aborted) onOuterAbort();
  else outer?.addEventListener('abort', onOuterAbort, { once: true });

  try {
    const { stop } = await wire.done;
    if (stop === 'announced-too-large') {
      attempt.size = ctx.contentLength ?? 0;
      attempt.error = {
        kind: 'too-large',
        message: `body of ${ctx.contentLength} bytes (content-length) exceeds the ${formatBytes(maxBodyBytes)} cap`,
      };
      return attempt;
    }
    if (stop === 'over-cap') {
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
