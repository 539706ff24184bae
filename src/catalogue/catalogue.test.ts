import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CatalogueError } from '../core/index.ts';
import { apiIds, DEFAULT_SCHEMAS_DIR, getCatalogue, loadCatalogue } from './index.ts';

const API_IDS = apiIds();

const CF = '/accounts/{account_id}/ai-search/instances/{id}/jobs';
const CF_NS = '/accounts/{account_id}/ai-search/namespaces/{name}/instances/{id}/jobs';
const EM = '/ai-service/{tenant}/jobs';
const OA = '/vector_stores/{vector_store_id}/file_batches';

/** The catalogue must hold exactly these operations: id, method, path, documented statuses, paging style. */
const EXPECTED: Record<string, [string, string, string, (number | 'default')[], string | undefined][]> = {
  'cloudflare-ai-search': [
    ['createJob', 'POST', CF, [200, 400, 404, 429, 503], undefined],
    ['listJobs', 'GET', CF, [200, 400, 404, 503], 'page-result-info'],
    ['getJob', 'GET', `${CF}/{job_id}`, [200, 404, 503], undefined],
    ['cancelJob', 'PATCH', `${CF}/{job_id}`, [200, 400, 404, 503], undefined],
    ['listJobLogs', 'GET', `${CF}/{job_id}/logs`, [200, 400, 404, 503], 'page-result-info'],
  ],
  'cloudflare-ai-search-namespaced': [
    ['createJob', 'POST', CF_NS, [200, 400, 404, 429, 503], undefined],
    ['listJobs', 'GET', CF_NS, [200, 400, 404, 503], 'page-result-info'],
    ['getJob', 'GET', `${CF_NS}/{job_id}`, [200, 404, 503], undefined],
    ['cancelJob', 'PATCH', `${CF_NS}/{job_id}`, [200, 400, 404, 503], undefined],
    ['listJobLogs', 'GET', `${CF_NS}/{job_id}/logs`, [200, 400, 404, 503], 'page-result-info'],
  ],
  'vectara-v1': [['listJobs', 'POST', '/v1/list-jobs', [200, 'default'], 'cursor']],
  'vectara-v2': [
    // 400 is inferred (x-inferred): the jobs page lists only 403, but limit's bounds must be enforced.
    ['listJobs', 'GET', '/v2/jobs', [200, 400, 403], 'cursor'],
    ['getJob', 'GET', '/v2/jobs/{job_id}', [200, 403, 404], undefined],
  ],
  'emporix-ai-service': [
    ['listJobs', 'GET', EM, [200, 400, 401, 403], 'page-total-header'],
    ['searchJobs', 'POST', `${EM}/search`, [200, 400, 401, 403], 'page-total-header'],
    ['getJob', 'GET', `${EM}/{jobId}`, [200, 401, 403, 404], undefined],
    ['deleteJob', 'DELETE', `${EM}/{jobId}`, [204, 400, 401, 403, 404], undefined],
  ],
  // 4XX and 5XX ranges are documented too (not in statuses); 404 and 429 are x-inferred.
  'pinecone-bulk-imports': [
    ['listImports', 'GET', '/bulk/imports', [200, 400, 429], 'cursor'],
    ['startImport', 'POST', '/bulk/imports', [200, 400, 429], undefined],
    ['describeImport', 'GET', '/bulk/imports/{id}', [200, 400, 404, 429], undefined],
    ['cancelImport', 'DELETE', '/bulk/imports/{id}', [200, 400, 404, 429], undefined],
  ],
  'openai-vector-store-file-batches': [
    ['createFileBatch', 'POST', OA, [200, 400, 429], undefined],
    ['getFileBatch', 'GET', `${OA}/{batch_id}`, [200, 400, 404, 429], undefined],
    ['cancelFileBatch', 'POST', `${OA}/{batch_id}/cancel`, [200, 400, 404, 429], undefined],
    ['listFilesInBatch', 'GET', `${OA}/{batch_id}/files`, [200, 400, 404, 429], 'after-id'],
  ],
};

