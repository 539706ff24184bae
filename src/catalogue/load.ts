import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { CatalogueError } from '../core/index.ts';
import { collectEnumSites, enumTierOf } from './enums.ts';
import type {
  EnvelopeSpec,
  FieldSelectionSpec,
  LifecycleSpec,
  LiveSettingsSpec,
  OfficialSpec,
  RejectionOutcome,
  SortSpec,
} from './extensions.ts';
import { extensionsValidator } from './extensions-check.ts';
import { getAtPointer } from './pointer.ts';
import { resolveSchemaNode } from './resolve.ts';
import type {
  Api,
  ApiId,
  EnumSite,
  EnumTier,
  FilterSpec,
  HttpMethod,
  JsonSchema,
  Operation,
  PaginationSpec,
  Parameter,
  ResponseSpec,
  SchemaHandle,
  SecurityAlternative,
  SecurityScheme,
} from './types.ts';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

export const DEFAULT_SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));
const METHODS: HttpMethod[] = ['GET', 'POST', 'PATCH', 'DELETE', 'PUT'];

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

interface BuildContext {
  schema: (ref: string) => SchemaHandle;
  fileById: Map<string, SchemaFile>;
  compileInline: (node: JsonSchema) => ValidateFunction;
}

interface SchemaFile {
  path: string;
  id: string;
  doc: JsonSchema;
}

function readJson(path: string): JsonSchema {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CatalogueError(`cannot read ${path}: ${(error as Error).message}`);
  }
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

/** One API folder found on disk: its id (the folder's name) and where it lies. */
interface ApiFolder {
  id: string;
  dir: string;
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
export function loadCatalogue(schemasDirs: string | readonly string[] = DEFAULT_SCHEMAS_DIR): Catalogue {
  const roots = typeof schemasDirs === 'string' ? [schemasDirs] : [...schemasDirs];
  const schemasDir = roots[0] ?? DEFAULT_SCHEMAS_DIR;
  const folders = discoverFolders(roots);
  const apiFolders: ApiFolder[] = [];
  const files: SchemaFile[] = [];
  const extensionKeywords = new Set<string>();
  for (const [folder, dir] of folders) {
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.schema.json'))) {
      const path = join(dir, name);
      const doc = readJson(path);
      if (typeof doc.$id !== 'string') throw new CatalogueError(`${path} has no $id`);
      collectExtensionKeywords(doc, extensionKeywords);
      files.push({ path, id: doc.$id, doc });
    }
    if (existsSync(join(dir, 'openapi.json'))) apiFolders.push({ id: folder, dir });
  }
  const checkExtensions = extensionsValidator();

  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  for (const keyword of extensionKeywords) ajv.addKeyword({ keyword, schemaType: undefined as never });
  const fileById = new Map<string, SchemaFile>();
  for (const file of files) {
    try {
      ajv.addSchema(file.doc);
    } catch (error) {
      throw new CatalogueError(`${file.path}: ${(error as Error).message}`);
    }
    fileById.set(file.id, file);
  }

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
      validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
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

