import { getCatalogue } from '../../catalogue/index.ts';
import { type Exchange, type Target, UsageError } from '../../core/index.ts';
import { requestClientCredentialsToken } from '../auth.ts';
import { type CallOptions, callOperation } from '../call.ts';
import type { HttpClient } from '../client-options.ts';
import { type ApiResult, type CallExtras, toResult } from './result.ts';

// Shapes of schemas/emporix-ai-service/*.schema.json. Enum-typed fields are plain strings: the
// allowed values (and the deprecated ones) live in the schemas alone.

/** job.schema.json#/$defs/ImportedEntity */
export interface EmporixImportedEntity {
  id?: string;
  name?: string;
  /** ImportedEntityState */
  state?: string;
  details?: Array<{ /** ImportDetailCode */ code?: string; message?: string }>;
}

/** job.schema.json#/$defs/Job */
export interface EmporixJob {
  id?: string;
  /** AgentType */
  agentType?: string;
  /** JobStatus */
  status?: string;
  /** JobType */
  type?: string;
  exportResult?: { data?: string; checksum?: string };
  importResult?: {
    message?: string;
    summary?: {
      agents?: EmporixImportedEntity[];
      tools?: EmporixImportedEntity[];
      mcpServers?: EmporixImportedEntity[];
    };
  };
  sessionId?: string;
  agentId?: string;
  message?: string;
  commerceEvent?: string;
  metadata?: { version: number; createdAt: string; modifiedAt: string };
}

/** error.schema.json: ErrorMessage (400/403/404) or ErrorMessageFault (401). */
export interface EmporixError {
  code?: number;
  type?: string;
  message?: string;
  moreInfo?: string;
  details?: Array<{ field?: string; type?: string; message?: string; moreInfo?: string }>;
  fault?: { faultstring?: string; detail?: { errorcode?: string } };
}

/** The query of GET .../jobs; page numbers are strings on the wire, numbers are accepted here. */
export interface EmporixListQuery {
  q?: string;
  pageSize?: string | number;
  pageNumber?: string | number;
  sort?: string;
  fields?: string;
}

/** requests.schema.json#/$defs/QParamSearchBody */
export interface EmporixSearchBody {
  q?: string;
}

/** The OAuth2 token answer, as recorded (the token itself redacted). */
export interface EmporixTokenResponse {
  access_token?: string;
  token_type?: string;
  expires_in?: number;
  scope?: string;
  [key: string]: unknown;
}

export interface EmporixListOptions extends CallExtras {
  /** Ask for the total in the response header the pagination spec names (X-Total-Count). */
  totalCount?: boolean;
}

export type EmporixResult<T> = ApiResult<T, EmporixError>;
export type EmporixListResult = EmporixResult<EmporixJob[]> & {
  /** The total from the response header, when asked for and sent as a number. */
  totalCount?: number;
};

export interface EmporixJobsClient {
  listJobs(query?: EmporixListQuery, options?: EmporixListOptions): Promise<EmporixListResult>;
  searchJobs(
    body: EmporixSearchBody,
    query?: Omit<EmporixListQuery, 'q'>,
    options?: EmporixListOptions,
  ): Promise<EmporixListResult>;
  getJob(jobId: string, options?: CallExtras & { fields?: string }): Promise<EmporixResult<EmporixJob>>;
  deleteJob(jobId: string, options?: CallExtras): Promise<EmporixResult<undefined>>;
  /** A fresh client-credentials token (recorded, redacted); needs emporix-client credentials. */
  token(scope?: string): Promise<{ exchange: Exchange; body?: EmporixTokenResponse }>;
}

const asQuery = (query: EmporixListQuery) =>
  Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v === undefined ? undefined : String(v)]));

export function emporixJobs(target: Target, http: HttpClient): EmporixJobsClient {
  if (target.api !== 'emporix-ai-service') {
    throw new UsageError(`emporixJobs needs an emporix-ai-service target, not ${target.api}`);
  }
  const api = getCatalogue().api(target.api);

  async function list(
    id: string,
    options: CallOptions,
    wantTotal: boolean | undefined,
  ): Promise<EmporixListResult> {
    const op = api.operation(id);
    const total = op.pagination?.request.total;
    const totalHeader = op.pagination?.response.totalHeader;
    const headers = { ...(wantTotal && total ? { [total.name]: total.value } : {}), ...options.headers };
    const exchange = await callOperation(http, target, op, { ...options, headers });
    const result: EmporixListResult = toResult(exchange);
    const sent = totalHeader ? exchange.response?.headers[totalHeader.toLowerCase()] : undefined;
    if (sent !== undefined && /^\d+$/.test(sent.trim())) result.totalCount = Number(sent);
    return result;
  }

  return {
    listJobs: (query = {}, { totalCount, ...extras } = {}) =>
      list('listJobs', { ...extras, query: asQuery(query) }, totalCount),
    searchJobs: (body, query = {}, { totalCount, ...extras } = {}) =>
      list('searchJobs', { ...extras, query: asQuery(query), body }, totalCount),
    getJob: async (jobId, { fields, ...extras } = {}) =>
      toResult(
        await callOperation(http, target, api.operation('getJob'), {
          ...extras,
          pathParams: { jobId },
          query: { fields },
        }),
      ),
    deleteJob: async (jobId, extras = {}) =>
      toResult(
        await callOperation(http, target, api.operation('deleteJob'), { ...extras, pathParams: { jobId } }),
      ),
    async token(scope) {
      const creds = target.credentials;
      if (creds.kind !== 'emporix-client') {
        throw new UsageError(
          `token() needs emporix-client credentials (client id and secret), not ${creds.kind}`,
        );
      }
      const { exchange } = await requestClientCredentialsToken(http, {
        api: api.id,
        tokenUrl: creds.tokenUrl,
        clientId: creds.clientId,
        clientSecret: creds.clientSecret,
        ...(scope ? { scope } : {}),
      });
      return toResult<EmporixTokenResponse, unknown>(exchange);
    },
  };
}
