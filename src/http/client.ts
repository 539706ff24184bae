import { Agent, type Dispatcher, request } from 'undici';
import type { Exchange, RecordedResponse, RetryRecord, TransportErrorKind } from '../core/index.ts';
import { decodeContent } from './content-encoding.ts';
import { parseJsonBody } from './json-body.ts';
import { defaultRedactor, type Redactor, SECRET_HEADERS } from './redact.ts';
import {
  backoffWait,
  formatWait,
  RETRYABLE_STATUSES,
  type RetryWait,
  SAFE_METHODS,
  serverRetryWait,
} from './retry.ts';
import {
  classifyTransportError,
  type FailureContext,
  reasonText,
  type TransportError,
} from './transport-error.ts';

export const MiB = 1024 * 1024;
/** How much of a body over the cap (on the wire or decoded) is recorded. */
export const OVER_CAP_RECORD_BYTES = 8 * 1024;

export interface HttpClientOptions {
  /** Covers connecting, the headers and the whole body (a dripping body included). Default 10 s. */
  timeoutMs?: number;
  /**
   * A response body beyond this ends the exchange with 'too-large' (on the wire, and again once a
   * content-encoding is undone). Default 8 MiB.
   */
  maxBodyBytes?: number;
  /** Response headers beyond this end the exchange with 'too-large' (undici's maxHeaderSize). Default 16 KiB. */
  maxHeaderBytes?: number;
  /** The recorded body is cut here (json still comes from the full body). Default 64 KiB. */
  recordBodyBytes?: number;
  /** Redirects followed by hand; one more is a 'redirect-loop'. Default 5. */
  maxRedirects?: number;
  /** Retries of a 429 or 503. Default 3. */
  maxRetries?: number;
  /** The longest single wait before a retry; a longer retry-after ends with 'rate-limited'. Default 5 s. */
  maxRetryWaitMs?: number;
  /**
   * After this many requests in a row to one API ended rate-limited (429 even after the waits it
   * asked for), further requests to that API are not sent: a throttling provider is left alone.
   * Default 2.
   */
  rateLimitedStreak?: number;
  /** First backoff when the server names no wait; doubles per retry. Default 500 ms. */
  backoffBaseMs?: number;
  /** Cap of the backoff (never above maxRetryWaitMs). Default 4 s. */
  backoffCapMs?: number;
  /** Requests allowed per API (a number applies to each API); when spent nothing more is sent. */
  budget?: number | Record<string, number>;
  /** The run's deadline (epoch ms or Date): requests after it are not sent, one under way is aborted. */
  deadline?: number | Date;
  /** Cancels every request of the run (SIGINT, vitest teardown). */
  signal?: AbortSignal;
  /** Keep-alive connections per origin. Default 16. */
  connections?: number;
  /** Use this dispatcher instead of the client's own keep-alive Agent (not closed by close()). */
  dispatcher?: Dispatcher;
  /** Default: the run's shared redactor. */
  redactor?: Redactor;
  onExchange?: ExchangeListener;
  /** Sent when a request names none. */
  userAgent?: string;
}

export interface HttpRequest {
  /** The API id the request belongs to: budgets and counters are kept per API. */
  api: string;
  operation?: string;
  label?: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  /** False to get a 429 or 503 as it came (a check that looks at retry-after). Default true. */
  retry?: boolean;
  /** False to record a 3xx as it came. Default true. */
  followRedirects?: boolean;
  signal?: AbortSignal;
}

export type ExchangeListener = (exchange: Exchange) => void;

export interface RequestCounters {
  /** Requests put on the wire (each retry and redirect hop counts). */
  sent: number;
  byApi: Record<string, number>;
  byMethod: Record<string, number>;
  byApiAndMethod: Record<string, Record<string, number>>;
  /** Requests refused because the API's budget was spent. */
  notSentOverBudget: number;
}

/** An exchange plus the unredacted parsed body, for the few callers that need a secret from it. */
export interface RawResult {
  exchange: Exchange;
  rawJson?: unknown;
}

