import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { CatalogueError } from '../core/index.ts';
import { buildApi } from './api-model.ts';
import { collectEnumSites } from './enums.ts';
import { extensionsValidator } from './extensions-check.ts';
import { getAtPointer } from './pointer.ts';
import {
  DEFAULT_PRECOMPILED_DIR,
  type KeyInput,
  precompiledValidators,
  validatorsKey,
} from './precompiled-validators.ts';
import { resolveSchemaNode } from './resolve.ts';
import {
  compilingValidators,
  type SchemaFile,
  type ValidatorInputs,
  type Validators,
} from './schema-validators.ts';
import type { Api, ApiId, EnumSite, JsonSchema, Operation, SchemaHandle } from './types.ts';

export const DEFAULT_SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

export interface Catalogue {
  schemasDir: string;
  apis: Map<ApiId, Api>;
  api(id: ApiId | string): Api;
  operation(api: ApiId | string, operationId: string): Operation;
  /** Compiled validator for an absolute schema URI (with fragment); compiled once, cached. */
  schema(ref: string): SchemaHandle;
  /** Every enum reached from a schema, with the body path where it applies. */
  enumSites(ref: string): EnumSite[];
  /**
   * Follows a schema node's $ref chain from `base`; keywords beside a $ref apply too (2020-12), the
   * nearer ones winning. Returns the node and the URI later relative refs resolve against.
   */
  resolveNode(node: JsonSchema, base: string): { node: JsonSchema; base: string };
}

export interface LoadOptions {
  /**
   * The folder of the validators `npm run build` precompiled (dist/catalogue/precompiled-validators/),
   * used when the schemas read hash the same as the build's; null compiles always.
   */
  precompiledDir?: string | null;
  /** Makes the validators when none precompiled fit (the build records what it compiles here). */
  validators?: (inputs: ValidatorInputs) => Validators;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new CatalogueError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

function parseJson(path: string, text: string): JsonSchema {
  try {
    const value = JSON.parse(text) as unknown;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new Error('top level is not a JSON object');
    }
    return value as JsonSchema;
  } catch (error) {
    throw new CatalogueError(`invalid JSON in ${path}: ${(error as Error).message}`);
  }
}

function collectExtensionKeywords(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectExtensionKeywords(item, into);
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-')) into.add(key);
      collectExtensionKeywords(value, into);
    }
  }
}

/** One API folder found on disk: its id (the folder's name), where it lies, its openapi.json's text. */
interface ApiFolder {
  id: string;
  dir: string;
  openapiText: string;
}
function subfolders(root: string): string[] {
  try {
    return readdirSync(root)
      .filter((name) => statSync(join(root, name)).isDirectory())
      .sort();
  } catch (error) {
    throw new CatalogueError(`cannot read schemas folder ${root}: ${(error as Error).message}`);
  }
}

/**
 * The folders of the schemas roots, by name; a folder in a later root replaces the one of the same
 * name in an earlier root (a newer copy of an API, or one the project has never seen).
 */
function discoverFolders(roots: readonly string[]): Map<string, string> {
  const byName = new Map<string, string>();
  for (const root of roots) for (const name of subfolders(root)) byName.set(name, join(root, name));
  return byName;
}

/**
 * Loads every API under the schemas roots into one model; throws CatalogueError naming the bad file.
 * An API is any folder holding an openapi.json; the first root is the project's schemas/ (it also holds
 * extensions.schema.json), later roots add or replace folders.
 */
