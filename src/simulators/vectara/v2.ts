/**
 * Vectara v2 `GET /v2/jobs` (repeated `corpus_key`/`state`, `after`, `limit`, cursor `page_key`
 * answered in `metadata.page_key`) and `GET /v2/jobs/{job_id}`; errors are `Error`,
 * `BadRequestError` and `NotFoundError`.
 */
import type { Operation } from '../../catalogue/index.ts';
import { NON_MATCHING_EVERY, otherEnumValue, rewritesJob, UNDOCUMENTED_ENUM_VALUE } from '../body-faults.ts';
import type { SimContext, SimRequest, SimResponse } from '../core.ts';
import { integerBounds, parameter, parameterError } from '../facts.ts';
import type { OpenReadings } from '../open-readings.ts';
import { readInteger } from '../paging.ts';
import { checkCredentials } from './auth.ts';
import { cursorPage, decodePageKey, encodePageKey, PageKeyError } from './cursor.ts';
import type { V2Job } from './data.ts';

const API = 'vectara-v2';

export interface V2Filter {
  corpusKeys?: string[];
  state?: string[];
  /** Jobs created at or after this instant (ms). */
  afterMs?: number;
}

function isV2Filter(value: unknown): value is V2Filter {
  const f = value as V2Filter | null;
  const strings = (v: unknown) =>
    v === undefined || (Array.isArray(v) && v.every((s) => typeof s === 'string'));
  return (
    f !== null &&
    typeof f === 'object' &&
    strings(f.corpusKeys) &&
    strings(f.state) &&
    (f.afterMs === undefined || typeof f.afterMs === 'number')
  );
}

export interface V2Service {
  listJobs(req: SimRequest): SimResponse;
  getJob(req: SimRequest, jobId: string): SimResponse;
  error(status: number, message: string, operation?: Operation): SimResponse;
}

