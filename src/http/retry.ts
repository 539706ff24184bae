/** When to retry a 429 or 503 and how long to wait first. */

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/**
 * Methods sent again when a connection fails before any answer: the safe ones only (RFC 9110 §9.2.1),
 * so a write the server may already have done is never repeated.
 */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RetryWait {
  ms: number;
  /** Human-readable reason: 'retry-after: 2', 'retry-after-ms: 150', 'backoff'. */
  basis: string;
  /** True when the server named the wait (so a wait longer than allowed is the server's demand). */
  fromServer: boolean;
}

/**
 * The wait the server asks for: `retry-after-ms` (milliseconds, as Cloudflare's SDK reads it) first,
 * then `retry-after` in seconds or as an HTTP date. Undefined when neither is present or parseable.
 */
export function serverRetryWait(
  headers: Record<string, string>,
  now: number = Date.now(),
): RetryWait | undefined {
  const ms = headers['retry-after-ms'];
  if (ms !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(ms)) {
    return { ms: Math.ceil(Number(ms)), basis: `retry-after-ms: ${ms.trim()}`, fromServer: true };
  }
  const after = headers['retry-after'];
  if (after === undefined) return undefined;
  const trimmed = after.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return { ms: Math.ceil(Number(trimmed) * 1000), basis: `retry-after: ${trimmed}`, fromServer: true };
  }
  // An HTTP date names a weekday and a month; Date.parse alone would take '-1' as a year.
  const date = /[a-z]{3}/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (!Number.isNaN(date)) {
    return { ms: Math.max(0, date - now), basis: `retry-after: ${trimmed}`, fromServer: true };
  }
  return undefined;
}

/** Capped exponential backoff for the n-th retry (0-based) when the server names no wait. */
export function backoffWait(retryIndex: number, baseMs: number, capMs: number): RetryWait {
  const ms = Math.min(capMs, baseMs * 2 ** retryIndex);
  return { ms, basis: 'backoff', fromServer: false };
}

/** 1500 → '1.5 s', 200 → '200 ms'. */
export function formatWait(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${Math.round(ms)} ms`;
}

export interface RetryPolicy {
  maxRetries: number;
  maxRetryWaitMs: number;
  backoffBaseMs: number;
  backoffCapMs: number;
}

export type RetryStep =
  /** Not retryable, or retries spent on a 503: the answer stands. */
  | { answer: true }
  /** Wait this long, then send again. */
  | { wait: RetryWait }
  /** A 429 the client will not wait out: a wait too long, or still 429 after every retry. */
  | { fail: { kind: 'rate-limited'; message: string } };

/** What to do with a retryable status after `retries` (the retries taken so far). */
export function retryStep(
  status: number,
  headers: Record<string, string>,
  retries: readonly { waitMs: number }[],
  policy: RetryPolicy,
): RetryStep {
  if (!RETRYABLE_STATUSES.has(status)) return { answer: true };
  const asked = serverRetryWait(headers);
  if (asked && asked.ms > policy.maxRetryWaitMs) {
    return {
      fail: {
        kind: 'rate-limited',
        message: `${status} with ${asked.basis}: the wait of ${formatWait(asked.ms)} exceeds the ${formatWait(policy.maxRetryWaitMs)} longest wait, not retried`,
      },
    };
  }
  if (retries.length < policy.maxRetries) {
    return {
      wait:
        asked ??
        backoffWait(
          retries.length,
          policy.backoffBaseMs,
          Math.min(policy.backoffCapMs, policy.maxRetryWaitMs),
        ),
    };
  }
  if (status === 429) {
    const waited = retries.reduce((sum, r) => sum + r.waitMs, 0);
    return {
      fail: {
        kind: 'rate-limited',
        message: `still 429 after ${retries.length} retries (waited ${formatWait(waited)} in all)`,
      },
    };
  }
  return { answer: true };
}
