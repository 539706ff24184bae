import { getCatalogue } from '../../catalogue/index.ts';
import { type Target, UsageError } from '../../core/index.ts';
import { type CallOptions, callOperation } from '../call.ts';
import type { HttpClient } from '../client-options.ts';
import { type ApiResult, type CallExtras, toResult } from './result.ts';

// Shapes of schemas/vectara-v1 and schemas/vectara-v2. Enum-typed fields are plain strings: the
// allowed values live in the schemas alone.

/** vectara-v1 job.schema.json#/$defs/Job */
export interface VectaraV1Job {
  id?: string;
  /** JobType */
  type?: string;
  corpusId?: number[];
  /** JobState */
  state?: string;
  /** Int64 as a decimal string. */
  tsCreate?: string;
  tsStart?: string;
  tsComplete?: string;
  userHandle?: string;
}

/** vectara-v1 list-jobs.schema.json#/$defs/ListJobsRequest */
export interface VectaraV1ListJobsRequest {
  jobId?: string;
  corpusId?: number[];
  epochSecs?: string;
  state?: string[];
  numResults?: number;
  pageKey?: string;
}

/** vectara-v1 status.schema.json#/$defs/Status */
export interface VectaraV1Status {
  /** StatusCode */
  code?: string;
  statusDetail?: string;
}

/** vectara-v1 list-jobs.schema.json#/$defs/ListJobsResponse */
export interface VectaraV1ListJobsResponse {
  status?: VectaraV1Status[];
  job?: VectaraV1Job[];
  pageKey?: string;
}

/** vectara-v1 status.schema.json#/$defs/RpcStatus: the default (error) body. */
export interface VectaraRpcStatus {
  code?: number;
  message?: string;
  details?: Array<{ '@type'?: string; [key: string]: unknown }>;
}

/** vectara-v2 job.schema.json#/$defs/Job */
export interface VectaraV2Job {
  id?: string;
  /** JobType */
  type?: string;
  corpus_keys?: string[];
  /** JobState */
  state?: string;
  created_at?: string;
  started_at?: string;
  completed_at?: string;
  created_by_username?: string;
}

/** The query of GET /v2/jobs; arrays are sent repeated (state=a&state=b). */
export interface VectaraV2ListJobsQuery {
  corpus_key?: string[];
  after?: string;
  state?: string[];
  limit?: number;
  page_key?: string;
}

/** vectara-v2 job.schema.json#/$defs/ListJobsResponse */
export interface VectaraV2ListJobsResponse {
  jobs?: VectaraV2Job[];
  metadata?: { page_key?: string };
}

/** vectara-v2 error.schema.json: Error, NotFoundError and BadRequestError in one. */
export interface VectaraV2Error {
  messages?: string[];
  request_id?: string;
  id?: string;
  field_errors?: Record<string, string>;
}

export interface VectaraV1Client {
  listJobs(
    body?: VectaraV1ListJobsRequest,
    extras?: CallExtras,
  ): Promise<ApiResult<VectaraV1ListJobsResponse, VectaraRpcStatus>>;
}

export interface VectaraV2Client {
  listJobs(
    query?: VectaraV2ListJobsQuery,
    extras?: CallExtras,
  ): Promise<ApiResult<VectaraV2ListJobsResponse, VectaraV2Error>>;
  getJob(jobId: string, extras?: CallExtras): Promise<ApiResult<VectaraV2Job, VectaraV2Error>>;
}

function apiOf(target: Target, expected: string) {
  if (target.api !== expected)
    throw new UsageError(`${expected} client needs a ${expected} target, not ${target.api}`);
  return getCatalogue().api(target.api);
}

/** POST /v1/list-jobs (a read: allowed without --allow-writes); customer-id comes from the credentials. */
export function vectaraV1(target: Target, http: HttpClient): VectaraV1Client {
  const api = apiOf(target, 'vectara-v1');
  return {
    listJobs: async (body = {}, extras) =>
      toResult(await callOperation(http, target, api.operation('listJobs'), { ...extras, body })),
  };
}

export function vectaraV2(target: Target, http: HttpClient): VectaraV2Client {
  const api = apiOf(target, 'vectara-v2');
  const call = async <T>(id: string, options: CallOptions) =>
    toResult<T, VectaraV2Error>(await callOperation(http, target, api.operation(id), options));
  return {
    listJobs: (query = {}, extras) => call('listJobs', { ...extras, query: { ...query } }),
    getJob: (jobId, extras) => call('getJob', { ...extras, pathParams: { job_id: jobId } }),
  };
}
