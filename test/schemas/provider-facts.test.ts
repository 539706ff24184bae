// One row per fact in ../shared/provider-docs/README.md (and the captured pages' lists it points
// to), each saying where the fact lives in the schemas or the catalogue. A fact missing from the
// schemas fails its row; this table is how "every fact can be found in the schemas" is proven.
import { describe, expect, it } from 'vitest';
import { getAtPointer, getCatalogue, type JsonSchema } from '../../src/catalogue/index.ts';
import { jsonFences, openApiFiles, providerPage, SCHEMA_BASE, schemaFiles } from './schema-files.ts';

const catalogue = getCatalogue();
const CF = 'cloudflare-ai-search';
const NS = 'cloudflare-ai-search-namespaced';
const V1 = 'vectara-v1';
const V2 = 'vectara-v2';
const EM = 'emporix-ai-service';

const files = new Map(schemaFiles().map((f) => [`${f.folder}/${f.name}`, f.doc]));
const openapis = new Map(openApiFiles().map((f) => [f.folder, f.doc]));

/** A node of a schema file, e.g. def('cloudflare-ai-search/job.schema.json', 'Job', 'properties/id'). */
function def(file: string, name: string, below = ''): JsonSchema {
  const node = getAtPointer(files.get(file), `/$defs/${name}${below ? `/${below}` : ''}`);
  if (node === undefined) throw new Error(`${file}#/$defs/${name}/${below} is missing`);
  return node as JsonSchema;
}
/** A node of an openapi.json. */
const oa = (api: string, pointer: string) => getAtPointer(openapis.get(api), pointer) as JsonSchema;
const op = (api: string, id: string) => catalogue.operation(api, id);
const param = (api: string, opId: string, name: string) => {
  const found = op(api, opId).parameters.find((p) => p.name === name);
  if (!found) throw new Error(`${api}:${opId} has no parameter ${name}`);
  return found;
};
/** The resolved schema node of a parameter: its bounds, default, pattern. */
const paramSchema = (api: string, opId: string, name: string) => param(api, opId, name).schema.schema;
const responseRef = (api: string, opId: string, status: string) =>
  op(api, opId).responses.get(status)?.body?.ref.replace(SCHEMA_BASE, '');
const props = (node: JsonSchema) => Object.keys((node.properties ?? {}) as object);
const valid = (ref: string, value: unknown) => catalogue.schema(`${SCHEMA_BASE}${ref}`).validate(value);
/** The bracketed "Possible values: [A, B, …]" list that starts with `first` in a captured page. */
function possibleValues(page: string, first: string): string[] {
  const text = providerPage(page);
  const start = text.indexOf(`Possible values: [${first}`);
  const list = text.slice(start + 'Possible values: ['.length, text.indexOf(']', start));
  return list.split(/\s*\n?,\s*/).map((v) => v.trim());
}
/** The enum of a component schema in the captured Emporix OpenAPI fragments. */
function capturedEmporix(pointer: string): unknown {
  const [first] = jsonFences(providerPage('emporix-ai-service-jobs.md'));
  return getAtPointer(first, pointer);
}

type Fact = [fact: string, actual: () => unknown, expected: unknown];

const CF_JOB = `${CF}/job.schema.json`;
const CF_ENV = `${CF}/envelope.schema.json`;
const CF_PARAMS = `${CF}/parameters.schema.json`;
const CF_REQ = `${CF}/requests.schema.json`;
const CF_LOG = `${CF}/log.schema.json`;

