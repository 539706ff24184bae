// One row per point of "Corrections and additions (2026-11)" in ../shared/provider-docs/README.md
// that the schemas carry: where it lives, or the declared deviation (x-deviations) that says why we
// enforce something else. `schemas diff` (test/drift/) proves the whole official documents are
// recorded; these rows pin each named correction.
import { describe, expect, it } from 'vitest';
import { type ApiId, getAtPointer, getCatalogue, type JsonSchema } from '../../src/catalogue/index.ts';
import { openApiFiles, schemaFiles } from './schema-files.ts';

const catalogue = getCatalogue();
const files = new Map(schemaFiles().map((f) => [`${f.folder}/${f.name}`, f.doc]));
const openapis = new Map(openApiFiles().map((f) => [f.folder, f.doc]));
const at = (file: string, pointer: string) => getAtPointer(files.get(file), pointer) as JsonSchema;
const op = (api: string, id: string) => catalogue.operation(api as ApiId, id);
const deviations = (api: string) =>
  ((openapis.get(api)?.['x-deviations'] ?? []) as { difference: string }[]).map((d) => d.difference);

const CF = 'cloudflare-ai-search';
const NS = 'cloudflare-ai-search-namespaced';

type Fact = [fact: string, actual: () => unknown, expected: unknown];

const FACTS: Fact[] = [
  [
    'Cloudflare: the path id pattern is ours, marked as an inference (the document gives only 1..64)',
    () => [
      at(`${CF}/parameters.schema.json`, '/$defs/InstanceId/maxLength'),
      typeof at(`${CF}/parameters.schema.json`, '/$defs/InstanceId')['x-inferred'],
    ],
    [64, 'string'],
  ],
  [
    'Cloudflare: the PATCH body is not required; action inside it is',
    () =>
      [CF, NS].map((api) => [
        op(api, 'cancelJob').requestBody?.required,
        at(`${CF}/requests.schema.json`, '/$defs/ChangeJobStatusRequest').required,
      ]),
    [
      [false, ['action']],
      [false, ['action']],
    ],
  ],
  [
    'Cloudflare: 404 says "Ai search not found." on list, create and logs, "Job not found." on get and PATCH',
    () =>
      [CF, NS].map((api) =>
        ['listJobs', 'createJob', 'listJobLogs', 'getJob', 'cancelJob'].map(
          (id) => op(api, id).responses.get('404')?.errorMessage,
        ),
      ),
    [CF, NS].map(() => [
      'Ai search not found.',
      'Ai search not found.',
      'Ai search not found.',
      'Job not found.',
      'Job not found.',
    ]),
  ],
  [
    'Cloudflare: GET job declares no 400; PATCH 400 is "Job cannot be cancelled." (its items without path: one shared envelope, a declared deviation)',
    () => [
      op(CF, 'getJob').statuses.includes(400),
      op(CF, 'cancelJob').responses.get('400')?.errorMessage,
      deviations(CF).some((d) => d.includes('errors/*/path: field-removed path')),
    ],
    [false, 'Job cannot be cancelled.', true],
  ],
  [
    'Cloudflare: success on 200 bodies is a plain boolean; error bodies fix it to false',
    () => [
      at(`${CF}/envelope.schema.json`, '/$defs/Success'),
      at(`${CF}/envelope.schema.json`, '/$defs/ErrorEnvelope/properties/success/const'),
    ],
    [{ title: 'success', type: 'boolean' }, false],
  ],
  [
    'Cloudflare: per_page=0 is within bounds (0..50 lists, 0..500 logs)',
    () =>
      ['listJobs', 'listJobLogs'].map(
        (id) => op(CF, id).parameters.find((p) => p.name === 'per_page')?.schema.schema.minimum,
      ),
    [0, 0],
  ],
  [
    'Cloudflare: a job description is unbounded on the job (255 bounds the create request only)',
    () => [
      at(`${CF}/job.schema.json`, '/$defs/Job/properties/description/maxLength'),
      at(`${CF}/requests.schema.json`, '/$defs/CreateJobRequest/properties/description/maxLength'),
    ],
    [undefined, 255],
  ],
  [
    'Cloudflare: the SDK obeys x-should-retry before the status code',
    () =>
      [CF, NS].map(
        (api) => (openapis.get(api)?.['x-sdk-retry'] as { honours?: string[] } | undefined)?.honours?.[0],
      ),
    ['x-should-retry', 'x-should-retry'],
  ],
  [
    'Vectara v2: unanchored official patterns, anchored by us as declared deviations',
    () => deviations('vectara-v2').filter((d) => d.endsWith('bound-changed pattern')).length,
    3,
  ],
  [
    'Vectara v2: Request-Timeout and Request-Timeout-Millis are integers, minimum 1',
    () =>
      ['RequestTimeout', 'RequestTimeoutMillis'].map((n) => [
        at('vectara-v2/parameters.schema.json', `/$defs/${n}/type`),
        at('vectara-v2/parameters.schema.json', `/$defs/${n}/minimum`),
      ]),
    [
      ['integer', 1],
      ['integer', 1],
    ],
  ],
  [
    'Vectara v1: corpus ids are int64 (no uint32 bounds), the older bounds kept as provenance',
    () => [
      at('vectara-v1/job.schema.json', '/$defs/Job/properties/corpusId/items/maximum'),
      (at('vectara-v1/job.schema.json', '/$defs/Job/properties/corpusId/items')['x-provenance'] as unknown[])
        .length,
    ],
    [undefined, 1],
  ],
  [
    'Emporix: pageSize and pageNumber are strings; our positive-number pattern is a declared deviation',
    () => [
      op('emporix-ai-service', 'listJobs').parameters.find((p) => p.name === 'pageSize')?.schema.schema.type,
      deviations('emporix-ai-service').some((d) => d.includes('parameter query page*')),
    ],
    ['string', true],
  ],
  [
    'Emporix: the X-Total-Count response header and the sort pattern are declared deviations',
    () =>
      ['header-removed x-total-count', 'parameter query sort'].map((what) =>
        deviations('emporix-ai-service').some((d) => d.includes(what)),
      ),
    [true, true],
  ],
  [
    'Emporix: import details carry objectId, objectName and message (added 2026-08-20)',
    () =>
      Object.keys(
        (at('emporix-ai-service/job.schema.json', '/$defs/ImportDetail/properties') ?? {}) as object,
      ),
    ['code', 'objectId', 'objectName', 'message'],
  ],
  [
    'Emporix: error bodies may carry status and resourceId (the schema does not forbid them)',
    () => at('emporix-ai-service/error.schema.json', '/$defs/ErrorMessage/additionalProperties'),
    undefined,
  ],
];

describe('Corrections and additions (2026-11) in the schemas', () => {
  it.each(FACTS)('%s', (_fact, actual, expected) => {
    expect(actual()).toEqual(expected);
  });
});
