import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogueError } from '../core/index.ts';
import { type Catalogue, DEFAULT_SCHEMAS_DIR, loadCatalogue } from './load.ts';
import { writePrecompiledValidators } from './precompile-validators.ts';
import type { SchemaHandle } from './types.ts';

// The build's standalone validators against the ones Ajv compiles at load: same verdicts, same errors.

const REPO = new URL('../../', import.meta.url);
const SCHEMA_BASE = 'https://schemas.jobs-conformance.dev/';

let precompiledDir: string;
let precompiled: Catalogue;
let compiled: Catalogue;
const temps: string[] = [];
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};

beforeAll(() => {
  precompiledDir = join(temp('jobs-conformance-precompiled-'), 'precompiled-validators');
  writePrecompiledValidators(precompiledDir);
  precompiled = loadCatalogue(DEFAULT_SCHEMAS_DIR, { precompiledDir });
  compiled = loadCatalogue(DEFAULT_SCHEMAS_DIR, { precompiledDir: null });
});
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** Ajv's compiled functions carry their schema environment; standalone ones do not. */
const isStandalone = (handle: SchemaHandle) => !('schemaEnv' in handle.validate);

const readJsonFile = (path: URL | string) => JSON.parse(readFileSync(path, 'utf8')) as unknown;
const folders = () =>
  readdirSync(DEFAULT_SCHEMAS_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);

/** Every handle the load made, and one for every $defs entry of every schema file, by API folder and ref. */
function handlesByFolder(catalogue: Catalogue): Map<string, Map<string, SchemaHandle>> {
  const byFolder = new Map<string, Map<string, SchemaHandle>>();
  const add = (folder: string, handle: SchemaHandle) => {
    if (!byFolder.has(folder)) byFolder.set(folder, new Map());
    byFolder.get(folder)!.set(handle.ref, handle);
  };
  for (const api of catalogue.apis.values()) {
    const handles = [api.authRejection.body, api.authRejection.insufficientScope?.body];
    for (const op of api.operations) {
      handles.push(...op.parameters.map((p) => p.schema), op.requestBody?.body);
      for (const spec of op.responses.values()) handles.push(spec.body, ...Object.values(spec.headers));
    }
    for (const handle of handles) if (handle) add(api.id, handle);
  }
  for (const folder of folders()) {
    for (const name of readdirSync(join(DEFAULT_SCHEMAS_DIR, folder)).filter((n) =>
      n.endsWith('.schema.json'),
    )) {
      const doc = readJsonFile(join(DEFAULT_SCHEMAS_DIR, folder, name)) as { $id: string; $defs?: object };
      for (const def of Object.keys(doc.$defs ?? {}))
        add(folder, catalogue.schema(`${doc.$id}#/$defs/${def}`));
    }
  }
  return byFolder;
}

const flat = (byFolder: Map<string, Map<string, SchemaHandle>>) =>
  [...byFolder.values()].flatMap((handles) => [...handles.values()]);

/** The values under example/examples keywords anywhere in a document. */
function examplesIn(node: unknown, into: unknown[]): unknown[] {
  if (Array.isArray(node)) for (const item of node) examplesIn(item, into);
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'example') into.push(value);
      else if (key === 'examples' && Array.isArray(value)) into.push(...value);
      else if (key === 'examples' && value && typeof value === 'object')
        for (const named of Object.values(value)) into.push((named as { value?: unknown }).value);
      else examplesIn(value, into);
    }
  }
  return into;
}

