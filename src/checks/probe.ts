import { type Api, getAtPointer, type Operation } from '../catalogue/index.ts';
import type { Clock, Credentials, Exchange } from '../core/index.ts';
import type { GenerationOptions } from './generated/options.ts';

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
  | 'lifecycle'
  | 'generated';

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
  /** Live: the one job id the delete check may delete (never a job it did not get told). */
  deletableJobId?: string;
  /** Live: the create body with the live settings written in (x-live-settings createBody); else x-lifecycle's. */
  createBody?: unknown;
  /** The query languages provider code implements, by x-filters syntax name. */
  queryLanguages?: Readonly<Record<string, QueryLanguage>>;
  /** The generated checks' seed, example bound and replay (src/checks/generated/options.ts). */
  generation?: Partial<GenerationOptions>;
  /** The run's interrupt: waits between polls and retries end early when it fires. */
  signal?: AbortSignal;
  /** The time the checks wait and measure in (simulated in a mock run; default real time). */
  clock?: Clock;
}

/**
 * A filter language the documents name but cannot declare (x-filters syntax): provider code builds
 * its expressions (src/providers/<provider>/), the filter checks only ask for them.
 */
export interface QueryLanguage {
  /** The job fields (dotted paths) a probe matches on when the filter declares no field. */
  readonly fields: readonly string[];
  /** An expression that matches the jobs whose every field (a dotted path) has its value. */
  matchQuery(terms: readonly { field: string; value: string }[]): string;
}

/** What sends a probe: the ProbeContext (a walk needs only this of it). */
export interface ProbeSender {
  send(op: Operation, purpose: ProbePurpose, input?: ProbeInput): Promise<Exchange>;
}

/**
 * The path parameter that names a job, if the operation has one: x-lifecycle jobId.parameter. An API
 * that declares no lifecycle names its job parameter job_id or jobId (the fallback reading).
 */
export function jobIdParam(api: Api, op: Operation): string | undefined {
  const declared = api.lifecycle?.jobId;
  if (declared)
    return declared.parameter && op.parameters.some((p) => p.in === 'path' && p.name === declared.parameter)
      ? declared.parameter
      : undefined;
  return op.parameters.find((p) => p.in === 'path' && /^job_?id$/i.test(p.name))?.name;
}

/** A job's id, where x-lifecycle jobId.pointer says it is (default /id); numbers read as text. */
export function jobIdOf(api: Api, job: unknown): string | undefined {
  const value = getAtPointer(job, api.lifecycle?.jobId?.pointer ?? '/id');
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
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

/** An items pointer's keys, split once: every page of a walk reads its items (twice). */
const itemKeyCache = new Map<string, string[]>();

function itemKeys(pointer: string): string[] {
  let keys = itemKeyCache.get(pointer);
  if (!keys) {
    keys = pointer.slice(1).split('/');
    itemKeyCache.set(pointer, keys);
  }
  return keys;
}

/** The item array of a paged response, per the operation's pagination spec. */
export function itemsOf(op: Operation, exchange: Exchange): unknown[] | undefined {
  const pointer = op.pagination?.response.items;
  if (pointer === undefined || exchange.json === undefined) return undefined;
  let node: unknown = exchange.json;
  if (pointer !== '') {
    for (const key of itemKeys(pointer)) node = isRecord(node) ? node[key] : undefined;
  }
  // Vectara omits empty repeated fields (proto3 JSON): a missing item array is an empty page.
  if (node === undefined && isRecord(exchange.json)) return [];
  return Array.isArray(node) ? node : undefined;
}

/** The job inside a success body: at x-envelope data where the API wraps its payload, else the body. */
export function jobOf(api: Api, json: unknown): unknown {
  const data = api.envelope.data;
  return data === undefined ? json : getAtPointer(json, data);
}