describe('catalogue contents', () => {
  const catalogue = getCatalogue();

  it('holds exactly the APIs of the schemas folders', () => {
    expect([...catalogue.apis.keys()].sort()).toEqual([...API_IDS].sort());
    expect(Object.keys(EXPECTED).sort()).toEqual([...API_IDS].sort());
  });

  it.each(Object.entries(EXPECTED))('%s holds exactly its documented operations', (apiId, expected) => {
    const actual = catalogue
      .api(apiId)
      .operations.map((op) => [
        op.id,
        op.method,
        op.path,
        [...op.statuses, ...(op.hasDefaultResponse ? ['default'] : [])],
        op.pagination?.style,
      ]);
    const byId = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
    expect(actual.sort(byId)).toEqual([...expected].sort(byId));
  });

  it('marks the state-changing operations as writes (never sent by a read-only live run)', () => {
    const writes = [...catalogue.apis.values()].flatMap((api) =>
      api.operations.filter((op) => op.writes).map((op) => op.key),
    );
    expect(writes.sort()).toEqual(
      [
        'cloudflare-ai-search:createJob',
        'cloudflare-ai-search:cancelJob',
        'cloudflare-ai-search-namespaced:createJob',
        'cloudflare-ai-search-namespaced:cancelJob',
        'emporix-ai-service:deleteJob',
        'openai-vector-store-file-batches:createFileBatch',
        'openai-vector-store-file-batches:cancelFileBatch',
        'pinecone-bulk-imports:startImport',
        'pinecone-bulk-imports:cancelImport',
      ].sort(),
    );
  });

  it('gives every documented body a content type and a compiled validator; 204 has none', () => {
    for (const api of catalogue.apis.values())
      for (const op of api.operations)
        for (const spec of op.responses.values()) {
          if (spec.status === '204') {
            expect(spec.body).toBeUndefined();
            continue;
          }
          expect(spec.contentType, `${op.key} ${spec.status}`).toBe('application/json');
          expect(typeof spec.body?.validate).toBe('function');
        }
  });

  it('names an unknown API or operation in a one-line CatalogueError', () => {
    expect(() => catalogue.api('acme')).toThrow(CatalogueError);
    expect(() => catalogue.operation('vectara-v2', 'deleteJob')).toThrow(
      /vectara-v2 has no operation 'deleteJob'/,
    );
  });
});

describe('caching', () => {
  it('getCatalogue() loads once per process', () => {
    expect(getCatalogue()).toBe(getCatalogue());
  });

  it('compiles each validator once: the same function object on a second call', () => {
    const catalogue = getCatalogue();
    const ref = 'https://schemas.jobs-conformance.dev/emporix-ai-service/job.schema.json#/$defs/JobList';
    const first = catalogue.schema(ref);
    expect(catalogue.schema(ref)).toBe(first);
    expect(catalogue.schema(ref).validate).toBe(first.validate);
    // The operation's response handle is that same cached handle.
    expect(catalogue.operation('emporix-ai-service', 'listJobs').responses.get('200')?.body?.validate).toBe(
      first.validate,
    );
    expect(catalogue.enumSites(ref)).toBe(catalogue.enumSites(ref));
  });

  it('shares one validator between the two Cloudflare surfaces', () => {
    const catalogue = getCatalogue();
    const plain = catalogue.operation('cloudflare-ai-search', 'getJob').responses.get('200')?.body;
    const namespaced = catalogue
      .operation('cloudflare-ai-search-namespaced', 'getJob')
      .responses.get('200')?.body;
    expect(namespaced?.validate).toBe(plain?.validate);
  });
});

