// Proves the schema files themselves: they compile strictly, every $ref lands, every example
// validates (the schemas' own and the captured provider pages'), and the golden fixtures under
// test/schemas/fixtures/ — each a sample broken one way, or a positive case — behave as recorded.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type EnumSite, getAtPointer, getCatalogue, valuesAtSite } from '../../src/catalogue/index.ts';
import {
  danglingRefs,
  examplesIn,
  jsonBlocks,
  jsonFences,
  openApiFiles,
  providerPage,
  refsIn,
  SCHEMA_BASE,
  schemaFiles,
  strictAjv,
} from './schema-files.ts';

const files = schemaFiles();
const openapis = openApiFiles();
const ajv = strictAjv(files);
const validatorFor = (ref: string) => ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
const errorsOf = (ref: string, data: unknown) => {
  const validate = validatorFor(ref);
  return validate(data) ? [] : (validate.errors ?? []);
};

describe('schema files', () => {
  it('finds a schema folder per API, each holding schema files', () => {
    expect(new Set(files.map((f) => f.folder))).toEqual(
      new Set([
        'cloudflare-ai-search',
        'emporix-ai-service',
        'openai-vector-store-file-batches',
        'pinecone-bulk-imports',
        'vectara-v1',
        'vectara-v2',
      ]),
    );
    expect(openapis.map((f) => f.folder).sort()).toEqual(
      [...getCatalogue().apis.keys()].sort((a, b) => a.localeCompare(b)),
    );
  });

  it.each(files.map((f) => [`${f.folder}/${f.name}`, f] as const))(
    '%s declares draft 2020-12 and an $id matching its place under schemas/',
    (_, file) => {
      expect(file.doc.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(file.doc.$id).toBe(`${SCHEMA_BASE}${file.folder}/${file.name}`);
      expect(file.doc['x-source'], 'says which doc it came from').toBeDefined();
    },
  );

  it.each(files.map((f) => [`${f.folder}/${f.name}`, f] as const))(
    '%s and each of its $defs compile under ajv strict mode',
    (_, file) => {
      expect(() => validatorFor(file.baseUri)).not.toThrow();
      const defs = Object.keys((file.doc.$defs ?? {}) as object);
      expect(defs.length).toBeGreaterThan(0);
      for (const name of defs) expect(() => validatorFor(`${file.baseUri}#/$defs/${name}`)).not.toThrow();
    },
  );

  it('strict mode would reject a misspelt keyword (so the compile test can fail)', () => {
    const misspelt = {
      $id: `${SCHEMA_BASE}broken/typo.schema.json`,
      type: 'string',
      maxLenght: 3,
    };
    expect(() => strictAjv([...files]).compile(misspelt)).toThrow(/unknown keyword: "maxLenght"/);
  });
});

describe('$ref resolution', () => {
  const all = [...files, ...openapis];

  it('walks a $ref in every schema folder and every openapi.json', () => {
    for (const file of all) {
      const refs = refsIn(file.doc);
      if (file.name === 'openapi.json') expect(refs.length, file.path).toBeGreaterThan(5);
    }
    expect(all.reduce((n, f) => n + refsIn(f.doc).length, 0)).toBeGreaterThan(150);
  });

  it('resolves every $ref relative to its file ($id, or <api>/openapi.json) to an existing node', () => {
    expect(danglingRefs(all)).toEqual([]);
  });

  it('reports a dangling $ref by file and pointer (so the resolution test can fail)', () => {
    const [first] = files;
    if (!first) throw new Error('no schema files');
    const broken = { ...first, doc: { ...first.doc, $defs: { Bad: { $ref: '#/$defs/Nowhere' } } } };
    const missingFile = { ...first, doc: { ...first.doc, $defs: { Bad: { $ref: 'nope.schema.json' } } } };
    expect(danglingRefs([broken])).toEqual([
      `${first.path}#/$defs/Bad: $ref #/$defs/Nowhere points at nothing in ${first.path}`,
    ]);
    expect(danglingRefs([missingFile])[0]).toMatch(/\$ref nope\.schema\.json names no file/);
  });
});

describe('examples', () => {
  const schemaExamples = files.flatMap((file) =>
    examplesIn(file.doc).flatMap(({ pointer, examples }) =>
      examples.map((example, i) => [`${file.folder}/${file.name}#${pointer} example ${i}`, example] as const),
    ),
  );

  it('the schemas carry examples for every API', () => {
    const folders = new Set(schemaExamples.map(([name]) => name.split('/')[0]));
    expect(folders).toEqual(
      new Set([
        'cloudflare-ai-search',
        'emporix-ai-service',
        'openai-vector-store-file-batches',
        'pinecone-bulk-imports',
        'vectara-v1',
        'vectara-v2',
      ]),
    );
  });

  it.each(schemaExamples)('%s validates against the schema it annotates', (name, example) => {
    const ref = `${SCHEMA_BASE}${name.replace(/ example \d+$/, '')}`;
    expect(errorsOf(ref, example)).toEqual([]);
  });

  const cloudflareRef = (def: string) => `${SCHEMA_BASE}cloudflare-ai-search/job.schema.json#/$defs/${def}`;
  const v1Ref = (file: string, def: string) => `${SCHEMA_BASE}vectara-v1/${file}#/$defs/${def}`;

  it('the Cloudflare get-job page (Go SDK) prints a JobResponse example, which validates', () => {
    const blocks = jsonBlocks(providerPage('cloudflare-ai-search-get-job-go.txt'));
    expect(blocks.length).toBe(2); // the response, then the same under "Returns Examples"
    for (const block of blocks) expect(errorsOf(cloudflareRef('JobResponse'), block)).toEqual([]);
  });

  it('the Cloudflare namespaced list-jobs page prints a JobListResponse example, which validates', () => {
    const blocks = jsonBlocks(providerPage('cloudflare-ai-search-namespace-list-jobs.txt'));
    expect(blocks.length).toBe(2);
    for (const block of blocks) expect(errorsOf(cloudflareRef('JobListResponse'), block)).toEqual([]);
  });

  // The instance-jobs page prints shape sketches ("*string*" placeholders), not examples: each must
  // name only fields the schemas know.
  it('the Cloudflare instance-jobs page sketches name only fields the schemas define', () => {
    const sketches = jsonFences(providerPage('cloudflare-ai-search-instance-jobs.md'));
    expect(sketches.length).toBe(15); // five operations × (200, 400, 500)
    const known = (file: string, def: string) =>
      Object.keys(
        (getAtPointer(files.find((f) => f.name === file)?.doc, `/$defs/${def}/properties`) ?? {}) as object,
      );
    const unknownKeys = (value: unknown, allowed: string[]) =>
      Object.keys((Array.isArray(value) ? value[0] : value) as object).filter(
        (key) => !allowed.includes(key),
      );
    for (const sketch of sketches as Record<string, unknown>[]) {
      if ('errors' in sketch) {
        expect(unknownKeys(sketch, known('envelope.schema.json', 'ErrorEnvelope'))).toEqual([]);
        expect(unknownKeys(sketch.errors, known('envelope.schema.json', 'Error'))).toEqual([]);
      } else {
        const isLog = 'message_type' in ((Array.isArray(sketch) ? sketch[0] : sketch) as object);
        expect(
          unknownKeys(sketch, isLog ? known('log.schema.json', 'Log') : known('job.schema.json', 'Job')),
        ).toEqual([]);
      }
    }
  });

  describe('Vectara v1 page', () => {
    const [response, error, ...rest] = jsonBlocks(providerPage('vectara-v1-list-jobs.txt'));
    const INT64_FIELDS = ['tsCreate', 'tsStart', 'tsComplete'];

    it('prints exactly a 200 example and a default (error) example', () => {
      expect(rest).toEqual([]);
      expect(response).toHaveProperty('job');
      expect(error).toHaveProperty('details');
    });

    it('error example validates against rpcStatus', () => {
      expect(errorsOf(v1Ref('status.schema.json', 'RpcStatus'), error)).toEqual([]);
    });

    // The page's example is generated from its schema and prints the placeholder "string" for the
    // int64 timestamps, which proto3 JSON sends as decimal strings. The schema keeps the real rule
    // (Int64String), so the example as printed fails there — and only there.
    it('response example as printed fails only on its "string" placeholders for int64 fields', () => {
      const errors = errorsOf(v1Ref('list-jobs.schema.json', 'ListJobsResponse'), response);
      expect(errors.map((e) => `${e.instancePath} ${e.keyword}`).sort()).toEqual(
        INT64_FIELDS.map((f) => `/job/0/${f} pattern`).sort(),
      );
    });

    it('response example validates once the int64 placeholders are decimal strings', () => {
      const fixed = structuredClone(response) as { job: Record<string, unknown>[] };
      for (const job of fixed.job)
        for (const field of INT64_FIELDS) {
          expect(job[field]).toBe('string');
          job[field] = '1700000000';
        }
      expect(errorsOf(v1Ref('list-jobs.schema.json', 'ListJobsResponse'), fixed)).toEqual([]);
    });
  });
});

// --- golden fixtures --------------------------------------------------------------------------

interface FixtureCase {
  why: string;
  /** Schema ref relative to https://schemas.jobs-conformance.dev/ (folder/file#pointer). */
  schema: string;
  /** Where the catalogue uses this schema, proving the case covers that API's operation. */
  usedBy: {
    api: string;
    operation: string;
    parameter?: string;
    requestBody?: true;
    response?: string;
  };
  /** A broken sample: the one ajv keyword and instancePath every error must carry. */
  expect?: { keyword: string; instancePath: string };
  /** A valid sample: how its enum values fall into the catalogue's tiers. */
  valid?: { enumTiers: { pointer: string; value: string; tier: 'current' | 'deprecated' | 'unknown' }[] };
}

const FIXTURES_DIR = fileURLToPath(new URL('./fixtures/', import.meta.url));
const fixtures = readdirSync(FIXTURES_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => {
    const dir = join(FIXTURES_DIR, entry.name);
    return {
      name: entry.name,
      spec: JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as FixtureCase,
      sample: JSON.parse(readFileSync(join(dir, 'sample.json'), 'utf8')) as unknown,
    };
  })
  .sort((a, b) => a.name.localeCompare(b.name));

function usedRef(usedBy: FixtureCase['usedBy']): string | undefined {
  const op = getCatalogue().operation(usedBy.api, usedBy.operation);
  if (usedBy.parameter) return op.parameters.find((p) => p.name === usedBy.parameter)?.schema.ref;
  if (usedBy.requestBody) return op.requestBody?.body.ref;
  if (usedBy.response) return op.responses.get(usedBy.response)?.body?.ref;
  return undefined;
}

function tierOf(site: EnumSite, value: string): 'current' | 'deprecated' | 'unknown' {
  if (site.current.includes(value)) return 'current';
  return site.deprecated.includes(value) ? 'deprecated' : 'unknown';
}

describe('golden fixtures (test/schemas/fixtures/<case>/)', () => {
  // The kinds of breakage each API's fixtures must cover. Vectara's schemas require no field
  // (every field is optional in their docs) and v2 has no request body, so those rows are shorter.
  const KINDS_PER_API: Record<string, string[]> = {
    'cloudflare-ai-search': [
      'enum',
      'required',
      'type',
      'pattern',
      'maximum',
      'minimum',
      'maxLength',
      'additionalProperties',
    ],
    'cloudflare-ai-search-namespaced': [
      'enum',
      'required',
      'type',
      'pattern',
      'maximum',
      'minimum',
      'maxLength',
      'additionalProperties',
    ],
    'vectara-v1': ['enum', 'type', 'pattern', 'maximum', 'additionalProperties'],
    'vectara-v2': ['enum', 'type', 'pattern', 'maximum', 'minimum', 'maxLength'],
    'emporix-ai-service': ['anyOf', 'enum', 'required', 'type', 'pattern', 'minimum', 'additionalProperties'],
    // Pinecone's status is an open set (x-open-enum) and its ids have no pattern.
    'pinecone-bulk-imports': ['required', 'type', 'maximum', 'minimum', 'maxLength'],
    'openai-vector-store-file-batches': ['enum', 'required', 'type', 'pattern', 'maximum', 'minimum'],
  };

  it.each(Object.entries(KINDS_PER_API))(
    '%s has a sample broken each way its schemas allow',
    (api, kinds) => {
      const covered = new Set(
        fixtures
          .filter((f) => f.spec.usedBy.api === api)
          .flatMap((f) => (f.spec.expect ? [f.spec.expect.keyword] : [])),
      );
      expect([...covered].sort()).toEqual(expect.arrayContaining(kinds));
      expect(Object.keys(KINDS_PER_API).sort()).toEqual([...getCatalogue().apis.keys()].sort());
    },
  );

  it('has positive cases, including a deprecated enum value', () => {
    const positive = fixtures.filter((f) => f.spec.valid);
    expect(positive.flatMap((f) => f.spec.valid?.enumTiers.map((t) => t.tier) ?? [])).toContain('deprecated');
  });

  it.each(fixtures.map((f) => [f.name, f] as const))('%s', (_, { spec, sample }) => {
    expect(Boolean(spec.expect) !== Boolean(spec.valid), 'case.json has exactly one of expect / valid').toBe(
      true,
    );
    const ref = `${SCHEMA_BASE}${spec.schema}`;
    expect(usedRef(spec.usedBy), `the catalogue's ${spec.usedBy.api}:${spec.usedBy.operation} uses it`).toBe(
      ref,
    );
    // The catalogue's compiled validator is the one simulators and checks use.
    const validate = getCatalogue().schema(ref).validate;
    const ok = validate(sample);
    const errors = validate.errors ?? [];
    if (spec.expect) {
      expect(ok, spec.why).toBe(false);
      expect(errors).toContainEqual(
        expect.objectContaining({ keyword: spec.expect.keyword, instancePath: spec.expect.instancePath }),
      );
      // Broken one way: every error is about the same place.
      expect(new Set(errors.map((e) => e.instancePath))).toEqual(new Set([spec.expect.instancePath]));
    } else {
      expect(errors, spec.why).toEqual([]);
      expect(ok).toBe(true);
      const tiers = getCatalogue()
        .enumSites(ref)
        .flatMap((site) =>
          valuesAtSite(sample, site.path).map(({ pointer, value }) => ({
            pointer,
            value: String(value),
            tier: tierOf(site, String(value)),
          })),
        );
      expect(tiers).toEqual(spec.valid?.enumTiers);
    }
  });
});
