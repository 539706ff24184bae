import { getCatalogue, type Operation } from '../../catalogue/index.ts';
import { type Target, UsageError } from '../../core/index.ts';
import { callOperation } from '../call.ts';
import type { HttpClient } from '../client-options.ts';
import { type ApiResult, type CallExtras, toResult } from './result.ts';

// Shapes of schemas/cloudflare-ai-search/*.schema.json. Enum-typed fields are plain strings here:
// the allowed values live in the schemas alone (the checks read them from the catalogue).

/** job.schema.json#/$defs/Job */
export interface CloudflareJob {
  id: string;
  /** job.schema.json#/$defs/JobSource */
  source: string;
  end_reason?: string;
  ended_at?: string;
  last_seen_at?: string;
  started_at?: string;
}

/** log.schema.json#/$defs/Log */
export interface CloudflareJobLog {
  id: number;
  created_at: number;
  message: string;
  message_type: number;
}

/** envelope.schema.json#/$defs/Message (and Error, with path) */
export interface CloudflareMessage {
  code: number;
  message: string;
  path?: string[];
}

/** envelope.schema.json#/$defs/ResultInfo */
export interface CloudflareResultInfo {
  count: number;
  page: number;
  per_page: number;
  total_count: number;
}

/** The v4 envelope around one result (JobResponse). */
export interface CloudflareEnvelope<T> {
  success: boolean;
  errors?: CloudflareMessage[];
  messages?: CloudflareMessage[];
  result: T;
}

/** JobListResponse, LogListResponse */
export interface CloudflareListEnvelope<T> extends CloudflareEnvelope<T[]> {
  result_info: CloudflareResultInfo;
}

/** envelope.schema.json#/$defs/ErrorEnvelope */
export interface CloudflareErrorEnvelope {
  success: boolean;
  errors: CloudflareMessage[];
  messages?: CloudflareMessage[];
  result?: Record<string, unknown> | null;
}

/** requests.schema.json#/$defs/CreateJobRequest */
export interface CloudflareCreateJobRequest {
  description?: string;
}

/** The page and per_page query parameters of the list operations. */
export interface CloudflarePaging {
  page?: number;
  per_page?: number;
}

export type CloudflareResult<T> = ApiResult<T, CloudflareErrorEnvelope>;

export interface CloudflareJobsClient {
  createJob(
    body?: CloudflareCreateJobRequest,
    extras?: CallExtras,
  ): Promise<CloudflareResult<CloudflareEnvelope<CloudflareJob>>>;
  listJobs(
    paging?: CloudflarePaging,
    extras?: CallExtras,
  ): Promise<CloudflareResult<CloudflareListEnvelope<CloudflareJob>>>;
  getJob(jobId: string, extras?: CallExtras): Promise<CloudflareResult<CloudflareEnvelope<CloudflareJob>>>;
  cancelJob(jobId: string, extras?: CallExtras): Promise<CloudflareResult<CloudflareEnvelope<CloudflareJob>>>;
  listJobLogs(
    jobId: string,
    paging?: CloudflarePaging,
    extras?: CallExtras,
  ): Promise<CloudflareResult<CloudflareListEnvelope<CloudflareJobLog>>>;
}

/** The one value of the cancel body's `action` enum, read from the request schema. */
export function cancelAction(operation: Operation): string {
  const body = operation.requestBody?.body;
  const ref = (body?.schema.properties as Record<string, { $ref?: string; enum?: unknown[] }> | undefined)
    ?.action;
  const schema = ref?.$ref ? getCatalogue().schema(new URL(ref.$ref, body?.ref).href).schema : ref;
  const values = (schema as { enum?: unknown[] } | undefined)?.enum;
  const only = values?.length === 1 ? values[0] : undefined;
  if (typeof only !== 'string') {
    throw new UsageError(
      `${operation.key}: the request schema must name exactly one action, found ${JSON.stringify(values)}`,
    );
  }
  return only;
}

/** Typed calls for both Cloudflare surfaces (per-instance and namespaced): the target decides which. */
export function cloudflareJobs(target: Target, http: HttpClient): CloudflareJobsClient {
  const api = getCatalogue().api(target.api);
  if (api.provider !== 'cloudflare') {
    throw new UsageError(`cloudflareJobs needs a Cloudflare AI Search target, not ${target.api}`);
  }
  const call = <T>(id: string, options: Parameters<typeof callOperation>[3]) =>
    callOperation(http, target, api.operation(id), options).then((x) =>
      toResult<T, CloudflareErrorEnvelope>(x),
    );
  return {
    createJob: (body, extras) => call('createJob', { ...extras, ...(body !== undefined ? { body } : {}) }),
    listJobs: (paging = {}, extras) => call('listJobs', { ...extras, query: { ...paging } }),
    getJob: (jobId, extras) => call('getJob', { ...extras, pathParams: { job_id: jobId } }),
    cancelJob: (jobId, extras) => {
      const op = api.operation('cancelJob');
      return call('cancelJob', {
        ...extras,
        pathParams: { job_id: jobId },
        body: { action: cancelAction(op) },
      });
    },
    listJobLogs: (jobId, paging = {}, extras) =>
      call('listJobLogs', { ...extras, pathParams: { job_id: jobId }, query: { ...paging } }),
  };
}