export function loadCatalogue(
  schemasDirs: string | readonly string[] = DEFAULT_SCHEMAS_DIR,
  options: LoadOptions = {},
): Catalogue {
  const roots = typeof schemasDirs === 'string' ? [schemasDirs] : [...schemasDirs];
  const schemasDir = roots[0] ?? DEFAULT_SCHEMAS_DIR;
  const folders = discoverFolders(roots);
  const apiFolders: ApiFolder[] = [];
  const files: SchemaFile[] = [];
  const keyInputs: KeyInput[] = [];
  const extensionKeywords = new Set<string>();
  for (const [folder, dir] of folders) {
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.schema.json'))) {
      const path = join(dir, name);
      const text = readText(path);
      const doc = parseJson(path, text);
      if (typeof doc.$id !== 'string') throw new CatalogueError(`${path} has no $id`);
      collectExtensionKeywords(doc, extensionKeywords);
      files.push({ path, id: doc.$id, doc });
      keyInputs.push({ name: `${folder}/${name}`, text });
    }
    const openapiPath = join(dir, 'openapi.json');
    if (existsSync(openapiPath)) {
      const openapiText = readText(openapiPath);
      apiFolders.push({ id: folder, dir, openapiText });
      keyInputs.push({ name: `${folder}/openapi.json`, text: openapiText });
    }
  }
  const fileById = new Map(files.map((file) => [file.id, file]));

  // Schemas the same as the build's were checked by it (extensions, meta-schema, compiling): its
  // validators serve; any other schemas are checked and compiled here.
  const inputs: ValidatorInputs = { files, extensionKeywords, key: validatorsKey(keyInputs) };
  const compile = options.validators ?? compilingValidators;
  const precompiled =
    options.precompiledDir === null
      ? undefined
      : precompiledValidators(options.precompiledDir ?? DEFAULT_PRECOMPILED_DIR, inputs.key, () =>
          compile(inputs),
        );
  const checkExtensions = precompiled ? undefined : extensionsValidator();
  const validators = precompiled ?? compile(inputs);

  const handles = new Map<string, SchemaHandle>();
  const sitesCache = new Map<string, EnumSite[]>();

  function nodeAt(ref: string): JsonSchema {
    const [base = '', fragment = ''] = ref.split('#');
    const file = fileById.get(base);
    if (!file)
      throw new CatalogueError(
        `$ref ${ref} names no schema file (known: ${[...fileById.keys()].join(', ')})`,
      );
    const node = getAtPointer(file.doc, decodeURIComponent(fragment));
    if (node === null || typeof node !== 'object')
      throw new CatalogueError(`$ref ${ref} points at nothing in ${file.path}`);
    return node as JsonSchema;
  }

  /** Follows a top-level $ref chain to the node holding the keywords. */
  function resolved(ref: string): { ref: string; node: JsonSchema } {
    let current = ref;
    let node = nodeAt(current);
    for (let hops = 0; typeof node.$ref === 'string' && hops < 20; hops++) {
      current = new URL(node.$ref, current).href;
      node = nodeAt(current);
    }
    return { ref: current, node };
  }

  function schema(ref: string): SchemaHandle {
    const cached = handles.get(ref);
    if (cached) return cached;
    const { node } = resolved(ref);
    let validate: ValidateFunction;
    try {
      validate = validators.ref(ref);
    } catch (error) {
      throw new CatalogueError(`cannot compile ${ref}: ${(error as Error).message}`);
    }
    const handle: SchemaHandle = { ref, schema: node, validate };
    handles.set(ref, handle);
    return handle;
  }

  function enumSites(ref: string): EnumSite[] {
    const cached = sitesCache.get(ref);
    if (cached) return cached;
    const sites = collectEnumSites(ref, (r) => resolved(r));
    sitesCache.set(ref, sites);
    return sites;
  }

  const compileInline = (ref: string, node: JsonSchema) => validators.inline(ref, node);
  const apis = new Map<ApiId, Api>();
  for (const { id, dir, openapiText } of apiFolders) {
    const openapiPath = join(dir, 'openapi.json');
    const doc = parseJson(openapiPath, openapiText);
    checkExtensions?.(openapiPath, doc);
    if (doc['x-api-id'] !== id)
      throw new CatalogueError(
        `${openapiPath}: /x-api-id is ${JSON.stringify(doc['x-api-id'])} but the folder is '${id}' (they must be the same)`,
      );
    apis.set(id, buildApi(id, openapiPath, doc, { schema, fileById, compileInline }));
  }
  if (apis.size === 0)
    throw new CatalogueError(`no API folder (one holding an openapi.json) in ${roots.join(', ')}`);

  // Compile everything the documents reference now, so a broken schema fails at load, not mid-run.
  for (const api of apis.values()) {
    for (const op of api.operations)
      for (const spec of op.responses.values()) if (spec.body) enumSites(spec.body.ref);
  }

  return {
    schemasDir,
    apis,
    api(id) {
      const api = apis.get(id as ApiId);
      if (!api) throw new CatalogueError(`unknown API '${id}' (known: ${[...apis.keys()].join(', ')})`);
      return api;
    },
    operation(apiId, operationId) {
      return this.api(apiId).operation(operationId);
    },
    schema,
    enumSites,
    resolveNode(node, base) {
      return resolveSchemaNode((ref) => schema(ref).schema, node, base);
    },
  };
}
