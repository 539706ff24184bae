import { createRequire } from 'node:module';
import type { Ajv2020, Options, ValidateFunction } from 'ajv/dist/2020.js';
import { CatalogueError } from '../core/index.ts';
import type { JsonSchema } from './types.ts';

// Ajv's compiler and ajv-formats (CommonJS) are required on first compile: a load that finds
// precompiled validators never needs them (the contracts worker thread then loads none of Ajv's compiler).
const require = createRequire(import.meta.url);

/** The Ajv options of the catalogue's validators (part of the precompiled validators' key). */
export const SCHEMA_AJV_OPTIONS = { strict: true, allErrors: true, allowUnionTypes: true } as const;

/** One schema file of an API folder, parsed. */
export interface SchemaFile {
  path: string;
  id: string;
  doc: JsonSchema;
}

/** Where the catalogue's handles get their validators: compiled now, or precompiled by the build. */
export interface Validators {
  /** The validator of an absolute schema ref (with fragment); throws when it cannot be compiled. */
  ref(ref: string): ValidateFunction;
  /** The validator of a schema written inline in an openapi.json, named by its handle's ref. */
  inline(ref: string, node: JsonSchema): ValidateFunction;
}

/** What the catalogue read, for making its validators. */
export interface ValidatorInputs {
  files: readonly SchemaFile[];
  /** The x- keywords the schema files use (allowed as annotations under strict mode). */
  extensionKeywords: ReadonlySet<string>;
  /** The content hash of everything the validators depend on (precompiled-validators.ts). */
  key: string;
}

/**
 * An Ajv (JSON Schema 2020-12) with ajv-formats, both loaded on this first call: a run whose
 * validators are precompiled, and that reads no config file, loads no compiler.
 */
export function ajvWithFormats(options: Options): Ajv2020 {
  const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const addFormats = require('ajv-formats') as (ajv: Ajv2020) => Ajv2020;
  const ajv = new Ajv(options);
  addFormats(ajv);
  return ajv;
}

/** The Ajv instance every schema file is added to; `code` only for generating standalone code. */
export function schemaAjv(extensionKeywords: Iterable<string>, code?: Options['code']): Ajv2020 {
  const ajv = ajvWithFormats({ ...SCHEMA_AJV_OPTIONS, ...(code ? { code } : {}) });
  for (const keyword of extensionKeywords) ajv.addKeyword({ keyword, schemaType: undefined as never });
  return ajv;
}

/** Adds every schema file, a broken one failing with its path (Ajv checks it against the meta-schema). */
export function addSchemaFiles(ajv: Ajv2020, files: readonly SchemaFile[]): void {
  for (const file of files) {
    try {
      ajv.addSchema(file.doc);
    } catch (error) {
      throw new CatalogueError(`${file.path}: ${(error as Error).message}`);
    }
  }
}

/** Validators compiled by Ajv as they are asked for (a source checkout, or schemas the build did not see). */
export function compilingValidators({ files, extensionKeywords }: ValidatorInputs): Validators {
  const ajv = schemaAjv(extensionKeywords);
  addSchemaFiles(ajv, files);
  return {
    ref: (ref) => ajv.getSchema(ref) ?? ajv.compile({ $ref: ref }),
    inline: (_ref, node) => ajv.compile(node),
  };
}