const CLOUDFLARE: Fact[] = [
  [
    'base URL https://api.cloudflare.com/client/v4/accounts/{account_id}/ai-search',
    () =>
      [CF, NS].map((api) => [
        catalogue.api(api).serverUrl,
        catalogue.api(api).operations.every((o) => o.path.startsWith('/accounts/{account_id}/ai-search/')),
      ]),
    [
      ['https://api.cloudflare.com/client/v4', true],
      ['https://api.cloudflare.com/client/v4', true],
    ],
  ],
  [
    'namespaced surface inserts /namespaces/{name} before /instances, same statuses and shapes',
    () =>
      catalogue.api(CF).operations.map((o) => {
        const n = op(NS, o.id);
        return (
          n.path === o.path.replace('/instances/', '/namespaces/{name}/instances/') &&
          n.statuses.join() === o.statuses.join() &&
          [...o.responses.keys()].every(
            (s) => o.responses.get(s)?.body?.ref === n.responses.get(s)?.body?.ref,
          )
        );
      }),
    [true, true, true, true, true],
  ],
  [
    'namespace name is a plain string path parameter',
    () => [param(NS, 'listJobs', 'name').in, paramSchema(NS, 'listJobs', 'name').type],
    ['path', 'string'],
  ],
  [
    'list jobs: page integer, default 1, minimum 1',
    () => paramSchema(CF, 'listJobs', 'page'),
    expect.objectContaining({ type: 'integer', default: 1, minimum: 1 }),
  ],
  [
    'list jobs: per_page integer, default 20, 0..50',
    () => paramSchema(CF, 'listJobs', 'per_page'),
    expect.objectContaining({ type: 'integer', default: 20, minimum: 0, maximum: 50 }),
  ],
  [
    'list jobs: the captured page also gives per_page 0..50 and page minimum 1',
    () =>
      /page: optional number\nminimum1\nper_page: optional number\nmaximum50\nminimum0/.test(
        providerPage('cloudflare-ai-search-namespace-list-jobs.txt'),
      ),
    true,
  ],
  [
    'list jobs: 200 {success, result: Job[], result_info}; errors 400, 404, 503',
    () => [
      op(CF, 'listJobs').statuses,
      responseRef(CF, 'listJobs', '200'),
      def(CF_JOB, 'JobListResponse').required,
    ],
    [[200, 400, 404, 503], `${CF_JOB}#/$defs/JobListResponse`, ['success', 'result', 'result_info']],
  ],
  [
    'create job: optional body {description?: string max 255}, nothing else',
    () => [
      op(CF, 'createJob').requestBody?.required,
      def(CF_REQ, 'CreateJobRequest', 'properties/description'),
      def(CF_REQ, 'CreateJobRequest').additionalProperties,
    ],
    [false, { type: 'string', maxLength: 255 }, false],
  ],
  [
    'create job: 200 (not 201) {success, result: Job}; errors 400, 404, 429, 503',
    () => [op(CF, 'createJob').statuses, responseRef(CF, 'createJob', '200')],
    [[200, 400, 404, 429, 503], `${CF_JOB}#/$defs/JobResponse`],
  ],
  [
    'create job: 429 says "Sync in cooldown."',
    () => op(CF, 'createJob').responses.get('429')?.errorMessage,
    'Sync in cooldown.',
  ],
  [
    'get job: 200 {success, result: Job}; errors 404, 503',
    () => [op(CF, 'getJob').statuses, responseRef(CF, 'getJob', '200')],
    [[200, 404, 503], `${CF_JOB}#/$defs/JobResponse`],
  ],
  [
    'get job: 404 says "Job not found."',
    () => op(CF, 'getJob').responses.get('404')?.errorMessage,
    'Job not found.',
  ],
  [
    'cancel: PATCH with an optional body whose action is required, "cancel" the only value',
    () => [
      op(CF, 'cancelJob').method,
      op(CF, 'cancelJob').requestBody?.required,
      def(CF_REQ, 'ChangeJobStatusRequest').required,
      def(CF_REQ, 'JobAction').enum,
    ],
    ['PATCH', false, ['action'], ['cancel']],
  ],
  [
    'cancel: 200 {success, result: Job}; errors 400 "Job cannot be cancelled.", 404 "Job not found.", 503',
    () => [
      op(CF, 'cancelJob').statuses,
      op(CF, 'cancelJob').responses.get('400')?.errorMessage,
      op(CF, 'cancelJob').responses.get('404')?.errorMessage,
    ],
    [[200, 400, 404, 503], 'Job cannot be cancelled.', 'Job not found.'],
  ],
  [
    'logs: page default 1 min 1; per_page default 20, 0..500 (not 50)',
    () => [paramSchema(CF, 'listJobLogs', 'page'), paramSchema(CF, 'listJobLogs', 'per_page')],
    [
      expect.objectContaining({ default: 1, minimum: 1 }),
      expect.objectContaining({ type: 'integer', default: 20, minimum: 0, maximum: 500 }),
    ],
  ],
  [
    'logs: 200 {success, result: Log[], result_info}; errors 400, 404, 503',
    () => [
      op(CF, 'listJobLogs').statuses,
      responseRef(CF, 'listJobLogs', '200'),
      def(CF_LOG, 'LogListResponse').required,
    ],
    [[200, 400, 404, 503], `${CF_LOG}#/$defs/LogListResponse`, ['success', 'result', 'result_info']],
  ],
  [
    'Job: id* string, source* "user" | "schedule"',
    () => [
      def(CF_JOB, 'Job').required,
      def(CF_JOB, 'Job', 'properties/id').type,
      def(CF_JOB, 'JobSource').enum,
    ],
    [['id', 'source'], 'string', ['user', 'schedule']],
  ],
  [
    'Job source enum matches the Go SDK page',
    () =>
      [
        ...providerPage('cloudflare-ai-search-get-job-go.txt').matchAll(
          /InstanceJobGetResponseSource = "(\w+)"/g,
        ),
      ].map((m) => m[1]),
    def(CF_JOB, 'JobSource').enum,
  ],
  [
    'Job: description, end_reason, ended_at, last_seen_at, started_at are optional plain strings',
    () =>
      ['description', 'end_reason', 'ended_at', 'last_seen_at', 'started_at'].map(
        (f) => def(CF_JOB, 'Job', `properties/${f}`).type,
      ),
    ['string', 'string', 'string', 'string', 'string'],
  ],
  [
    'Log: id* integer, created_at* number, message* string, message_type* integer',
    () => [
      def(CF_LOG, 'Log').required,
      ['id', 'created_at', 'message', 'message_type'].map((f) => def(CF_LOG, 'Log', `properties/${f}`).type),
    ],
    [
      ['id', 'created_at', 'message', 'message_type'],
      ['integer', 'number', 'string', 'integer'],
    ],
  ],
  [
    'result_info: count*, page*, per_page*, total_count*, integers',
    () => [
      def(CF_ENV, 'ResultInfo').required,
      props(def(CF_ENV, 'ResultInfo')).map((f) => def(CF_ENV, 'ResultInfo', `properties/${f}`).type),
    ],
    [
      ['count', 'page', 'per_page', 'total_count'],
      ['integer', 'integer', 'integer', 'integer'],
    ],
  ],
  [
    'error envelope: {success*: false, errors*: [{code*: number, message*: string}]}',
    () => [
      def(CF_ENV, 'ErrorEnvelope').required,
      def(CF_ENV, 'ErrorEnvelope', 'properties/success').const,
      def(CF_ENV, 'Error').required,
      def(CF_ENV, 'Error', 'properties/code').type,
      def(CF_ENV, 'Error', 'properties/message').type,
    ],
    [['success', 'errors'], false, ['code', 'message'], 'number', 'string'],
  ],
  [
    'error envelope: input-validation errors carry path: string[]',
    () => def(CF_ENV, 'Error', 'properties/path'),
    { type: 'array', items: { type: 'string' } },
  ],
  [
    'every Cloudflare error status answers with the error envelope',
    () =>
      [CF, NS]
        .flatMap((api) =>
          catalogue
            .api(api)
            .operations.flatMap((o) =>
              o.statuses.filter((s) => s >= 400).map((s) => responseRef(api, o.id, String(s))),
            ),
        )
        .every((ref) => ref === `${CF_ENV}#/$defs/ErrorEnvelope`),
    true,
  ],
  [
    'path id: string 1..64, ^[a-z0-9_]+(?:-[a-z0-9_]+)*$; job_id a plain string',
    () => [paramSchema(CF, 'getJob', 'id'), paramSchema(CF, 'getJob', 'job_id').type],
    [
      expect.objectContaining({
        type: 'string',
        minLength: 1,
        maxLength: 64,
        pattern: '^[a-z0-9_]+(?:-[a-z0-9_]+)*$',
      }),
      'string',
    ],
  ],
  [
    'auth: Authorization: Bearer <token>, or X-Auth-Email with X-Auth-Key',
    () => [
      catalogue.api(CF).securitySchemes,
      op(CF, 'listJobs').security.map((alt) => Object.keys(alt.schemes)),
    ],
    [
      expect.objectContaining({
        apiToken: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
        apiEmail: expect.objectContaining({ headerName: 'X-Auth-Email' }),
        apiKey: expect.objectContaining({ headerName: 'X-Auth-Key' }),
      }),
      [['apiToken'], ['apiEmail', 'apiKey']],
    ],
  ],
  [
    'auth rejection: 400, 401, 403 with the error envelope; commonly 403 code 10000 "Authentication error"',
    () =>
      [CF, NS].map((api) => [
        catalogue.api(api).authRejection.statuses,
        catalogue.api(api).authRejection.body.ref.replace(SCHEMA_BASE, ''),
        oa(api, '/x-auth-rejection/typical'),
      ]),
    [CF, NS].map(() => [
      [400, 401, 403],
      `${CF_ENV}#/$defs/ErrorEnvelope`,
      { status: 403, code: 10000, message: 'Authentication error' },
    ]),
  ],
  [
    'rate limit: 1200 requests per 5 minutes; 429 with retry-after, and Ratelimit/Ratelimit-Policy (the x-ratelimit-* names kept as provenance)',
    () => [CF, NS].map((api) => catalogue.api(api).rateLimit),
    [CF, NS].map(() =>
      expect.objectContaining({
        requests: 1200,
        windowSeconds: 300,
        status: 429,
        headers: ['retry-after', 'ratelimit', 'ratelimit-policy'],
        'x-provenance': [
          expect.objectContaining({ field: 'headers', was: expect.arrayContaining(['x-ratelimit-reset']) }),
        ],
      }),
    ),
  ],
  [
    'the 429 on create documents its retry-after header',
    () => Object.keys(op(CF, 'createJob').responses.get('429')?.headers ?? {}),
    ['retry-after'],
  ],
  [
    'the SDK pages with page + 1 until an empty result: a page past the end is an empty result',
    () =>
      [CF, NS].flatMap((api) =>
        ['listJobs', 'listJobLogs'].map((id) => [
          op(api, id).pagination?.style,
          op(api, id).pagination?.firstPage,
          op(api, id).pagination?.pastLastPage,
        ]),
      ),
    Array(4).fill(['page-result-info', 1, 'empty-result']),
  ],
  [
    'page-result-info paging reads items at /result and totals in result_info',
    () => op(CF, 'listJobs').pagination?.response,
    {
      items: '/result',
      count: '/result_info/count',
      total: '/result_info/total_count',
      page: '/result_info/page',
      perPage: '/result_info/per_page',
    },
  ],
  [
    'the SDK retries 408, 409, 429 and 5xx, obeying x-should-retry first, honouring retry-after-ms and retry-after',
    () => [CF, NS].map((api) => oa(api, '/x-sdk-retry')),
    [CF, NS].map(() =>
      expect.objectContaining({
        statuses: [408, 409, 429, '5xx'],
        honours: ['x-should-retry', 'retry-after-ms', 'retry-after'],
      }),
    ),
  ],
  [
    'provenance: the captured PATCH body was only "Change Job Status"',
    () => def(CF_REQ, 'ChangeJobStatusRequest')['x-provenance'],
    [expect.objectContaining({ field: 'action', was: expect.stringContaining('Change Job Status') })],
  ],
  [
    'provenance: logs per_page maximum 500, the captured page said 50',
    () => def(CF_PARAMS, 'LogsPerPage')['x-provenance'],
    [expect.objectContaining({ field: 'maximum', was: 50, now: 500 })],
  ],
  [
    'provenance: the captured page did not list 429 on create',
    () => oa(CF, '/paths/~1accounts~1{account_id}~1ai-search~1instances~1{id}~1jobs/post/x-provenance'),
    [expect.objectContaining({ field: 'responses.429', was: 'not listed' })],
  ],
  [
    'provenance: the captured pages listed 500 Internal Error, now 503',
    () => [CF, NS].map((api) => oa(api, '/x-previously-documented-statuses/500/replacedBy')),
    ['503', '503'],
  ],
];