/** The repository's bodies by the API folder they belong to: schema examples, golden samples, pact bodies. */
function bodiesByFolder(): Map<string, unknown[]> {
  const bodies = new Map<string, unknown[]>();
  const add = (folder: string, values: unknown[]) =>
    bodies.set(folder, [...(bodies.get(folder) ?? []), ...values.filter((v) => v !== undefined)]);
  for (const folder of folders())
    for (const name of readdirSync(join(DEFAULT_SCHEMAS_DIR, folder)))
      add(folder, examplesIn(readJsonFile(join(DEFAULT_SCHEMAS_DIR, folder, name)), []));
  const samples = new URL('test/schemas/fixtures/', REPO);
  for (const name of readdirSync(samples)) {
    const { schema } = readJsonFile(new URL(`${name}/case.json`, samples)) as { schema: string };
    add(schema.split('/')[0]!, [readJsonFile(new URL(`${name}/sample.json`, samples))]);
  }
  const pacts = new URL('test/contracts/fixtures/', REPO);
  for (const name of readdirSync(pacts)) {
    const pact = readJsonFile(new URL(`${name}/pact.json`, pacts)) as {
      provider: { name: string };
      interactions: {
        request?: { body?: { content?: unknown } };
        response?: { body?: { content?: unknown } };
      }[];
    };
    add(
      pact.provider.name,
      pact.interactions.flatMap((i) => [i.request?.body?.content, i.response?.body?.content]),
    );
  }
  return bodies;
}

/** Broken copies of a body: each member missing, of the wrong type, or an undocumented string value. */
function mutations(value: unknown): unknown[] {
  const out: unknown[] = [null, 0, 'x', true, [], {}];
  const wrongType = (v: unknown): unknown =>
    typeof v === 'string'
      ? 12345
      : typeof v === 'number'
        ? String(v)
        : typeof v === 'boolean'
          ? 'true'
          : Array.isArray(v)
            ? { 0: v[0] }
            : v === null
              ? 0
              : [v];
  const walk = (node: unknown, replace: (next: unknown) => unknown, depth: number) => {
    if (depth > 4 || out.length > 400 || node === null || typeof node !== 'object') return;
    const entries = Object.entries(node);
    for (const [key, child] of entries) {
      const withChild = (next: unknown) =>
        Array.isArray(node)
          ? replace(node.map((c, i) => (String(i) === key ? next : c)))
          : replace({ ...node, [key]: next });
      if (!Array.isArray(node)) {
        const { [key]: _gone, ...rest } = node as Record<string, unknown>;
        out.push(replace(rest));
      }
      out.push(withChild(wrongType(child)));
      if (typeof child === 'string') out.push(withChild('not_a_documented_value'), withChild(''));
      if (typeof child === 'number') out.push(withChild(-1), withChild(1e12), withChild(1.5));
      walk(child, withChild, depth + 1);
    }
  };
  walk(value, (v) => v, 0);
  return out;
}

