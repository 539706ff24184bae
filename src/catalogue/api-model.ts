import { CatalogueError } from '../core/index.ts';
import { enumTierOf } from './enums.ts';
import type {
  EnvelopeSpec,
  FieldSelectionSpec,
  LifecycleSpec,
  LiveSettingsSpec,
  OfficialSpec,
  RejectionOutcome,
  SortSpec,
} from './extensions.ts';
import type {
  Api,
  ApiId,
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

// The model of one API from its openapi.json: operations, responses and their schema handles, the x- facts.

const METHODS: HttpMethod[] = ['GET', 'POST', 'PATCH', 'DELETE', 'PUT'];

/** What building an API needs from the catalogue being loaded. */
export interface BuildContext {
  schema: (ref: string) => SchemaHandle;
  /** Every schema file by $id (the enum tiers are read from the $defs of the referenced folders). */
  fileById: ReadonlyMap<string, { doc: JsonSchema }>;
  /** The validator of a schema written inline in the document, named by its handle's ref. */
  compileInline: (ref: string, node: JsonSchema) => SchemaHandle['validate'];
}

export function buildApi(id: ApiId, openapiPath: string, doc: JsonSchema, ctx: BuildContext): Api {
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
    return { ref, schema: node, validate: ctx.compileInline(ref, node) };
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