export interface HttpClient {
  send(request: HttpRequest): Promise<Exchange>;
  /** Like send, also handing back the unredacted JSON (the OAuth token response). */
  sendRaw(request: HttpRequest): Promise<RawResult>;
  /** Record an exchange that was never sent (a failed precondition such as a missing token). */
  recordUnsent(request: HttpRequest, error: { kind: TransportErrorKind; message: string }): Exchange;
  onExchange(listener: ExchangeListener): () => void;
  counters(): RequestCounters;
  /** Requests left for an API, or undefined when it has no budget. */
  budgetLeft(api: string): number | undefined;
  readonly redactor: Redactor;
  readonly settings: Readonly<ResolvedOptions>;
  close(): Promise<void>;
}

type ResolvedOptions = Required<
  Pick<
    HttpClientOptions,
    | 'timeoutMs'
    | 'maxBodyBytes'
    | 'maxHeaderBytes'
    | 'recordBodyBytes'
    | 'maxRedirects'
    | 'maxRetries'
    | 'maxRetryWaitMs'
    | 'backoffBaseMs'
    | 'backoffCapMs'
    | 'rateLimitedStreak'
    | 'userAgent'
  >
> & { deadline?: number };

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = new Set<string>(SECRET_HEADERS);

/** One attempt on the wire: what came back, whole or in part. */
interface Attempt {
  status?: number;
  headers: Record<string, string>;
  body: Buffer;
  size: number;
  error?: TransportError;
}

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const settings: ResolvedOptions = {
    timeoutMs: options.timeoutMs ?? 10_000,
    maxBodyBytes: options.maxBodyBytes ?? 8 * MiB,
    maxHeaderBytes: options.maxHeaderBytes ?? 16 * 1024,
    recordBodyBytes: options.recordBodyBytes ?? 64 * 1024,
    maxRedirects: options.maxRedirects ?? 5,
    maxRetries: options.maxRetries ?? 3,
    maxRetryWaitMs: options.maxRetryWaitMs ?? 5_000,
    backoffBaseMs: options.backoffBaseMs ?? 500,
    backoffCapMs: options.backoffCapMs ?? 4_000,
    rateLimitedStreak: options.rateLimitedStreak ?? 2,
    userAgent: options.userAgent ?? 'jobs-conformance',
    ...(options.deadline !== undefined ? { deadline: +options.deadline } : {}),
  };
  const ownAgent = options.dispatcher
    ? undefined
    : new Agent({
        connections: options.connections ?? 16,
        keepAliveTimeout: 10_000,
        maxHeaderSize: settings.maxHeaderBytes,
      });
  const dispatcher: Dispatcher = options.dispatcher ?? (ownAgent as Agent);
  const redactor = options.redactor ?? defaultRedactor;
  const listeners = new Set<ExchangeListener>();
  if (options.onExchange) listeners.add(options.onExchange);

  let sequence = 0;
  const counters: RequestCounters = {
    sent: 0,
    byApi: {},
    byMethod: {},
    byApiAndMethod: {},
    notSentOverBudget: 0,
  };

  /** Requests in a row per API that ended rate-limited; any other ending resets it. */
  const rateLimited: Record<string, number> = {};
  const budgetOf = (api: string): number | undefined =>
    typeof options.budget === 'number' ? options.budget : options.budget?.[api];
  const budgetLeft = (api: string): number | undefined => {
    const budget = budgetOf(api);
    return budget === undefined ? undefined : Math.max(0, budget - (counters.byApi[api] ?? 0));
  };

  function countSent(api: string, method: string): void {
    counters.sent++;
    counters.byApi[api] = (counters.byApi[api] ?? 0) + 1;
    counters.byMethod[method] = (counters.byMethod[method] ?? 0) + 1;
    const perApi = counters.byApiAndMethod[api] ?? {};
    counters.byApiAndMethod[api] = perApi;
    perApi[method] = (perApi[method] ?? 0) + 1;
  }

  function emit(exchange: Exchange): void {
    for (const listener of listeners) {
      try {
        listener(exchange);
      } catch (err) {
        // A failing recorder must not break the run; say so once per failure, without secrets.
        process.emitWarning(redactor.redactText(`exchange listener failed: ${reasonText(err)}`));
      }
    }
  }

  function baseExchange(req: HttpRequest, headers: Record<string, string>, started: number): Exchange {
    const contentType = headerValue(headers, 'content-type');
    return {
      id: `x${++sequence}`,
      api: req.api,
      ...(req.operation !== undefined ? { operation: req.operation } : {}),
      ...(req.label !== undefined ? { label: redactor.redactText(req.label) } : {}),
      request: {
        method: req.method,
        url: redactor.redactUrl(req.url),
        headers: redactor.redactHeaders(headers),
        ...(req.body !== undefined ? { body: redactor.redactBody(req.body, contentType) } : {}),
      },
      startedAt: new Date(started).toISOString(),
      durationMs: 0,
      attempts: 0,
    };
  }

  function recordResponse(attempt: Attempt, bodyText: string, clean: boolean): RecordedResponse | undefined {
    if (attempt.status === undefined) return undefined;
    const contentType = attempt.headers['content-type'];
    // Redact the whole text before cutting, so a cut cannot leave half a secret visible.
    const text = clean ? bodyText : redactor.redactBody(bodyText, contentType);
    const cut = cutUtf8(text, settings.recordBodyBytes);
    const truncated = cut.length < text.length || attempt.body.length < attempt.size;
    return {
      status: attempt.status,
      headers: redactor.redactHeaders(attempt.headers),
      body: cut,
      ...(truncated ? { truncated: true } : {}),
      size: attempt.size,
    };
  }

  function runSignal(req: HttpRequest): { signal?: AbortSignal; dispose: () => void } {
    const signals: AbortSignal[] = [];
    if (options.signal) signals.push(options.signal);
    if (req.signal) signals.push(req.signal);
    let timer: NodeJS.Timeout | undefined;
    if (settings.deadline !== undefined) {
      const deadlineCtl = new AbortController();
      const left = settings.deadline - Date.now();
      const fire = () => deadlineCtl.abort(new Error('the run deadline was reached'));
      if (left <= 0) fire();
      else timer = setTimeout(fire, left);
      signals.push(deadlineCtl.signal);
    }
    const dispose = () => {
      if (timer) clearTimeout(timer);
    };
    if (signals.length === 0) return { dispose };
    return { signal: signals.length === 1 ? signals[0] : AbortSignal.any(signals), dispose };
  }

  async function attemptOnce(
    url: string,
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
    timeoutMs: number,
    outer: AbortSignal | undefined,
  ): Promise<Attempt> {
    const ctl = new AbortController();
    const ctx: FailureContext = {
      url,
      timeoutMs,
      gotHeaders: false,
      bodyBytes: 0,
      timedOut: false,
      maxHeaderBytes: settings.maxHeaderBytes,
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
        signal: ctl.signal,
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
      if (ctx.contentLength !== undefined && ctx.contentLength > settings.maxBodyBytes) {
        res.body.destroy();
        ctl.abort();
        attempt.size = ctx.contentLength;
        attempt.error = {
          kind: 'too-large',
          message: `body of ${ctx.contentLength} bytes (content-length) exceeds the ${formatBytes(settings.maxBodyBytes)} cap`,
        };
        return attempt;
      }
      for await (const chunk of res.body) {
        const buf = chunk as Buffer;
        ctx.bodyBytes += buf.length;
        if (ctx.bodyBytes > settings.maxBodyBytes) {
          ctl.abort();
          attempt.error = {
            kind: 'too-large',
            message: `body exceeds the ${formatBytes(settings.maxBodyBytes)} cap (stopped after ${ctx.bodyBytes} bytes)`,
          };
          break;
        }
        chunks.push(buf);
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
    const keep = Math.min(settings.recordBodyBytes, OVER_CAP_RECORD_BYTES);
    attempt.body = attempt.error?.kind === 'too-large' ? startOf(chunks, keep) : Buffer.concat(chunks);
    attempt.size = Math.max(ctx.bodyBytes, attempt.body.length);
    if (!attempt.error && attempt.status !== undefined) {
      // A coding is undone under the same cap; the recorded size stays the bytes on the wire.
      const decoded = await decodeContent(
        attempt.headers['content-encoding'],
        attempt.body,
        settings.maxBodyBytes,
      );
      attempt.body = decoded.error?.kind === 'too-large' ? startOf([decoded.body], keep) : decoded.body;
      if (decoded.error) attempt.error = decoded.error;
    }
    return attempt;
  }

  async function run(req: HttpRequest): Promise<RawResult> {
    const started = Date.now();
    const headers = withDefaults(req.headers ?? {}, settings.userAgent);
    const exchange = baseExchange(req, headers, started);
    const finish = (patch: Partial<Exchange>, rawJson?: unknown): RawResult => {
      Object.assign(exchange, patch);
      if (exchange.error?.kind === 'rate-limited') rateLimited[req.api] = (rateLimited[req.api] ?? 0) + 1;
      else if (exchange.response && !exchange.error) rateLimited[req.api] = 0;
      exchange.durationMs = Date.now() - started;
      emit(exchange);
      return rawJson === undefined ? { exchange } : { exchange, rawJson };
    };
    const fail = (kind: TransportErrorKind, message: string, last?: Attempt): RawResult => {
      const response = last ? recordResponse(last, last.body.toString('utf8'), false) : undefined;
      return finish({
        ...(response ? { response } : {}),
        error: { kind, message: redactor.redactText(message) },
      });
    };

    const streak = rateLimited[req.api] ?? 0;
    if (streak >= settings.rateLimitedStreak) {
      return fail(
        'rate-limited',
        `not sent: the last ${streak} requests to ${req.api} stayed rate-limited (429) after the waits retry-after asked for`,
      );
    }
    const { signal, dispose } = runSignal(req);
    try {
      let url = req.url;
      let method = req.method.toUpperCase();
      let body = req.body;
      let sendHeaders = headers;
      const visited = [`${method} ${normalizeUrl(url)}`];
      const redirects: string[] = [];
      const retries: RetryRecord[] = [];
      let last: Attempt | undefined;
      let resentAfterStaleSocket = false;

      for (;;) {
        if (signal?.aborted) {
          const why = reasonText(signal.reason);
          return fail('aborted', last ? `aborted: ${why}` : `aborted: ${why}; request not sent`, last);
        }
        const left = budgetLeft(req.api);
        if (left === 0) {
          counters.notSentOverBudget++;
          const spent = `request budget of ${budgetOf(req.api)} for ${req.api} spent`;
          return fail(
            'budget-exhausted',
            last ? `${spent} after a ${last.status} answer: not sent again` : `${spent}: request not sent`,
            last,
          );
        }
        countSent(req.api, method);
        // Attempts count the first send and each retry; following a redirect is part of an attempt.
        exchange.attempts = 1 + retries.length;
        const attempt = await attemptOnce(
          url,
          method,
          sendHeaders,
          body,
          req.timeoutMs ?? settings.timeoutMs,
          signal,
        );
        last = attempt;
        // A kept-alive socket the server closed while idle resets before any response byte: an
        // idempotent request is sent once more on a fresh connection (as browsers and SDKs do).
        if (
          attempt.error?.kind === 'reset' &&
          attempt.status === undefined &&
          SAFE_METHODS.has(method) &&
          !resentAfterStaleSocket
        ) {
          resentAfterStaleSocket = true;
          continue;
        }
        if (attempt.error) return fail(attempt.error.kind, attempt.error.message, attempt);
        const status = attempt.status as number;

        const location = attempt.headers.location;
        if (req.followRedirects !== false && REDIRECT_STATUSES.has(status) && location) {
          let next: URL;
          try {
            next = new URL(location, url);
          } catch {
            return fail('other', `redirect to an invalid location: ${location}`, attempt);
          }
          const nextMethod =
            status === 303 || ((status === 301 || status === 302) && method === 'POST') ? 'GET' : method;
          const chain = [...visited.map((v) => v.slice(v.indexOf(' ') + 1)), next.href].map((u) =>
            redactor.redactUrl(u),
          );
          if (visited.includes(`${nextMethod} ${next.href}`)) {
            return fail('redirect-loop', `redirect loop: ${chain.join(' → ')}`, attempt);
          }
          if (redirects.length >= settings.maxRedirects) {
            return fail(
              'redirect-loop',
              `more than ${settings.maxRedirects} redirects: ${chain.join(' → ')}`,
              attempt,
            );
          }
          if (next.origin !== new URL(url).origin) sendHeaders = withoutCredentials(sendHeaders);
          if (nextMethod !== method) {
            body = undefined;
            sendHeaders = withoutBodyHeaders(sendHeaders);
          }
          method = nextMethod;
          url = next.href;
          visited.push(`${method} ${normalizeUrl(url)}`);
          redirects.push(redactor.redactUrl(url));
          exchange.redirects = redirects;
          continue;
        }

        if (req.retry !== false && RETRYABLE_STATUSES.has(status)) {
          const asked = serverRetryWait(attempt.headers);
          if (asked && asked.ms > settings.maxRetryWaitMs) {
            return fail(
              'rate-limited',
              `${status} with ${asked.basis}: the wait of ${formatWait(asked.ms)} exceeds the ${formatWait(settings.maxRetryWaitMs)} longest wait, not retried`,
              attempt,
            );
          }
          if (retries.length < settings.maxRetries) {
            const wait: RetryWait =
              asked ??
              backoffWait(
                retries.length,
                settings.backoffBaseMs,
                Math.min(settings.backoffCapMs, settings.maxRetryWaitMs),
              );
            retries.push({ status, waitMs: wait.ms, basis: wait.basis });
            exchange.retries = retries;
            if (!(await sleep(wait.ms, signal))) {
              return fail(
                'aborted',
                `aborted: ${reasonText(signal?.reason)} while waiting ${formatWait(wait.ms)} to retry after ${status}`,
                attempt,
              );
            }
            continue;
          }
          if (status === 429) {
            const waited = retries.reduce((sum, r) => sum + r.waitMs, 0);
            return fail(
              'rate-limited',
              `still 429 after ${retries.length} retries (waited ${formatWait(waited)} in all)`,
              attempt,
            );
          }
        }

        const parsed = parseJsonBody(attempt.status, attempt.headers['content-type'], attempt.body);
        const bodyText = parsed.text;
        // A JSON body that redaction cannot change is kept as it came (no second pass, no copy).
        const clean = 'json' in parsed && !redactor.mayHoldSecrets(bodyText);
        const response = recordResponse(attempt, bodyText, clean);
        return finish(
          {
            ...(response ? { response } : {}),
            ...('json' in parsed ? { json: clean ? parsed.json : redactor.redactJson(parsed.json) } : {}),
            ...(parsed.jsonError ? { jsonError: parsed.jsonError } : {}),
          },
          parsed.json,
        );
      }
    } catch (err) {
      // Nothing above should throw; if it does, the run still gets an exchange, not a crash.
      return fail('other', `unexpected failure: ${reasonText(err)}`);
    } finally {
      dispose();
    }
  }

  return {
    send: async (req) => (await run(req)).exchange,
    sendRaw: run,
    recordUnsent(req, error) {
      const exchange = baseExchange(req, withDefaults(req.headers ?? {}, settings.userAgent), Date.now());
      exchange.error = { kind: error.kind, message: redactor.redactText(error.message) };
      emit(exchange);
      return exchange;
    },
    onExchange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    counters: () => structuredClone(counters),
    budgetLeft,
    redactor,
    settings,
    async close() {
      await ownAgent?.close();
    },
  };
}

/** The WHATWG form of a URL, so the same place is recognised however it was written. */
function normalizeUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

function withDefaults(headers: Record<string, string>, userAgent: string): Record<string, string> {
  return headerValue(headers, 'user-agent') === undefined
    ? { ...headers, 'user-agent': userAgent }
    : { ...headers };
}

/** Credentials never follow a redirect to another origin. */
function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([k]) => !CREDENTIAL_HEADERS.has(k.toLowerCase())),
  );
}

function withoutBodyHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([k]) => !['content-type', 'content-length'].includes(k.toLowerCase())),
  );
}

/** Resolves true after ms, or false at once when the signal fires. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A copy of the first maxBytes of some chunks (so the rest can be collected). */
function startOf(chunks: readonly Buffer[], maxBytes: number): Buffer {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  return Buffer.concat(chunks, Math.min(total, maxBytes));
}

/** Cut a string to at most maxBytes of UTF-8 without splitting a character. */
function cutUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const buf = Buffer.from(text, 'utf8').subarray(0, maxBytes);
  return buf.toString('utf8').replace(/\uFFFD$/, '');
}

function formatBytes(bytes: number): string {
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
