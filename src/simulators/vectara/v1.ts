/**
 * Vectara v1 `POST /v1/list-jobs`: `customer-id` header, a JSON body of ANDed filters, an opaque
 * `pageKey` that overrides every other field, google.rpc.Status errors (the `default` response).
 */
import type { JsonSchema } from '../../catalogue/index.ts';
import { NON_MATCHING_EVERY, otherEnumValue, rewritesJob, UNDOCUMENTED_ENUM_VALUE } from '../body-faults.ts';
import type { SimContext, SimRequest, SimResponse } from '../core.ts';
import { DAY_MS } from '../data.ts';
import { parameter, parameterError } from '../facts.ts';
import type { OpenReadings } from '../open-readings.ts';
import { checkCredentials } from './auth.ts';
import { cursorPage, decodePageKey, encodePageKey, PageKeyError } from './cursor.ts';
import type { V1Job } from './data.ts';

const API = 'vectara-v1';

/** The page size when numResults is unset or 0 (proto3's unset); the provider documents none. */
export const DEFAULT_NUM_RESULTS = 10;

/** gRPC codes for the HTTP statuses this simulator answers (google.rpc.Code). */
const GRPC_CODE: Record<number, number> = {
  400: 3,
  401: 16,
  403: 7,
  404: 5,
  405: 12,
  413: 3,
  429: 8,
  500: 13,
  503: 14,
};
const DETAIL_TYPE: Record<number, string> = {
  400: 'type.googleapis.com/google.rpc.BadRequest',
  401: 'type.googleapis.com/google.rpc.ErrorInfo',
  403: 'type.googleapis.com/google.rpc.ErrorInfo',
};

export interface V1Filter {
  jobId?: string;
  corpusId?: number[];
  /** Jobs created at or after this epoch second. */
  epochSecs: number;
  state: string[];
}

function isV1Filter(value: unknown): value is V1Filter {
  const f = value as V1Filter | null;
  return (
    f !== null &&
    typeof f === 'object' &&
    typeof f.epochSecs === 'number' &&
    Array.isArray(f.state) &&
    f.state.every((s) => typeof s === 'string') &&
    (f.jobId === undefined || typeof f.jobId === 'string') &&
    (f.corpusId === undefined || (Array.isArray(f.corpusId) && f.corpusId.every(Number.isInteger)))
  );
}

export interface V1Service {
  listJobs(req: SimRequest): SimResponse;
  error(status: number, message: string): SimResponse;
}

