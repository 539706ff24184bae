/** One HTTP request and what came back, as recorded: secrets are already redacted here. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  /** Body text, cut at the recording cap (see truncated). */
  body: string;
  truncated?: boolean;
  /** Full size in bytes before any cut. */
  size: number;
}

export type TransportErrorKind =
  | 'refused'
  | 'reset'
  | 'timeout'
  | 'too-large'
  | 'redirect-loop'
  | 'budget-exhausted'
  | 'rate-limited'
  | 'aborted'
  | 'other';

export interface Exchange {
  /** Sequence number within the run, e.g. 'x42'. */
  id: string;
  api: string;
  operation?: string;
  /** What the request was for, e.g. 'page 3' or 'auth: no credentials'. */
  label?: string;
  request: RecordedRequest;
  response?: RecordedResponse;
  /** The parsed body, when it was JSON (never nested deeper than MAX_JSON_DEPTH, json-depth.ts). */
  json?: unknown;
  /**
   * Why a body whose content type says JSON has no parsed value: empty, not UTF-8, nested deeper
   * than MAX_JSON_DEPTH (kept as text only), or invalid JSON (the position named).
   */
  jsonError?: string;
  /** A transport failure: no (complete) response. */
  error?: { kind: TransportErrorKind; message: string };
  startedAt: string;
  durationMs: number;
  /** 1 plus the retries taken (429/503 with retry-after). */
  attempts: number;
  /** The answers that were retried, with the wait taken before the next attempt. */
  retries?: RetryRecord[];
  /** URLs followed after the first, in order (redacted), when the server redirected. */
  redirects?: string[];
}

/** One retried answer: its status, why the wait was chosen and how long it was. */
export interface RetryRecord {
  status: number;
  waitMs: number;
  /** 'retry-after: 2', 'retry-after-ms: 150' or 'backoff'. */
  basis: string;
}
