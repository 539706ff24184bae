import type { TransportErrorKind } from '../core/index.ts';

export interface TransportError {
  kind: TransportErrorKind;
  message: string;
}

/** Where a request was when it failed, so the message can name the fault precisely. */
export interface FailureContext {
  url: string;
  timeoutMs: number;
  /** True once the status line and headers arrived. */
  gotHeaders: boolean;
  bodyBytes: number;
  contentLength?: number;
  /** Set when our own per-request timer fired. */
  timedOut: boolean;
  /** Set when the run's signal or deadline fired; the reason text. */
  abortedBecause?: string;
  /** The most response-header bytes the client accepts (undici's maxHeaderSize). */
  maxHeaderBytes?: number;
}

const RESET_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_CLOSED',
  'ECONNABORTED',
]);
const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
]);

/** Turn whatever undici or the socket threw into a kind and a message that names the fault. */
export function classifyTransportError(err: unknown, ctx: FailureContext): TransportError {
  if (ctx.timedOut) return timeoutError(ctx);
  if (ctx.abortedBecause !== undefined) return { kind: 'aborted', message: `aborted: ${ctx.abortedBecause}` };
  const code = errorCode(err);
  const host = hostOf(ctx.url);
  if (code === 'ECONNREFUSED') return { kind: 'refused', message: `connection refused by ${host}` };
  if (code && TIMEOUT_CODES.has(code)) return timeoutError(ctx);
  if (code && RESET_CODES.has(code)) return resetError(ctx);
  if (code === 'UND_ERR_HEADERS_OVERFLOW') {
    const limit = ctx.maxHeaderBytes !== undefined ? `the ${formatKiB(ctx.maxHeaderBytes)} ` : 'the ';
    return {
      kind: 'too-large',
      message: `response headers from ${host} are larger than ${limit}the client accepts (header size limit; UND_ERR_HEADERS_OVERFLOW)`,
    };
  }
  // llhttp refused the bytes: a malformed status line, header or Content-Length.
  if (err instanceof Error && err.name === 'HTTPParserError') {
    return { kind: 'other', message: `malformed HTTP response from ${host}: ${err.message}` };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return { kind: 'other', message: `host not found: ${host}` };
  }
  const detail = err instanceof Error ? err.message : String(err);
  return { kind: 'other', message: `request to ${host} failed: ${detail}${code ? ` (${code})` : ''}` };
}

function timeoutError(ctx: FailureContext): TransportError {
  if (!ctx.gotHeaders) return { kind: 'timeout', message: `no response within ${ctx.timeoutMs} ms` };
  const of = ctx.contentLength !== undefined ? ` of ${ctx.contentLength}` : '';
  return {
    kind: 'timeout',
    message: `body not complete within ${ctx.timeoutMs} ms (${ctx.bodyBytes}${of} bytes received)`,
  };
}

function resetError(ctx: FailureContext): TransportError {
  if (!ctx.gotHeaders) return { kind: 'reset', message: 'connection reset before any response' };
  if (ctx.contentLength !== undefined && ctx.bodyBytes < ctx.contentLength) {
    return {
      kind: 'reset',
      message: `body truncated: connection closed after ${ctx.bodyBytes} of ${ctx.contentLength} bytes announced by content-length`,
    };
  }
  return { kind: 'reset', message: `connection reset after ${ctx.bodyBytes} bytes of body` };
}

/** The code of an error, its cause or the first of an AggregateError (Node's happy eyeballs). */
function errorCode(err: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = err;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR' && code !== 'UND_ERR_ABORTED') return code;
    const inner = (current as { errors?: unknown[] }).errors;
    if (Array.isArray(inner) && inner.length > 0) {
      current = inner[0];
      continue;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function formatKiB(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The message of an abort reason, for 'aborted: …'. */
export function reasonText(reason: unknown): string {
  if (reason instanceof Error) return reason.message || reason.name;
  if (typeof reason === 'string' && reason.length > 0) return reason;
  return 'the run was cancelled';
}