const V1_REQ = `${V1}/list-jobs.schema.json`;
const V1_JOB = `${V1}/job.schema.json`;
const V1_STATUS = `${V1}/status.schema.json`;

const VECTARA_V1: Fact[] = [
  [
    'POST /v1/list-jobs is a read sent with POST',
    () => [op(V1, 'listJobs').method, op(V1, 'listJobs').path, op(V1, 'listJobs').writes],
    ['POST', '/v1/list-jobs', false],
  ],
  [
    'header customer-id: integer, required',
    () => [
      param(V1, 'listJobs', 'customer-id').in,
      param(V1, 'listJobs', 'customer-id').required,
      paramSchema(V1, 'listJobs', 'customer-id').type,
    ],
    ['header', true, 'integer'],
  ],
  [
    'header timeout: optional, default "30S"',
    () => [param(V1, 'listJobs', 'timeout').required, paramSchema(V1, 'listJobs', 'timeout').default],
    [false, '30S'],
  ],
  [
    'auth: x-api-key, or Authorization: Bearer',
    () => Object.values(catalogue.api(V1).securitySchemes).map((s) => s.headerName ?? s.scheme),
    ['x-api-key', 'bearer'],
  ],
  [
    'body fields: jobId, corpusId, epochSecs, state, numResults, pageKey (no others)',
    () => [props(def(V1_REQ, 'ListJobsRequest')), def(V1_REQ, 'ListJobsRequest').additionalProperties],
    [['jobId', 'corpusId', 'epochSecs', 'state', 'numResults', 'pageKey'], false],
  ],
  [
    'body: corpusId int[], epochSecs int64 as string, state JobState[]',
    () => [
      def(V1_REQ, 'ListJobsRequest', 'properties/corpusId/items').type,
      def(V1_REQ, 'ListJobsRequest', 'properties/epochSecs').$ref,
      def(V1_REQ, 'ListJobsRequest', 'properties/state/items').$ref,
      def(V1_JOB, 'Int64String').pattern,
    ],
    ['integer', 'job.schema.json#/$defs/Int64String', 'job.schema.json#/$defs/JobState', '^-?[0-9]+$'],
  ],
  [
    'body: numResults integer, max 100',
    () => def(V1_REQ, 'ListJobsRequest', 'properties/numResults'),
    expect.objectContaining({ type: 'integer', maximum: 100 }),
  ],
  ['body: pageKey base64', () => def(V1_REQ, 'PageKey').contentEncoding, 'base64'],
  [
    'with pageKey set, every other field is ignored',
    () => op(V1, 'listJobs').pagination?.cursorOverridesOtherFields,
    true,
  ],
  [
    'epochSecs defaults to, and may not go past, 180 days ago',
    () => def(V1_REQ, 'ListJobsRequest', 'properties/epochSecs')['x-max-age-days'],
    180,
  ],
  [
    'state unset returns QUEUED and STARTED jobs',
    () => def(V1_REQ, 'ListJobsRequest', 'properties/state')['x-default-when-unset'],
    ['JOB_STATE__QUEUED', 'JOB_STATE__STARTED'],
  ],
  [
    'response: {status: [{code, statusDetail}], job: [...], pageKey}',
    () => [props(def(V1_REQ, 'ListJobsResponse')), props(def(V1_STATUS, 'Status'))],
    [
      ['status', 'job', 'pageKey'],
      ['code', 'statusDetail'],
    ],
  ],
  [
    'job: id, type, corpusId[], state, tsCreate, tsStart, tsComplete (int64 as strings), userHandle',
    () => [
      props(def(V1_JOB, 'Job')),
      ['tsCreate', 'tsStart', 'tsComplete'].map((f) => def(V1_JOB, 'Job', `properties/${f}`).$ref),
    ],
    [
      ['id', 'type', 'corpusId', 'state', 'tsCreate', 'tsStart', 'tsComplete', 'userHandle'],
      Array(3).fill('#/$defs/Int64String'),
    ],
  ],
  [
    'cursor paging: pageKey in the body, next in /pageKey, an empty pageKey is the last page',
    () => op(V1, 'listJobs').pagination,
    expect.objectContaining({
      style: 'cursor',
      request: { cursor: { in: 'body', name: 'pageKey' }, size: { in: 'body', name: 'numResults' } },
      response: { items: '/job', nextCursor: '/pageKey' },
      lastPage: 'empty-cursor',
    }),
  ],
  [
    'job type: JOB__UNKNOWN | JOB__CORPUS_REBUILD_VECTOR_INDEX | JOB__CORPUS_REPLACE_FILTER_ATTRS (as on the page)',
    () => [def(V1_JOB, 'JobType').enum, possibleValues('vectara-v1-list-jobs.txt', 'JOB__UNKNOWN')],
    [
      ['JOB__UNKNOWN', 'JOB__CORPUS_REBUILD_VECTOR_INDEX', 'JOB__CORPUS_REPLACE_FILTER_ATTRS'],
      ['JOB__UNKNOWN', 'JOB__CORPUS_REBUILD_VECTOR_INDEX', 'JOB__CORPUS_REPLACE_FILTER_ATTRS'],
    ],
  ],
  [
    'job state: the seven JOB_STATE__ values (as on the page)',
    () => def(V1_JOB, 'JobState').enum,
    [
      'UNKNOWN',
      'QUEUED',
      'STARTED',
      'COMPLETED',
      'FAILED',
      'TRANSIENT_FAILURE_RETRY_IMMINENT',
      'ABORTED',
    ].map((s) => `JOB_STATE__${s}`),
  ],
  [
    "job state list equals the captured page's",
    () => possibleValues('vectara-v1-list-jobs.txt', 'JOB_STATE__UNKNOWN'),
    def(V1_JOB, 'JobState').enum,
  ],
  [
    'status codes: the long code enum of the captured page, in order',
    () => possibleValues('vectara-v1-list-jobs.txt', 'OK'),
    def(V1_STATUS, 'StatusCode').enum,
  ],
  [
    'errors: a default response {code: int32, message, details: [{"@type"}]}',
    () => [
      op(V1, 'listJobs').hasDefaultResponse,
      responseRef(V1, 'listJobs', 'default'),
      def(V1_STATUS, 'RpcStatus', 'properties/code'),
      props(def(V1_STATUS, 'RpcStatus')),
      props(def(V1_STATUS, 'Any')),
    ],
    [
      true,
      `${V1_STATUS}#/$defs/RpcStatus`,
      { type: 'integer', minimum: -2147483648, maximum: 2147483647 },
      ['code', 'message', 'details'],
      ['@type'],
    ],
  ],
  [
    'rejected credentials: the default google.rpc.Status body, 401 or 403',
    () => [
      catalogue.api(V1).authRejection.statuses,
      catalogue.api(V1).authRejection.body.ref.replace(SCHEMA_BASE, ''),
    ],
    [[401, 403], `${V1_STATUS}#/$defs/RpcStatus`],
  ],
];