describe('broken schema folders give a one-line CatalogueError naming the file', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  /** A temp copy of schemas/ with one file changed (or removed when change returns undefined). */
  function copyWith(file: string, change: (text: string) => string | undefined): string {
    dir = mkdtempSync(join(tmpdir(), 'jobs-conformance-schemas-'));
    cpSync(DEFAULT_SCHEMAS_DIR, dir, { recursive: true });
    const path = join(dir, file);
    const next = change(readFileSync(path, 'utf8'));
    if (next === undefined) rmSync(path);
    else writeFileSync(path, next);
    return dir;
  }

  function errorOf(schemasDir: string): CatalogueError {
    try {
      loadCatalogue(schemasDir);
    } catch (error) {
      expect(error).toBeInstanceOf(CatalogueError);
      return error as CatalogueError;
    }
    throw new Error('loadCatalogue accepted a broken schemas folder');
  }

  it('loads an unchanged copy (so the failures below come from the breakage)', () => {
    const copy = copyWith('vectara-v2/job.schema.json', (text) => text);
    expect(loadCatalogue(copy).api('vectara-v2').operations).toHaveLength(2);
  });

  it('bad JSON in a schema file', () => {
    const copy = copyWith('emporix-ai-service/job.schema.json', (text) =>
      text.replace('"$defs": {', '"$defs": {,'),
    );
    const error = errorOf(copy);
    expect(error.message).toContain(join(copy, 'emporix-ai-service/job.schema.json'));
    expect(error.message).toMatch(/invalid JSON/);
    expect(error.message).not.toContain('\n');
  });

  it('bad JSON in an openapi.json', () => {
    const copy = copyWith('vectara-v1/openapi.json', (text) => text.slice(0, -10));
    const error = errorOf(copy);
    expect(error.message).toContain(join(copy, 'vectara-v1/openapi.json'));
    expect(error.message).not.toContain('\n');
  });

  it('a dangling $ref in an openapi.json', () => {
    const copy = copyWith('vectara-v2/openapi.json', (text) =>
      text.replace('"job.schema.json#/$defs/JobId"', '"job.schema.json#/$defs/NoSuchDef"'),
    );
    const error = errorOf(copy);
    expect(error.message).toContain(join(copy, 'vectara-v2/openapi.json'));
    expect(error.message).toContain('job.schema.json#/$defs/NoSuchDef');
    expect(error.message).not.toContain('\n');
  });

  it('a dangling $ref inside a schema file', () => {
    const copy = copyWith('vectara-v2/job.schema.json', (text) =>
      text.replace('"$ref": "#/$defs/JobState"', '"$ref": "#/$defs/NoSuchState"'),
    );
    const error = errorOf(copy);
    expect(error.message).toContain('vectara-v2/job.schema.json');
    expect(error.message).toContain('NoSuchState');
    expect(error.message).not.toContain('\n');
  });

  it('a folder without openapi.json is no API (its schema files still load)', () => {
    const copy = copyWith('emporix-ai-service/openapi.json', () => undefined);
    expect([...loadCatalogue(copy).apis.keys()]).not.toContain('emporix-ai-service');
  });

  it('an x-api-id that is not the folder name', () => {
    const copy = copyWith('vectara-v2/openapi.json', (t) =>
      t.replace('"x-api-id": "vectara-v2"', '"x-api-id": "vectara-2"'),
    );
    expect(errorOf(copy).message).toBe(
      `${join(copy, 'vectara-v2', 'openapi.json')}: /x-api-id is "vectara-2" but the folder is 'vectara-v2' (they must be the same)`,
    );
  });

  it('a misspelt x- keyword: the file and the JSON pointer', () => {
    const copy = copyWith('vectara-v2/openapi.json', (t) => t.replace('"x-filters"', '"x-filter"'));
    expect(errorOf(copy).message).toBe(
      `${join(copy, 'vectara-v2', 'openapi.json')}: /paths/~1v2~1jobs/get/x-filter: 'x-filter' is not a keyword of schemas/extensions.schema.json here (misspelt, or not defined at this place)`,
    );
  });

  it('an x- value of the wrong form: the file, the JSON pointer and what is allowed', () => {
    const copy = copyWith('cloudflare-ai-search/openapi.json', (t) =>
      t.replace('"style": "page-result-info"', '"style": "page-number"'),
    );
    const message = errorOf(copy).message;
    expect(message).toMatch(
      /cloudflare-ai-search\/openapi\.json: \/paths\/~1accounts~1\{account_id\}~1ai-search~1instances~1\{id\}~1jobs\/get\/x-pagination\/style: must be equal to one of the allowed values \("page-result-info", "cursor", "page-total-header", "after-id"\)/,
    );
  });

  it('an API folder the project has never seen, from another schemas folder', () => {
    const extra = mkdtempSync(join(tmpdir(), 'jobs-conformance-extra-'));
    cpSync(join(DEFAULT_SCHEMAS_DIR, 'vectara-v2'), join(extra, 'acme-jobs'), { recursive: true });
    const openapi = join(extra, 'acme-jobs', 'openapi.json');
    writeFileSync(
      openapi,
      readFileSync(openapi, 'utf8').replace('"x-api-id": "vectara-v2"', '"x-api-id": "acme-jobs"'),
    );
    for (const name of ['job.schema.json', 'error.schema.json', 'parameters.schema.json']) {
      const path = join(extra, 'acme-jobs', name);
      writeFileSync(path, readFileSync(path, 'utf8').replaceAll('/vectara-v2/', '/acme-jobs/'));
    }
    const catalogue = loadCatalogue([DEFAULT_SCHEMAS_DIR, extra]);
    expect(catalogue.apis.has('acme-jobs')).toBe(true);
    expect(catalogue.apis.has('vectara-v2')).toBe(true);
    expect(catalogue.api('acme-jobs').operation('getJob').path).toBe('/v2/jobs/{job_id}');
    rmSync(extra, { recursive: true, force: true });
  });
});