  const compileInline = (node: JsonSchema) => ajv.compile(node);
  const apis = new Map<ApiId, Api>();
  for (const { id, dir } of apiFolders) {
    const openapiPath = join(dir, 'openapi.json');
    const doc = readJson(openapiPath);
    checkExtensions(openapiPath, doc);
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

function buildApi(id: ApiId, openapiPath: string, doc: JsonSchema, ctx: BuildContext): Api {
  const { schema } = ctx;
  const baseUri = `https://schemas.jobs-conformance.dev/${id}/openapi.json`;
  const where = (what: string) => `${openapiPath}: ${what}`;
  const refOf = (node: unknown, what: string): string => {
    const ref = (node as { $ref?: unknown } | undefined)?.$ref;
    if (typeof ref !== 'string') throw new CatalogueError(where(`${what} must be a $ref to a schema file`));
    return new URL(ref, baseUri).href;
  };
  const handle = (node: unknown, what: string): SchemaHandle => {
    try {
      return schema(refOf(node, what));
    } catch (error) {
      if (error instanceof CatalogueError) throw new CatalogueError(where(`${what}: ${error.message}`));
      throw error;
    }
  };

  const components = (doc.components ?? {}) as { securitySchemes?: Record<string, Record<string, unknown>> };
  const securitySchemes: Record<string, SecurityScheme> = {};
  for (const [name, raw] of Object.entries(components.securitySchemes ?? {})) {
    const flows = raw.flows as
      | { clientCredentials?: { tokenUrl?: string; scopes?: Record<string, string> } }
      | undefined;
    securitySchemes[name] = {
      name,
      type: raw.type as SecurityScheme['type'],
      scheme: raw.scheme as string | undefined,
      in: raw.in as string | undefined,
      headerName: raw.name as string | undefined,
      tokenUrl: flows?.clientCredentials?.tokenUrl,
      scopes: flows?.clientCredentials?.scopes ? Object.keys(flows.clientCredentials.scopes) : undefined,
    };
  }
  const toSecurity = (raw: unknown): SecurityAlternative[] =>
    ((raw as Record<string, string[]>[] | undefined) ?? []).map((schemes) => ({ schemes }));
  const documentSecurity = toSecurity(doc.security);

  const operations: Operation[] = [];
  const paths = (doc.paths ?? {}) as Record<string, Record<string, unknown>>;
  for (const [path, item] of Object.entries(paths)) {
    const shared = (item.parameters as unknown[] | undefined) ?? [];
    for (const method of METHODS) {
      const raw = item[method.toLowerCase()] as Record<string, unknown> | undefined;
      if (!raw) continue;
      const opId = raw.operationId;
      if (typeof opId !== 'string') throw new CatalogueError(where(`${method} ${path} has no operationId`));
      const label = `${opId} (${method} ${path})`;
      const parameters: Parameter[] = [...shared, ...((raw.parameters as unknown[]) ?? [])].map((p) => {
        const param = p as Record<string, unknown>;
        return {
          name: param.name as string,
          in: param.in as Parameter['in'],
          required: param.required === true,
          description: param.description as string | undefined,
          style: param.style as string | undefined,
          explode: param.explode as boolean | undefined,
          schema: handle(param.schema, `${label} parameter ${String(param.name)}`),
        };
      });
      const responses = new Map<string, ResponseSpec>();
      for (const [status, r] of Object.entries(
        (raw.responses ?? {}) as Record<string, Record<string, unknown>>,
      )) {
        const content = r.content as Record<string, { schema?: unknown }> | undefined;
        const [contentType, media] = Object.entries(content ?? {})[0] ?? [];
        const headers: Record<string, SchemaHandle> = {};
        for (const [name, h] of Object.entries((r.headers ?? {}) as Record<string, { schema?: unknown }>)) {
          const hs = h.schema as Record<string, unknown> | undefined;
          headers[name.toLowerCase()] =
            hs && typeof hs.$ref === 'string'
              ? handle(hs, `${label} ${status} header ${name}`)
              : inlineHandle(`${baseUri}#${label}/${status}/${name}`, hs ?? {});
        }
        responses.set(status, {
          status,
          description: (r.description as string) ?? '',
          contentType,
          body: media ? handle(media.schema, `${label} response ${status}`) : undefined,
          headers,
          errorMessage: r['x-error-message'] as string | undefined,
          inferred: r['x-inferred'] as string | undefined,
        });
      }
      const body = raw.requestBody as
        | { required?: boolean; content?: Record<string, { schema?: unknown }> }
        | undefined;
      const [bodyType, bodyMedia] = Object.entries(body?.content ?? {})[0] ?? [];
      operations.push({
        api: id,
        id: opId,
        key: `${id}:${opId}`,
        method,
        path,
        summary: (raw.summary as string) ?? opId,
        writes: typeof raw['x-writes'] === 'boolean' ? raw['x-writes'] : method !== 'GET',
        parameters,
        requestBody:
          bodyType && bodyMedia
            ? {
                required: body?.required === true,
                contentType: bodyType,
                body: handle(bodyMedia.schema, `${label} request body`),
              }
            : undefined,
        responses,
        statuses: [...responses.keys()]
          .filter((s) => /^\d{3}$/.test(s))
          .map(Number)
          .sort((a, b) => a - b),
        hasDefaultResponse: responses.has('default'),
        pagination: raw['x-pagination'] as PaginationSpec | undefined,
        filters: (raw['x-filters'] as FilterSpec[] | undefined) ?? [],
        fieldSelection: raw['x-field-selection'] as FieldSelectionSpec | undefined,
        security: raw.security ? toSecurity(raw.security) : documentSecurity,
      });
    }
  }

  const rejection = doc['x-auth-rejection'] as
    | {
        statuses: number[];
        schema: unknown;
        insufficientScope?: { status: number; schema: unknown };
        [outcome: string]: unknown;
      }
    | undefined;
  if (!rejection) throw new CatalogueError(where('x-auth-rejection is missing'));

  // Enum tiers by $defs name, from every schema folder this API's operations reference
  // (the namespaced Cloudflare surface reuses the instance surface's folder).
  const referenced = operations.flatMap((op) => [
    ...op.parameters.map((p) => p.schema.ref),
    ...(op.requestBody ? [op.requestBody.body.ref] : []),
    ...[...op.responses.values()].flatMap((r) => (r.body ? [r.body.ref] : [])),
  ]);
  const folderUris = new Set(referenced.map((ref) => new URL('.', ref).href));
  const enums: Record<string, EnumTier> = {};
  for (const [fileId, file] of ctx.fileById) {
    if (!folderUris.has(new URL('.', fileId).href)) continue;
    for (const [name, def] of Object.entries((file.doc.$defs ?? {}) as Record<string, JsonSchema>)) {
      const tier = enumTierOf(name, `${fileId}#/$defs/${name}`, def);
      if (tier) enums[name] = tier;
    }
  }

  const servers = (doc.servers as { url: string }[] | undefined) ?? [];
  const info = doc.info as { title?: string } | undefined;
  const api: Api = {
    id,
    title: info?.title ?? id,
    serverUrl: servers[0]?.url ?? '',
    ...(typeof doc['x-provider'] === 'string' ? { provider: doc['x-provider'] } : {}),
    envelope: doc['x-envelope'] as EnvelopeSpec,
    ...(doc['x-lifecycle'] ? { lifecycle: doc['x-lifecycle'] as LifecycleSpec } : {}),
    ...(doc['x-live-settings'] ? { liveSettings: doc['x-live-settings'] as LiveSettingsSpec } : {}),
    ...(doc['x-sort'] ? { sort: doc['x-sort'] as SortSpec } : {}),
    sources: (doc['x-source'] as string[] | undefined) ?? [],
    openapiPath,
    openapi: doc,
    operations,
    securitySchemes,
    authRejection: {
      statuses: rejection.statuses,
      body: handle(rejection.schema, 'x-auth-rejection'),
      insufficientScope: rejection.insufficientScope
        ? {
            status: rejection.insufficientScope.status,
            body: handle(rejection.insufficientScope.schema, 'x-auth-rejection.insufficientScope'),
          }
        : undefined,
      ...outcomes(rejection),
    },
    rateLimit: doc['x-rate-limit'] as Api['rateLimit'],
    ...(doc['x-official'] ? { official: doc['x-official'] as OfficialSpec } : {}),
    enums,
    operation(opId: string) {
      const op = operations.find((o) => o.id === opId);
      if (!op)
        throw new CatalogueError(
          `API ${id} has no operation '${opId}' (has ${operations.map((o) => o.id).join(', ')})`,
        );
      return op;
    },
  };
  return api;

  function inlineHandle(ref: string, node: JsonSchema): SchemaHandle {
    return { ref, schema: node, validate: ctx.compileInline(node) };
  }
}

/** The declared kinds of auth rejection; `typical` is free-form, so only a numeric status makes one. */
function outcomes(rejection: Record<string, unknown>): Partial<Api['authRejection']> {
  const out: Partial<Api['authRejection']> = {};
  for (const kind of ['typical', 'missing', 'malformed'] as const) {
    const o = rejection[kind] as Record<string, unknown> | undefined;
    if (o && typeof o.status === 'number') {
      const outcome: RejectionOutcome = { status: o.status };
      if (typeof o.code === 'number' || typeof o.code === 'string') outcome.code = o.code;
      if (typeof o.message === 'string') outcome.message = o.message;
      out[kind] = outcome;
    }
  }
  if (Array.isArray(rejection.boundParameters)) out.boundParameters = rejection.boundParameters as string[];
  return out;
}
