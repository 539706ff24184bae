// Each schemas/<api>/openapi.json is valid OpenAPI 3.1 as it lies (so Prism, Schemathesis or an
// OpenAPI-to-Pact comparator can take it), with stable operation ids, typed responses and the
// pagination extension on every list operation.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { type JsonFile, openApiFiles, SCHEMAS_DIR, schemaFiles } from './schema-files.ts';

const openapis = openApiFiles();
const schemas = schemaFiles();
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * A validator that knows every schema file under the relative names the document's $refs use:
 * 'x.schema.json' for the API's own folder, '../<folder>/x.schema.json' for a borrowed one. A
 * borrowed folder's files are also registered by their bare names, since the refs inside those
 * files are relative to them.
 */
async function validatorFor(openapi: JsonFile): Promise<Validator> {
  const validator = new Validator();
  const borrowed = new Set(
    JSON.stringify(openapi.doc)
      .match(/"\.\.\/([^/"]+)\//g)
      ?.map((m) => m.slice(4, -1)) ?? [],
  );
  for (const file of schemas) {
    if (file.folder === openapi.folder || borrowed.has(file.folder))
      await validator.addSpecRef(structuredClone(file.doc), file.name);
    if (borrowed.has(file.folder))
      await validator.addSpecRef(structuredClone(file.doc), `../${file.folder}/${file.name}`);
  }
  return validator;
}

type Operation = Record<string, unknown> & {
  operationId?: string;
  responses?: Record<string, { content?: Record<string, unknown> }>;
  'x-pagination'?: { style?: string };
};

const operationsOf = (openapi: JsonFile) =>
  Object.entries(openapi.doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method] as Operation })),
  );

describe.each(openapis.map((f) => [f.folder, f] as const))('%s/openapi.json', (_, openapi) => {
  it('is valid OpenAPI 3.1 with its referenced schema files', async () => {
    const validator = await validatorFor(openapi);
    const result = await validator.validate(structuredClone(openapi.doc));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('is refused without its schema files (the validator does follow external refs)', async () => {
    const result = await new Validator().validate(structuredClone(openapi.doc));
    expect(result.valid).toBe(false);
    expect(String(result.errors)).toMatch(/Can't resolve .*schema\.json/);
  });

  it('every operation has a unique camelCase operationId', () => {
    const ids = operationsOf(openapi).map(({ op }) => op.operationId);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z]+$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('every response declares a content type with a schema, or is 204', () => {
    for (const { path, method, op } of operationsOf(openapi)) {
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        const where = `${method.toUpperCase()} ${path} ${status}`;
        if (status === '204') {
          expect(response.content, where).toBeUndefined();
          continue;
        }
        const media = Object.entries(response.content ?? {});
        expect(media.length, where).toBeGreaterThan(0);
        for (const [type, body] of media) {
          expect(type, where).toBe('application/json');
          expect((body as { schema?: { $ref?: string } }).schema?.$ref, where).toMatch(/\.schema\.json#\//);
        }
      }
    }
  });

  it('every list operation carries the x-pagination extension', () => {
    const all = operationsOf(openapi);
    const lists = all.filter(({ op }) => /^(list|search)/.test(op.operationId ?? ''));
    expect(lists.length).toBeGreaterThan(0);
    for (const { op } of lists)
      expect(op['x-pagination']?.style, op.operationId).toMatch(
        /^(page-result-info|cursor|page-total-header|after-id)$/,
      );
    const others = all.filter((o) => !lists.includes(o));
    for (const { op } of others) expect(op['x-pagination'], op.operationId).toBeUndefined();
  });

  it('declares its security schemes and uses only those', () => {
    const schemes = Object.keys(
      ((openapi.doc.components as { securitySchemes?: object } | undefined)?.securitySchemes ?? {}) as object,
    );
    expect(schemes.length).toBeGreaterThan(0);
    const used = [
      ...((openapi.doc.security as object[] | undefined) ?? []),
      ...operationsOf(openapi).flatMap(({ op }) => (op.security as object[] | undefined) ?? []),
    ].flatMap((alt) => Object.keys(alt));
    expect(used.length).toBeGreaterThan(0);
    for (const name of used) expect(schemes).toContain(name);
  });
});

it('a broken document fails the validator (so the validity test can fail)', async () => {
  const [first] = openapis;
  if (!first) throw new Error('no openapi.json found');
  const broken = structuredClone(first.doc) as { paths: Record<string, Record<string, Operation>> };
  const [item] = Object.values(broken.paths);
  const op = Object.values(item ?? {}).find((o) => o && typeof o === 'object' && 'responses' in o);
  if (!op?.responses) throw new Error('no operation with responses');
  op.responses['200'] = { content: {} }; // a response without its required description
  const result = await (await validatorFor(first)).validate(broken);
  expect(result.valid).toBe(false);
});

it('an openapi.json exists for every folder that has schema files or borrows them', () => {
  const folders = readdirSync(SCHEMAS_DIR, { withFileTypes: true }).filter((d) => d.isDirectory());
  for (const folder of folders)
    expect(readdirSync(join(SCHEMAS_DIR, folder.name)), folder.name).toContain('openapi.json');
});
