import type { Operation } from '../catalogue/index.ts';
import type { Credentials, Exchange } from '../core/index.ts';

/*
 * What a probe is (its input, purpose and options) and the pure readings of operations and bodies
 * that the probe context, the page walks and the checks share. It imports neither context.ts nor
 * paging.ts, so those two need not import each other both ways.
 */

/** What a probe asks for; the runner turns it into an HTTP request through src/http. */
export interface ProbeInput {
  pathParams?: Record<string, string>;
  query?: Record<string, string | number | boolean | (string | number)[]>;
  headers?: Record<string, string>;
  /** A JSON value, or a string sent as-is with a JSON content type (malformed-body probes). */
  body?: unknown;
  /** Valid credentials (default), none, wrong ones of the right form, or explicit ones. */
  auth?: 'valid' | 'none' | 'wrong' | Credentials;
  /** Emporix: the scope to request with the token (the read-only scope probe). */
  scope?: string;
  /** Observe a 429 instead of waiting it out. */
  noRetry?: boolean;
  label?: string;
}

export type Send = (op: Operation, input: ProbeInput) => Promise<Exchange>;

/** Why a request was sent: the response checks judge each by the statuses its purpose allows. */
export type ProbePurpose =
  | 'baseline'
  | 'walk'
  | 'bounds'
  | 'auth'
  | 'input'
  | 'consistency'
  | 'filter'
  | 'lifecycle';

export interface Probe {
  op: Operation;
  purpose: ProbePurpose;
  exchange: Exchange;
}

export interface ProbeOptions {
  live: boolean;
  allowWrites: boolean;
  /** Pages a walk may fetch before it stops (live targets). */
  pageLimit: number;
  /** Bound of the poll for a created job to end. */
  pollTimeoutMs: number;
  /** Live Emporix: the one job id the delete check may delete (never a job it did not get told). */
  deletableJobId?: string;
  /** The run's interrupt: waits between polls and retries end early when it fires. */
  signal?: AbortSignal;
}

/** What sends a probe: the ProbeContext (a walk needs only this of it). */
export interface ProbeSender {
  send(op: Operation, purpose: ProbePurpose, input?: ProbeInput): Promise<Exchange>;
}

/** The path parameter that names a job (job_id, jobId), if the operation has one. */
export function jobIdParam(op: Operation): string | undefined {
  return op.parameters.find((p) => p.in === 'path' && /^job_?id$/i.test(p.name))?.name;
}

/** A request a provider must answer with 200: an empty body where one is required. */
export function baselineInput(op: Operation): ProbeInput {
  const input: ProbeInput = {};
  if (op.requestBody?.required) input.body = {};
  const total = op.pagination?.request.total;
  if (total) input.headers = { [total.name]: total.value };
  return input;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The item array of a paged response, per the operation's pagination spec. */
export function itemsOf(op: Operation, exchange: Exchange): unknown[] | undefined {
  const pointer = op.pagination?.response.items;
  if (pointer === undefined || exchange.json === undefined) return undefined;
  let node: unknown = exchange.json;
  if (pointer !== '') {
    for (const key of pointer.slice(1).split('/')) node = isRecord(node) ? node[key] : undefined;
  }
  // Vectara omits empty repeated fields (proto3 JSON): a missing item array is an empty page.
  if (node === undefined && isRecord(exchange.json)) return [];
  return Array.isArray(node) ? node : undefined;
}

/** The job inside a get-one body: Cloudflare wraps it in result, others return it bare. */
export function jobOf(op: Operation, json: unknown): unknown {
  const wrapped = op.responses.get('200')?.body?.schema.properties as Record<string, unknown> | undefined;
  return wrapped && 'result' in wrapped && isRecord(json) ? json.result : json;
}