const V2_JOB = `${V2}/job.schema.json`;
const V2_ERR = `${V2}/error.schema.json`;

const VECTARA_V2: Fact[] = [
  [
    'base https://api.vectara.io; GET /v2/jobs and GET /v2/jobs/{job_id}',
    () => [catalogue.api(V2).serverUrl, catalogue.api(V2).operations.map((o) => `${o.method} ${o.path}`)],
    ['https://api.vectara.io', ['GET /v2/jobs', 'GET /v2/jobs/{job_id}']],
  ],
  [
    'list: corpus_key string[], each [a-zA-Z0-9_=-]+, max 50 chars, sent repeated',
    () => [
      param(V2, 'listJobs', 'corpus_key').style,
      param(V2, 'listJobs', 'corpus_key').explode,
      paramSchema(V2, 'listJobs', 'corpus_key').type,
      def(V2_JOB, 'CorpusKey'),
    ],
    [
      'form',
      true,
      'array',
      expect.objectContaining({ type: 'string', pattern: '^[a-zA-Z0-9_=-]+$', maxLength: 50 }),
    ],
  ],
  [
    'list: after date-time; state JobState[] sent repeated',
    () => [
      paramSchema(V2, 'listJobs', 'after').format,
      paramSchema(V2, 'listJobs', 'state').items,
      param(V2, 'listJobs', 'state').explode,
    ],
    ['date-time', { $ref: 'job.schema.json#/$defs/JobState' }, true],
  ],
  [
    'list: limit 1..100, default 10; page_key',
    () => [paramSchema(V2, 'listJobs', 'limit'), paramSchema(V2, 'listJobs', 'page_key').type],
    [expect.objectContaining({ type: 'integer', minimum: 1, maximum: 100, default: 10 }), 'string'],
  ],
  [
    'headers Request-Timeout and Request-Timeout-Millis on both operations',
    () =>
      ['listJobs', 'getJob'].map((id) =>
        op(V2, id)
          .parameters.filter((p) => p.in === 'header')
          .map((p) => p.name),
      ),
    [
      ['Request-Timeout', 'Request-Timeout-Millis'],
      ['Request-Timeout', 'Request-Timeout-Millis'],
    ],
  ],
  [
    'list: 200 {jobs?: Job[], metadata?: {page_key?}}; 403 Error',
    () => [
      props(def(V2_JOB, 'ListJobsResponse')),
      def(V2_JOB, 'ListJobsResponse').required,
      props(def(V2_JOB, 'ListMetadata')),
      responseRef(V2, 'listJobs', '403'),
    ],
    [['jobs', 'metadata'], undefined, ['page_key'], `${V2_ERR}#/$defs/Error`],
  ],
  [
    'list: 400 BadRequestError is inferred, and says so',
    () => [responseRef(V2, 'listJobs', '400'), typeof op(V2, 'listJobs').responses.get('400')?.inferred],
    [`${V2_ERR}#/$defs/BadRequestError`, 'string'],
  ],
  [
    'get: job_id matching job_.+; 200 Job, 403 Error, 404 NotFoundError',
    () => [
      paramSchema(V2, 'getJob', 'job_id').pattern,
      op(V2, 'getJob').statuses,
      responseRef(V2, 'getJob', '200'),
      responseRef(V2, 'getJob', '403'),
      responseRef(V2, 'getJob', '404'),
    ],
    [
      '^job_.+$',
      [200, 403, 404],
      `${V2_JOB}#/$defs/Job`,
      `${V2_ERR}#/$defs/Error`,
      `${V2_ERR}#/$defs/NotFoundError`,
    ],
  ],
  [
    'Job: id (job_.+), type, corpus_keys[], state, created_at, started_at, completed_at (date-time), created_by_username, all optional',
    () => [
      props(def(V2_JOB, 'Job')),
      def(V2_JOB, 'Job').required,
      ['created_at', 'started_at', 'completed_at'].map((f) => def(V2_JOB, 'Job', `properties/${f}`).format),
      def(V2_JOB, 'Job', 'properties/id').$ref,
    ],
    [
      [
        'id',
        'type',
        'corpus_keys',
        'state',
        'created_at',
        'started_at',
        'completed_at',
        'created_by_username',
      ],
      undefined,
      Array(3).fill('date-time'),
      '#/$defs/JobId',
    ],
  ],
  [
    "type: rebuild_vector_index | replace_filter_attributes | unknown, and the Python SDK's bulk_delete_documents",
    () => [catalogue.api(V2).enums.JobType?.current, def(V2_JOB, 'JobType')['x-provenance']],
    [
      ['rebuild_vector_index', 'replace_filter_attributes', 'unknown', 'bulk_delete_documents'],
      [
        expect.objectContaining({
          value: 'bulk_delete_documents',
          status: 'added',
          source: expect.stringContaining('Python SDK'),
        }),
      ],
    ],
  ],
  [
    'state: unknown | queued | started | completed | failed | failed_will_retry | aborted',
    () => catalogue.api(V2).enums.JobState?.current,
    ['unknown', 'queued', 'started', 'completed', 'failed', 'failed_will_retry', 'aborted'],
  ],
  [
    'errors: Error {messages?, request_id?}, NotFoundError {id?, messages?, request_id?}, BadRequestError {field_errors?: {string: string}, messages?, request_id?}',
    () => [
      props(def(V2_ERR, 'Error')),
      props(def(V2_ERR, 'NotFoundError')),
      props(def(V2_ERR, 'BadRequestError')),
      def(V2_ERR, 'BadRequestError', 'properties/field_errors/additionalProperties'),
      def(V2_ERR, 'Error', 'properties/messages/items'),
    ],
    [
      ['messages', 'request_id'],
      ['id', 'messages', 'request_id'],
      ['field_errors', 'messages', 'request_id'],
      { type: 'string' },
      { type: 'string' },
    ],
  ],
  [
    'auth: x-api-key, or OAuth2 client credentials used as Authorization: Bearer',
    () => Object.values(catalogue.api(V2).securitySchemes).map((s) => s.headerName ?? s.scheme),
    ['x-api-key', 'bearer'],
  ],
  [
    'rejected credentials: 401 or 403 with an Error body',
    () => [
      catalogue.api(V2).authRejection.statuses,
      catalogue.api(V2).authRejection.body.ref.replace(SCHEMA_BASE, ''),
    ],
    [[401, 403], `${V2_ERR}#/$defs/Error`],
  ],
  [
    'paging: cursor; next cursor metadata.page_key; stop when missing or empty',
    () => op(V2, 'listJobs').pagination,
    expect.objectContaining({
      style: 'cursor',
      request: { cursor: { in: 'query', name: 'page_key' }, size: { in: 'query', name: 'limit' } },
      response: { items: '/jobs', nextCursor: '/metadata/page_key' },
      lastPage: 'missing-or-empty-cursor',
    }),
  ],
];