/** `readings`: how the service reads what the documents leave open (open-readings.ts). */
export function createV1Service(
  ctx: SimContext,
  jobs: readonly V1Job[],
  readings: OpenReadings = {},
): V1Service {
  const api = ctx.catalogue.api(API);
  const op = api.operation('listJobs');
  const requestBody = op.requestBody;
  if (!requestBody) throw new Error(`${op.key} documents no request body`);
  const fields = (requestBody.body.schema.properties ?? {}) as Record<string, JsonSchema>;
  const maxNumResults = fields.numResults?.maximum as number;
  const maxAgeDays = fields.epochSecs?.['x-max-age-days'] as number;
  // The v1 page contradicts itself on the states an unset `state` means: the schema's reading, or all.
  const defaultStates =
    readings.v1UnsetState === 'all-states'
      ? (api.enums.JobState?.current ?? [])
      : (fields.state?.['x-default-when-unset'] as string[]);
  const okCode = ctx.catalogue.schema(api.enums.StatusCode?.schemaRef ?? '').schema.default as string;
  const customerIdParam = parameter(op, 'customer-id', 'header');
  const timeoutParam = parameter(op, 'timeout', 'header');
  const states = api.enums.JobState?.current ?? [];

  const created = jobs.map((j) => Number(j.tsCreate));
  const indexById = new Map(jobs.map((j, i) => [j.id, i]));
  const has = (id: Parameters<SimContext['hasFault']>[0]) => ctx.hasFault(id, API);

  function error(status: number, message: string): SimResponse {
    let json: unknown = {
      code: GRPC_CODE[status] ?? 2,
      message,
      details: DETAIL_TYPE[status] ? [{ '@type': DETAIL_TYPE[status] }] : [],
    };
    if (has('envelope.errors-missing')) json = {};
    if (has('error.wrong-shape')) json = { error: message };
    return { status, json, api: API, operation: op };
  }

  function render(job: V1Job, single: boolean): V1Job {
    const faulty = rewritesJob(has, single);
    if (!faulty) return job;
    const out: Record<string, unknown> = { ...job };
    if (has('body.required-missing')) delete out.id;
    if (has('body.enum-unknown')) out.state = UNDOCUMENTED_ENUM_VALUE;
    if (single && has('consistency.get-disagrees')) out.state = otherEnumValue(states, job.state);
    if (has('body.pattern-violation')) out.tsCreate = `${job.tsCreate}s`;
    if (has('body.wrong-type')) out.tsCreate = Number(job.tsCreate);
    return out as unknown as V1Job;
  }

  /** Reads the body into a filter and a page size, or answers 400. */
  function readBody(req: SimRequest): { filter: V1Filter; size: number } | { pageKey: string } | SimResponse {
    const lenient = has('input.malformed-body-accepted');
    let body: Record<string, unknown> = {};
    if (req.rawBody.trim() === '') {
      if (requestBody?.required && !lenient) return error(400, 'request body is required: a JSON object');
    } else if (req.jsonError !== undefined) {
      if (!lenient) return error(400, `request body is not valid JSON: ${req.jsonError}`);
    } else if (req.json === null || typeof req.json !== 'object' || Array.isArray(req.json)) {
      if (!lenient) return error(400, 'request body must be a JSON object');
    } else {
      body = { ...(req.json as Record<string, unknown>) };
    }
    if (typeof body.pageKey === 'string' && body.pageKey !== '') return { pageKey: body.pageKey };
    if (
      has('pagination.bounds-not-enforced') &&
      typeof body.numResults === 'number' &&
      body.numResults > maxNumResults
    )
      body.numResults = maxNumResults;
    // Open reading: state values the enum does not know are dropped, not rejected.
    if (readings.unknownRequestEnum === 'ignored' && Array.isArray(body.state))
      body.state = body.state.filter((s) => states.includes(s as string));
    const validate = requestBody?.body.validate;
    for (let attempt = 0; validate && !validate(body) && attempt < 20; attempt++) {
      const first = validate.errors?.[0];
      const field =
        (first?.params as { additionalProperty?: string } | undefined)?.additionalProperty ??
        first?.instancePath.split('/')[1] ??
        '';
      if (!lenient) {
        const where = first?.instancePath
          ? first.instancePath.slice(1).replaceAll('/', '.')
          : field || 'body';
        return error(400, `invalid request body: ${where} ${first?.message ?? 'is invalid'}`);
      }
      // input.malformed-body-accepted: drop what breaks the schema and serve the rest.
      delete body[field];
    }
    const floor = Math.floor((ctx.now() - maxAgeDays * DAY_MS) / 1000);
    const asked = typeof body.epochSecs === 'string' ? Number(body.epochSecs) : 0;
    const filter: V1Filter = {
      // epochSecs may not go past 180 days ago: older (or unset, 0) means 180 days ago.
      epochSecs: Math.max(asked, floor),
      state: Array.isArray(body.state) && body.state.length > 0 ? (body.state as string[]) : defaultStates,
    };
    if (typeof body.jobId === 'string' && body.jobId !== '') filter.jobId = body.jobId;
    if (Array.isArray(body.corpusId) && body.corpusId.length > 0) filter.corpusId = body.corpusId as number[];
    const numResults = typeof body.numResults === 'number' && body.numResults > 0 ? body.numResults : 0;
    return { filter, size: numResults || DEFAULT_NUM_RESULTS };
  }

  /** Newest first, so the jobs created at or after `epochSecs` are a prefix: its length. */
  function createdSinceCount(epochSecs: number): number {
    let lo = 0;
    let hi = created.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((created[mid] as number) >= epochSecs) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  function listJobs(req: SimRequest): SimResponse {
    const credentials = checkCredentials(req, ctx, API);
    if (credentials === 'missing')
      return error(401, 'Missing credentials: send x-api-key or Authorization: Bearer.');
    if (credentials === 'invalid') return error(401, 'Invalid API key or bearer token.');
    const rawCustomer = req.headers['customer-id'];
    if (rawCustomer === undefined || rawCustomer === '') return error(400, 'customer-id header is required');
    const customerId = /^\s*-?\d+\s*$/.test(rawCustomer) ? Number(rawCustomer) : rawCustomer;
    const customerProblem = parameterError(customerIdParam, customerId);
    if (customerProblem) return error(400, `header ${customerProblem}`);
    if (
      customerId !== Number(ctx.credentials.customerId) &&
      !has('auth.not-enforced') &&
      !has('auth.wrong-credentials-accepted')
    ) {
      return error(403, `customer-id ${customerId} does not match the credentials`);
    }

    const timeout = req.headers.timeout;
    const timeoutProblem = timeout === undefined ? undefined : parameterError(timeoutParam, timeout);
    if (timeoutProblem) return error(400, `header ${timeoutProblem}`);

    const read = readBody(req);
    if ('status' in read) return read;
    let filter: V1Filter;
    let size: number;
    let position = 0;
    let page = 0;
    if ('pageKey' in read) {
      try {
        const state = decodePageKey(read.pageKey, isV1Filter);
        ({ filter, size, position, page } = state);
      } catch (e) {
        if (e instanceof PageKeyError) return error(400, `invalid pageKey: ${e.message}`);
        throw e;
      }
    } else {
      ({ filter, size } = read);
    }
    if (has('pagination.size-ignored')) size = DEFAULT_NUM_RESULTS;

    const single = filter.jobId !== undefined;
    if (single && !indexById.has(filter.jobId as string)) {
      const found = has('input.unknown-id-found') ? [madeUpJob(filter.jobId as string)] : [];
      return ok(
        found.map((j) => render(j, true)),
        '',
      );
    }
    const only = single ? (indexById.get(filter.jobId as string) as number) : -1;
    const end = single ? only + 1 : createdSinceCount(filter.epochSecs);
    const stateSet = new Set(filter.state);
    const corpusSet = filter.corpusId ? new Set(filter.corpusId) : undefined;
    const nonMatching = has('filter.non-matching');
    const matches = (i: number): boolean => {
      if (single && i !== only) return false;
      if (nonMatching && i % NON_MATCHING_EVERY === NON_MATCHING_EVERY - 1) return true;
      const job = jobs[i] as V1Job;
      if ((created[i] as number) < filter.epochSecs || !stateSet.has(job.state)) return false;
      return !corpusSet || job.corpusId.some((c) => corpusSet.has(c));
    };
    const result = cursorPage(end, Math.max(position, single ? only : 0), page, size, matches, {
      duplicateItem: has('pagination.duplicate-item'),
      skippedItem: has('pagination.skipped-item'),
      cursorRepeats: has('pagination.cursor-repeats'),
      cursorNeverEnds: has('pagination.cursor-never-ends'),
    });
    const pageKey = result.next ? encodePageKey({ filter, size, ...result.next }) : '';
    return ok(
      result.indices.map((i) => render(jobs[i] as V1Job, single)),
      pageKey,
    );
  }

  function ok(job: V1Job[], pageKey: string): SimResponse {
    return { status: 200, json: { status: [{ code: okCode }], job, pageKey }, api: API, operation: op };
  }

  function madeUpJob(id: string): V1Job {
    const newest = jobs[0];
    return {
      id,
      type: api.enums.JobType?.current[0] ?? '',
      corpusId: [],
      state: states[0] ?? '',
      tsCreate: newest?.tsCreate ?? String(Math.floor(ctx.now() / 1000)),
      userHandle: 'unknown',
    };
  }

  return { listJobs, error };
}