describe('precompiled validators', () => {
  it('serve every handle of the shipped schemas; compiled ones when none are given', () => {
    const pre = flat(handlesByFolder(precompiled));
    const com = flat(handlesByFolder(compiled));
    expect(pre.length).toBeGreaterThan(100);
    expect(pre.map((h) => h.ref)).toEqual(com.map((h) => h.ref));
    for (const handle of pre) expect(isStandalone(handle), handle.ref).toBe(true);
    for (const handle of com) expect(isStandalone(handle), handle.ref).toBe(false);
  });

  it('give the compiled verdicts and errors for every example, golden and mutated body', () => {
    const pre = handlesByFolder(precompiled);
    const com = handlesByFolder(compiled);
    const pairs = (folder?: string) =>
      [...pre]
        .filter(([f]) => folder === undefined || f === folder)
        .flatMap(([f, handles]) => [...handles].map(([ref, h]) => [ref, h, com.get(f)!.get(ref)!] as const));
    const all = pairs();
    const mismatches: string[] = [];
    let compared = 0;
    let invalid = 0;
    for (const [folder, bodies] of bodiesByFolder()) {
      const own = pairs(folder);
      const values = bodies.flatMap((body) => [body, ...mutations(body)]);
      for (const [i, value] of values.entries()) {
        // The bodies as found go against every handle; the mutated ones against their API's.
        for (const [ref, { validate: a }, { validate: b }] of bodies.includes(value) ? all : own) {
          const verdict = a(value);
          const expected = b(value);
          compared++;
          if (!expected) invalid++;
          const same = verdict === expected && JSON.stringify(a.errors) === JSON.stringify(b.errors);
          if (!same && mismatches.length < 5)
            mismatches.push(
              `${ref} on ${folder} value ${i}: ${JSON.stringify(a.errors)} ≠ ${JSON.stringify(b.errors)}`,
            );
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(10_000);
    expect(invalid).toBeGreaterThan(5_000);
  });

  it('compile a ref the build did not precompile', () => {
    const ref = `${SCHEMA_BASE}vectara-v2/job.schema.json#/$defs/Job/properties/id`;
    const handle = precompiled.schema(ref);
    expect(isStandalone(handle)).toBe(false);
    expect(handle.validate('job_1')).toBe(compiled.schema(ref).validate('job_1'));
  });

  describe('other schemas than the build saw', () => {
    function copyWith(file: string, change: (text: string) => string): string {
      const dir = temp('jobs-conformance-schemas-');
      cpSync(DEFAULT_SCHEMAS_DIR, dir, { recursive: true });
      writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')));
      return dir;
    }
    const getJob200 = (catalogue: Catalogue) =>
      catalogue.api('vectara-v2').operation('getJob').responses.get('200')!.body!;

    it('an unchanged copy elsewhere: the precompiled validators (the key is the content)', () => {
      const copy = copyWith('vectara-v2/job.schema.json', (text) => text);
      expect(isStandalone(getJob200(loadCatalogue(copy, { precompiledDir })))).toBe(true);
    });

    it('an edited schema: compiled at load, the edit in force', () => {
      const copy = copyWith('vectara-v2/job.schema.json', (text) =>
        text.replace('"pattern": "^job_.+$"', '"pattern": "^task_.+$"'),
      );
      const job = { id: 'job_9', type: 'bulk_delete_documents', state: 'failed_will_retry' };
      expect(getJob200(precompiled).validate(job)).toBe(true);
      const handle = getJob200(loadCatalogue(copy, { precompiledDir }));
      expect(isStandalone(handle)).toBe(false);
      expect(handle.validate(job)).toBe(false);
      expect(handle.validate.errors?.[0]).toMatchObject({ instancePath: '/id', keyword: 'pattern' });
    });

    it('an edited openapi.json or another schemas folder beside: compiled at load', () => {
      const copy = copyWith('vectara-v2/openapi.json', (text) =>
        text.replace('"summary": "', '"summary": "Edited: '),
      );
      expect(isStandalone(getJob200(loadCatalogue(copy, { precompiledDir })))).toBe(false);
      const extra = temp('jobs-conformance-extra-');
      const both = loadCatalogue([DEFAULT_SCHEMAS_DIR, extra], { precompiledDir });
      expect(isStandalone(getJob200(both))).toBe(true); // an empty extra folder adds nothing
      cpSync(join(DEFAULT_SCHEMAS_DIR, 'vectara-v1'), join(extra, 'vectara-v1'), { recursive: true });
      const openapi = join(extra, 'vectara-v1', 'openapi.json');
      writeFileSync(openapi, readFileSync(openapi, 'utf8').replace('"summary": "', '"summary": "Newer: '));
      expect(isStandalone(getJob200(loadCatalogue([DEFAULT_SCHEMAS_DIR, extra], { precompiledDir })))).toBe(
        false,
      );
    });

    it('a broken schema fails at load with the one-line error, precompiled validators or not', () => {
      const copy = copyWith('vectara-v2/job.schema.json', (text) =>
        text.replace('"$ref": "#/$defs/JobState"', '"$ref": "#/$defs/NoSuchState"'),
      );
      const errorOf = (options: Parameters<typeof loadCatalogue>[1]) => {
        try {
          loadCatalogue(copy, options);
        } catch (error) {
          return error;
        }
        throw new Error('a broken schema loaded');
      };
      const error = errorOf({ precompiledDir });
      expect(error).toBeInstanceOf(CatalogueError);
      expect((error as Error).message).toContain('NoSuchState');
      expect((error as Error).message).toBe((errorOf({ precompiledDir: null }) as Error).message);
    });
  });
});