const EM_JOB = `${EM}/job.schema.json`;
const EM_ERR = `${EM}/error.schema.json`;
const EM_PARAMS = `${EM}/parameters.schema.json`;
const EM_PAGING = {
  style: 'page-total-header',
  request: {
    page: { in: 'query', name: 'pageNumber' },
    size: { in: 'query', name: 'pageSize' },
    total: { in: 'header', name: 'X-Total-Count', value: 'true' },
  },
  response: { items: '', totalHeader: 'X-Total-Count' },
  firstPage: 1,
};

const EMPORIX: Fact[] = [
  [
    'base https://api.emporix.io; tenant path parameter, lowercase',
    () => [
      catalogue.api(EM).serverUrl,
      param(EM, 'listJobs', 'tenant').in,
      String(paramSchema(EM, 'listJobs', 'tenant').description),
    ],
    ['https://api.emporix.io', 'path', expect.stringContaining('lowercase')],
  ],
  [
    'list: GET /ai-service/{tenant}/jobs, query q, pageSize, pageNumber, sort, fields, header X-Total-Count',
    () => [
      op(EM, 'listJobs').method,
      op(EM, 'listJobs').path,
      op(EM, 'listJobs').parameters.map((p) => `${p.in}:${p.name}`),
    ],
    [
      'GET',
      '/ai-service/{tenant}/jobs',
      [
        'path:tenant',
        'query:q',
        'query:pageSize',
        'query:pageNumber',
        'query:sort',
        'query:fields',
        'header:X-Total-Count',
      ],
    ],
  ],
  [
    'list: 200 Job[]; errors 400, 401, 403',
    () => [op(EM, 'listJobs').statuses, responseRef(EM, 'listJobs', '200'), def(EM_JOB, 'JobList').type],
    [[200, 400, 401, 403], `${EM_JOB}#/$defs/JobList`, 'array'],
  ],
  [
    'search: POST .../jobs/search, the same query params but q; body {q?: string}',
    () => [
      op(EM, 'searchJobs').method,
      op(EM, 'searchJobs').path,
      op(EM, 'searchJobs').parameters.map((p) => p.name),
      props(def(`${EM}/requests.schema.json`, 'QParamSearchBody')),
      op(EM, 'searchJobs').requestBody?.required,
    ],
    [
      'POST',
      '/ai-service/{tenant}/jobs/search',
      ['tenant', 'pageSize', 'pageNumber', 'sort', 'fields', 'X-Total-Count'],
      ['q'],
      false,
    ],
  ],
  [
    'search: 200 Job[]; errors 400, 401, 403; a read',
    () => [op(EM, 'searchJobs').statuses, responseRef(EM, 'searchJobs', '200'), op(EM, 'searchJobs').writes],
    [[200, 400, 401, 403], `${EM_JOB}#/$defs/JobList`, false],
  ],
  [
    'get: GET .../jobs/{jobId} with fields; 200 Job; errors 401, 403, 404',
    () => [
      op(EM, 'getJob').path,
      op(EM, 'getJob').parameters.map((p) => p.name),
      op(EM, 'getJob').statuses,
      responseRef(EM, 'getJob', '200'),
    ],
    [
      '/ai-service/{tenant}/jobs/{jobId}',
      ['tenant', 'jobId', 'fields'],
      [200, 401, 403, 404],
      `${EM_JOB}#/$defs/Job`,
    ],
  ],
  [
    'delete: DELETE .../jobs/{jobId}, no params; 204 without a body; errors 400, 401, 403, 404',
    () => [
      op(EM, 'deleteJob').method,
      op(EM, 'deleteJob').parameters.map((p) => p.name),
      op(EM, 'deleteJob').statuses,
      op(EM, 'deleteJob').responses.get('204')?.body,
      op(EM, 'deleteJob').responses.get('204')?.contentType,
    ],
    ['DELETE', ['tenant', 'jobId'], [204, 400, 401, 403, 404], undefined, undefined],
  ],
  [
    'Job: no required fields; id, agentType, status, type, exportResult, importResult, sessionId, agentId, message, commerceEvent, metadata',
    () => [def(EM_JOB, 'Job').required, props(def(EM_JOB, 'Job'))],
    [
      undefined,
      [
        'id',
        'agentType',
        'status',
        'type',
        'exportResult',
        'importResult',
        'sessionId',
        'agentId',
        'message',
        'commerceEvent',
        'metadata',
      ],
    ],
  ],
  [
    'exportResult {data (base64 JSON), checksum}',
    () => [props(def(EM_JOB, 'ExportResult')), def(EM_JOB, 'ExportResult', 'properties/data')],
    [
      ['data', 'checksum'],
      expect.objectContaining({ contentEncoding: 'base64', contentMediaType: 'application/json' }),
    ],
  ],
  [
    'importResult {message, summary {agents[], tools[], mcpServers[] of {id, name, state, details[]}}}',
    () => [
      props(def(EM_JOB, 'ImportResult')),
      props(def(EM_JOB, 'ImportResult', 'properties/summary')),
      props(def(EM_JOB, 'ImportedEntity')),
    ],
    [
      ['message', 'summary'],
      ['agents', 'tools', 'mcpServers'],
      ['id', 'name', 'state', 'details'],
    ],
  ],
  [
    'metadata {version* >= 1, createdAt*, modifiedAt*}',
    () => [def(EM_JOB, 'MetadataResponse').required, def(EM_JOB, 'MetadataResponse', 'properties/version')],
    [['version', 'createdAt', 'modifiedAt'], expect.objectContaining({ type: 'integer', minimum: 1 })],
  ],
  [
    'agentType: generic | complaint | anti_fraud; support removed in 2026-08, kept as deprecated',
    () => [
      catalogue.api(EM).enums.AgentType?.current,
      catalogue.api(EM).enums.AgentType?.deprecated,
      def(EM_JOB, 'AgentType', 'anyOf/1'),
    ],
    [
      ['generic', 'complaint', 'anti_fraud'],
      ['support'],
      expect.objectContaining({
        const: 'support',
        deprecated: true,
        'x-provenance': expect.objectContaining({ status: 'removed', date: '2026-08' }),
      }),
    ],
  ],
  [
    'status: in_progress | success | failure | skipped (skipped added in 2026-06)',
    () => [catalogue.api(EM).enums.JobStatus?.current, def(EM_JOB, 'JobStatus')['x-provenance']],
    [
      ['in_progress', 'success', 'failure', 'skipped'],
      [expect.objectContaining({ value: 'skipped', status: 'added', date: '2026-06' })],
    ],
  ],
  [
    'type: IMPORT | EXPORT | AGENT_CHAT',
    () => catalogue.api(EM).enums.JobType?.current,
    ['IMPORT', 'EXPORT', 'AGENT_CHAT'],
  ],
  [
    'imported entity state: TO_CREATE | ENABLED | DISABLED | EXISTS | FAILED',
    () => catalogue.api(EM).enums.ImportedEntityState?.current,
    ['TO_CREATE', 'ENABLED', 'DISABLED', 'EXISTS', 'FAILED'],
  ],
  [
    'detail code: MISSING_FUNCTION | MISSING_TOKEN | NOT_IMPORTABLE | ALREADY_EXISTS | AGENT_IMPORTED_DISABLED | IMPORT_FAILED',
    () => catalogue.api(EM).enums.ImportDetailCode?.current,
    [
      'MISSING_FUNCTION',
      'MISSING_TOKEN',
      'NOT_IMPORTABLE',
      'ALREADY_EXISTS',
      'AGENT_IMPORTED_DISABLED',
      'IMPORT_FAILED',
    ],
  ],
  [
    'errors: ErrorMessage {code, type, message, moreInfo, details[{field, type, message, moreInfo}]}',
    () => [
      props(def(EM_ERR, 'ErrorMessage')),
      props(def(EM_ERR, 'ErrorMessage', 'properties/details/items')),
    ],
    [
      ['code', 'type', 'message', 'moreInfo', 'details'],
      ['field', 'type', 'message', 'moreInfo'],
    ],
  ],
  [
    'ErrorMessage answers 400/403/404; 401 is {fault: {faultstring, detail: {errorcode}}}',
    () =>
      catalogue
        .api(EM)
        .operations.flatMap((o) =>
          o.statuses
            .filter((s) => s >= 400)
            .map((s) => `${s} ${responseRef(EM, o.id, String(s))?.split('/').pop()}`),
        )
        .filter((v, i, all) => all.indexOf(v) === i)
        .sort(),
    ['400 ErrorMessage', '401 ErrorMessageFault', '403 ErrorMessage', '404 ErrorMessage'],
  ],
  [
    '401 fault shape, e.g. errorcode oauth.v2.InvalidAccessToken',
    () => [
      props(def(EM_ERR, 'ErrorMessageFault', 'properties/fault')),
      props(def(EM_ERR, 'ErrorMessageFault', 'properties/fault/properties/detail')),
      getAtPointer(def(EM_ERR, 'ErrorMessageFault'), '/examples/0/fault/detail/errorcode'),
    ],
    [['faultstring', 'detail'], ['errorcode'], 'oauth.v2.InvalidAccessToken'],
  ],
  [
    'auth: OAuth2 client credentials at /oauth/token, then Authorization: Bearer',
    () => Object.values(catalogue.api(EM).securitySchemes).map((s) => [s.type, s.tokenUrl]),
    [['oauth2', 'https://api.emporix.io/oauth/token']],
  ],
  [
    'scopes: reads need ai.agent_read; DELETE needs ai.agent_manage',
    () => catalogue.api(EM).operations.map((o) => [o.id, o.security.map((alt) => alt.schemes.OAuth2)]),
    [
      ['listJobs', [['ai.agent_read']]],
      ['searchJobs', [['ai.agent_read']]],
      ['getJob', [['ai.agent_read']]],
      ['deleteJob', [['ai.agent_manage']]],
    ],
  ],
  [
    'rejection: 401 fault for a bad token, 403 ErrorMessage for a missing scope',
    () => [
      catalogue.api(EM).authRejection.statuses,
      catalogue.api(EM).authRejection.body.ref.split('/').pop(),
      catalogue.api(EM).authRejection.insufficientScope?.status,
      catalogue.api(EM).authRejection.insufficientScope?.body.ref.split('/').pop(),
    ],
    [[401], 'ErrorMessageFault', 403, 'ErrorMessage'],
  ],
  [
    'paging: pageNumber from 1, pageSize per page; X-Total-Count: true asks for the total in the X-Total-Count response header',
    () => ['listJobs', 'searchJobs'].map((id) => op(EM, id).pagination),
    [expect.objectContaining(EM_PAGING), expect.objectContaining(EM_PAGING)],
  ],
  [
    'the X-Total-Count request header is a boolean; the response header a count',
    () => [
      paramSchema(EM, 'listJobs', 'X-Total-Count').type,
      op(EM, 'listJobs').responses.get('200')?.headers['x-total-count']?.schema.type,
    ],
    ['boolean', 'integer'],
  ],
  [
    'pageNumber and pageSize are positive integers (sent as strings)',
    () => [
      valid(`${EM_PARAMS}#/$defs/PageNumber`, '1'),
      valid(`${EM_PARAMS}#/$defs/PageNumber`, '0'),
      valid(`${EM_PARAMS}#/$defs/PageSize`, '25'),
    ],
    [true, false, true],
  ],
  [
    'sort: field:asc|desc, several comma-separated',
    () =>
      ['createdAt:desc', 'status:asc,id:desc', 'id', 'id:up'].map((s) =>
        valid(`${EM_PARAMS}#/$defs/Sort`, s),
      ),
    [true, true, true, false],
  ],
  [
    'q syntax: field:value, comparisons, ranges, quoted dates, :null, :exists, :missing, id:(a,b), regex ~, ANDed terms',
    () =>
      [
        'field:value',
        '>=',
        'AND',
        'quoted dates',
        ':null',
        ':exists',
        ':missing',
        'id:(a,b)',
        '~abc',
        'ANDed',
      ].filter((part) => !String(def(EM_PARAMS, 'Q').description).includes(part)),
    [],
  ],
  [
    'provenance: the captured page lists agentType support (now deprecated, not forgotten)',
    () => [
      capturedEmporix('/components/schemas/AgentType/enum'),
      [
        ...(catalogue.api(EM).enums.AgentType?.current ?? []),
        ...(catalogue.api(EM).enums.AgentType?.deprecated ?? []),
      ].sort(),
    ],
    [
      ['support', 'generic', 'complaint', 'anti_fraud'],
      ['anti_fraud', 'complaint', 'generic', 'support'],
    ],
  ],
  [
    'provenance: the captured page has no status skipped, nor entity state FAILED',
    () => [
      capturedEmporix('/components/schemas/JobStatus/enum'),
      capturedEmporix('/components/schemas/ImportedEntity/properties/state/enum'),
    ],
    [
      ['in_progress', 'success', 'failure'],
      ['TO_CREATE', 'ENABLED', 'DISABLED', 'EXISTS'],
    ],
  ],
];

describe.each([
  ['Cloudflare AI Search', CLOUDFLARE],
  ['Vectara v1', VECTARA_V1],
  ['Vectara v2', VECTARA_V2],
  ['Emporix AI Service', EMPORIX],
] as const)('%s facts (provider-docs/README.md)', (_, facts) => {
  it.each(facts)('%s', (_fact, actual, expected) => {
    expect(actual()).toEqual(expected);
  });
});

it('every schema file and openapi.json says where it came from (x-source)', () => {
  for (const [name, doc] of [...files, ...openapis]) expect(doc['x-source'], name).toEqual(expect.anything());
});
