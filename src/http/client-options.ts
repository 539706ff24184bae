/** The client's options and requests, what it answers and counts, and its defaults. */
import type { Dispatcher } from 'undici';
import type { Exchange, TransportErrorKind } from '../core/index.ts';
import { MiB } from './bytes.ts';
import type { Redactor } from './redact.ts';

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
  /**
   * Picks the dispatcher of a request by its origin, before the one above (the simulators' in-memory
   * transport, see SimulatorSet.memoryDispatcher); undefined sends it the usual way. Not closed by close().
   */
  dispatcherFor?: (origin: string) => Dispatcher | undefined;
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

/** The options with every default filled in (the deadline as epoch ms). */
export type ResolvedOptions = Required<
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

export function resolveOptions(options: HttpClientOptions): ResolvedOptions {
  return {
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
}