/** `readings`: how the service reads what the documents leave open (open-readings.ts). */
export function createV2Service(
  ctx: SimContext,
  seeded: readonly V2Job[],
  readings: OpenReadings = {},
): V2Service {
  // Open reading: corpus keys matched regardless of case, with every other job's keys upper-cased
  // so that the difference shows.
  const caseless = readings.corpusKeyCase === 'insensitive';
  const jobs = caseless
    ? seeded.map((j, i) =>
        i % 2 === 1 ? { ...j, corpus_keys: j.corpus_keys.map((k) => k.toUpperCase()) } : j,
      )
    : seeded;
  const corpusKey = (key: string) => (caseless ? key.toLowerCase() : key);
  const api = ctx.catalogue.api(API);
  const listOp = api.operation('listJobs');
  const getOp = api.operation('getJob');
  const limitBounds = integerBounds(listOp, 'limit');
  const defaultLimit = limitBounds.default ?? 10;
  const states = api.enums.JobState?.current ?? [];
  const created = jobs.map((j) => Date.parse(j.created_at));
  const indexById = new Map(jobs.map((j, i) => [j.id, i]));
  const requestIds = ctx.rng('vectara-v2-request-ids');
  const has = (id: Parameters<SimContext['hasFault']>[0]) => ctx.hasFault(id, API);

  function error(
    status: number,
    message: string,
    operation: Operation = listOp,
    extra: Record<string, unknown> = {},
  ): SimResponse {
    let json: unknown = { ...extra, messages: [message], request_id: requestIds.uuid() };
    if (has('envelope.errors-missing')) json = {};
    if (has('error.wrong-shape')) json = { error: message };
    return { status, json, api: API, operation };
  }

  /** 403 Error for rejected credentials (the only auth status the v2 job operations document). */
  function authError(req: SimRequest, operation: Operation): SimResponse | undefined {
    const check = checkCredentials(req, ctx, API);
    if (check === 'ok') return undefined;
    return error(
      403,
      check === 'missing'
        ? 'Missing credentials: send x-api-key or Authorization: Bearer.'
        : 'Invalid API key or bearer token.',
      operation,
    );
  }

  function render(job: V2Job, single: boolean): V2Job {
    const faulty = rewritesJob(has, single);
    if (!faulty) return job;
    const out: Record<string, unknown> = { ...job };
    if (has('body.pattern-violation')) out.id = job.id.replace(/^job_/, '');
    if (has('body.required-missing')) delete out.id;
    if (has('body.enum-unknown')) out.state = UNDOCUMENTED_ENUM_VALUE;
    if (single && has('consistency.get-disagrees')) out.state = otherEnumValue(states, job.state);
    if (has('body.wrong-type')) out.corpus_keys = job.corpus_keys.join(',');
    return out as unknown as V2Job;
  }

  /** Newest first, so the jobs created at or after `ms` are a prefix: its length. */
  function createdSinceCount(ms: number): number {
    let lo = 0;
    let hi = created.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((created[mid] as number) >= ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The documented header parameters (Request-Timeout …), integers sent as text. */
  function headerErrors(req: SimRequest, operation: Operation): Record<string, string> {
    const errors: Record<string, string> = {};
    for (const param of operation.parameters) {
      if (param.in !== 'header') continue;
      const raw = req.headers[param.name.toLowerCase()];
      if (raw === undefined) continue;
      const value = /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : raw;
      const problem = parameterError(param, value);
      if (problem) errors[param.name] = problem;
    }
    return errors;
  }

  function listJobs(req: SimRequest): SimResponse {
    const denied = authError(req, listOp);
    if (denied) return denied;
    const fieldErrors: Record<string, string> = headerErrors(req, listOp);
    const limit = readInteger(
      req.query.get('limit'),
      'limit',
      limitBounds,
      has('pagination.bounds-not-enforced'),
    );
    if (!limit.ok) fieldErrors.limit = limit.message;
    const filter: V2Filter = {};
    for (const [name, key] of [
      ['corpus_key', 'corpusKeys'],
      ['state', 'state'],
    ] as const) {
      const values = req.query.getAll(name);
      if (values.length === 0) continue;
      const problem = parameterError(parameter(listOp, name), values);
      if (problem) fieldErrors[name] = problem;
      else filter[key] = values;
    }
    const after = req.query.get('after');
    if (after !== null) {
      const problem = parameterError(parameter(listOp, 'after'), after);
      if (problem) fieldErrors.after = problem;
      else filter.afterMs = Date.parse(after);
    }
    let size = limit.ok ? limit.value : defaultLimit;
    let position = 0;
    let page = 0;
    let effective = filter;
    const pageKey = req.query.get('page_key');
    if (pageKey) {
      try {
        const state = decodePageKey(pageKey, isV2Filter);
        // The key carries the walk's filter; limit may change from page to page.
        effective = state.filter;
        position = state.position;
        page = state.page;
        if (!req.query.has('limit')) size = state.size;
      } catch (e) {
        if (!(e instanceof PageKeyError)) throw e;
        fieldErrors.page_key = e.message;
      }
    }
    const names = Object.keys(fieldErrors);
    if (names.length > 0) {
      return error(400, `Invalid parameters: ${names.join(', ')}`, listOp, { field_errors: fieldErrors });
    }
    if (readings.emptyCursorPage && page === 1) {
      // Open reading: the second page is empty, yet its cursor leads on to the rest.
      const next = encodePageKey({ filter: effective, size, position, page: 2 });
      return { status: 200, json: { jobs: [], metadata: { page_key: next } }, api: API, operation: listOp };
    }
    if (has('pagination.size-ignored')) size = defaultLimit;

    const end = effective.afterMs !== undefined ? createdSinceCount(effective.afterMs) : jobs.length;
    const stateSet = effective.state ? new Set(effective.state) : undefined;
    const corpusSet = effective.corpusKeys ? new Set(effective.corpusKeys.map(corpusKey)) : undefined;
    const nonMatching = has('filter.non-matching') && (stateSet !== undefined || corpusSet !== undefined);
    const matches = (i: number): boolean => {
      if (nonMatching && i % NON_MATCHING_EVERY === NON_MATCHING_EVERY - 1) return true;
      const job = jobs[i] as V2Job;
      if (stateSet && !stateSet.has(job.state)) return false;
      return !corpusSet || job.corpus_keys.some((c) => corpusSet.has(corpusKey(c)));
    };
    const result = cursorPage(end, position, page, size, matches, {
      duplicateItem: has('pagination.duplicate-item'),
      skippedItem: has('pagination.skipped-item'),
      cursorRepeats: has('pagination.cursor-repeats'),
      cursorNeverEnds: has('pagination.cursor-never-ends'),
    });
    const metadata: { page_key?: string } = {};
    if (result.next) metadata.page_key = encodePageKey({ filter: effective, size, ...result.next });
    return {
      status: 200,
      json: { jobs: result.indices.map((i) => render(jobs[i] as V2Job, false)), metadata },
      api: API,
      operation: listOp,
    };
  }

  function getJob(req: SimRequest, jobId: string): SimResponse {
    const denied = authError(req, getOp);
    if (denied) return denied;
    const index = indexById.get(jobId);
    if (index === undefined) {
      if (has('input.unknown-id-found'))
        return { status: 200, json: render(madeUpJob(jobId), true), api: API, operation: getOp };
      return error(404, `Job ${jobId} not found.`, getOp, { id: jobId });
    }
    return { status: 200, json: render(jobs[index] as V2Job, true), api: API, operation: getOp };
  }

  function madeUpJob(id: string): V2Job {
    return {
      id,
      type: api.enums.JobType?.current[0] ?? '',
      corpus_keys: [],
      state: states[0] ?? '',
      created_at: jobs[0]?.created_at ?? new Date(ctx.now()).toISOString(),
      created_by_username: 'unknown',
    };
  }

  return { listJobs, getJob, error: (status, message, operation) => error(status, message, operation) };
}
