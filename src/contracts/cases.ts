import { createRequire } from 'node:module';
import {
  type Api,
  type ApiId,
  getCatalogue,
  type JsonSchema,
  type Operation,
  type Parameter,
  resolveSchemaNode,
  type SchemaHandle,
} from '../catalogue/index.ts';
import type { Credentials, SchemeCredentials } from '../core/index.ts';
import { type QueryValue, securityAlternatives } from '../http/index.ts';
import { exampleFor } from './matchers.ts';
import { STATES, type StateName, stateSupported } from './states.ts';

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The contract cases of every API, derived from the catalogue: per operation its success, the
 * empty list and the page past the end (paged lists), each documented error status, and an auth
 * failure. A status no request can provoke from the documented inputs and states is listed in
 * `uncovered` with the reason, so nothing is silently left out.
 */

export interface ContractCase {
  api: ApiId;
  operation: string;
  /** 'success', 'empty list', 'past the end', 'status 404', 'auth failure' … */
  scenario: string;
  /** Unique within the API's pact. */
  description: string;
  state: StateName;
  /** Parameters of the state beyond the path values (the scopes a token carries). */
  stateParams?: Record<string, string>;
  /** Path parameters with consumer-side placeholder values; replaced from the provider state when verifying. */
  pathParams: Record<string, string>;
  /** Path parameters kept literal (a deliberately unknown parent resource), never injected. */
  literalPath?: Record<string, string>;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  body?: unknown;
  auth: 'valid' | 'wrong';
  status: number;
  /** Other statuses the documentation allows for the same outcome (auth rejection). */
  statusAlternatives?: number[];
  /** The documented response (status key in op.responses, or 'auth' for the API's auth rejection). */
  responseKey: string;
  /** What the consumer relies on in the body (drives which optional fields the contract promises). */
  bodyExample?: unknown;
  fields: 'promised' | 'documented';
  /** Set when the request deliberately breaks the documented input (the 400 cases): says how. */
  invalidInput?: string;
}

/** The marker a deliberately invalid request carries in its interaction comments (compare.ts reads it). */
export const INVALID_INPUT_COMMENT = 'deliberately invalid request:';

export interface UncoveredStatus {
  api: ApiId;
  operation: string;
  status: string;
  reason: string;
}

/**
 * Consumer-side credentials: placeholders the verification replaces with what the provider accepts,
 * one per scheme of the API's first security alternative, in the fields its type takes.
 */
export function consumerCredentials(api: Api): Credentials {
  const schemes: Record<string, SchemeCredentials> = {};
  for (const name of securityAlternatives(api)[0] ?? []) {
    const scheme = api.securitySchemes[name];
    if (!scheme) continue;
    if (scheme.type === 'apiKey') schemes[name] = { value: 'consumer-api-key' };
    else if (scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'basic')
      schemes[name] = { username: 'consumer', password: 'consumer-password' };
    else schemes[name] = { token: 'consumer-token' };
  }
  return { kind: 'schemes', schemes };
}

/** Credentials of the consumer's form that no provider issued (the auth-failure cases). */
export function wrongCredentials(api: Api): Credentials {
  const wrong = (c: SchemeCredentials): SchemeCredentials => ({
    ...c,
    ...(c.token !== undefined ? { token: 'wrong-token' } : {}),
    ...(c.value !== undefined ? { value: 'wrong-api-key' } : {}),
    ...(c.password !== undefined ? { password: 'wrong-password' } : {}),
  });
  const valid = consumerCredentials(api);
  return {
    kind: 'schemes',
    schemes: Object.fromEntries(Object.entries(valid.schemes).map(([name, c]) => [name, wrong(c)])),
  };
}

const slug = (name: string, separator: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, `$1${separator}$2`)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, separator);

/** Strings a pattern matches, the same on every run (fast-check's generator with a fixed seed). */
function patternSamples(pattern: unknown): string[] {
  if (typeof pattern !== 'string') return [];
  try {
    // Required here: only such a parameter needs fast-check, and the contract thread loads faster without it.
    const fc = createRequire(import.meta.url)('fast-check') as typeof import('fast-check');
    return fc.sample(fc.stringMatching(new RegExp(pattern, 'u')), { seed: 4041, numRuns: 20 });
  } catch {
    return [];
  }
}

/**
 * A distinct placeholder per path parameter of an operation, so each stands for exactly one
 * parameter when injected: a documented example, else one made of the parameter's name; each
 * satisfies the parameter's schema.
 */
function placeholderFor(param: Parameter, taken: Set<string>): string {
  const schema = param.schema.schema;
  const documented = [...(Array.isArray(schema.examples) ? schema.examples : []), schema.example];
  const candidates = [
    ...documented.filter((v): v is string => typeof v === 'string'),
    `example-${slug(param.name, '-')}`,
    `${slug(param.name, '_')}_1`,
    `example${taken.size + 1}`,
  ];
  const fits = (value: string) => !taken.has(value) && param.schema.validate(value);
  const found = candidates.find(fits) ?? patternSamples(schema.pattern).find(fits);
  if (!found) throw new Error(`no placeholder satisfies path parameter ${param.name} (${param.schema.ref})`);
  taken.add(found);
  return found;
}

/** The operation's job id path parameter: the lifecycle's, else one named for a job. */
function jobParamOf(api: Api, op: Operation): Parameter | undefined {
  const declared = api.lifecycle?.jobId?.parameter;
  return op.parameters.find(
    (p) => p.in === 'path' && (declared !== undefined ? p.name === declared : /job/i.test(p.name)),
  );
}

/** A value the parameter's schema rejects, read from its bounds: max + 1, min - 1, a pattern miss. */
function invalidValueFor(
  schema: JsonSchema,
  rule: 'maximum' | 'minimum' | 'pattern',
): string | number | undefined {
  const numeric = schema.type === 'integer' || schema.type === 'number';
  if (rule === 'maximum' && numeric && typeof schema.maximum === 'number') return schema.maximum + 1;
  if (rule === 'minimum' && numeric && typeof schema.minimum === 'number') return schema.minimum - 1;
  if (rule === 'pattern' && schema.type === 'string' && typeof schema.pattern === 'string') {
    const pattern = new RegExp(schema.pattern, 'u');
    return ['0', '-1', 'not valid!'].find((candidate) => !pattern.test(candidate));
  }
  return undefined;
}

/**
 * An input the documentation forbids: a query parameter past its maximum (the classic page-size
 * overflow), below its minimum or off its pattern, else a body field past its bounds.
 */
function invalidInput(op: Operation): Pick<ContractCase, 'query' | 'body' | 'invalidInput'> | undefined {
  for (const rule of ['maximum', 'minimum', 'pattern'] as const) {
    for (const param of op.parameters.filter((p) => p.in === 'query')) {
      const value = invalidValueFor(param.schema.schema, rule);
      if (value !== undefined) {
        return {
          query: { [param.name]: value },
          invalidInput: `query ${param.name}=${value} breaks its ${rule}`,
        };
      }
    }
  }
  const body = op.requestBody?.body;
  if (body) {
    const props = (body.schema.properties ?? {}) as Record<string, JsonSchema>;
    for (const [name, prop] of Object.entries(props)) {
      const resolved = prop.$ref
        ? getCatalogue().schema(new URL(prop.$ref as string, body.ref).href).schema
        : prop;
      const why = `body ${name} breaks its`;
      if (typeof resolved.maxLength === 'number')
        return { body: { [name]: 'x'.repeat(resolved.maxLength + 1) }, invalidInput: `${why} maxLength` };
      if (typeof resolved.maximum === 'number')
        return { body: { [name]: resolved.maximum + 1 }, invalidInput: `${why} maximum` };
      if (Array.isArray(resolved.enum))
        return { body: { [name]: 'not-a-documented-value' }, invalidInput: `${why} enum` };
    }
  }
  return undefined;
}

/** The body shape with the list (at the pagination items pointer) empty. */
function emptyListBody(op: Operation): unknown {
  const pointer = op.pagination?.response.items ?? '';
  return pointer === '' ? [] : setAtPointer(pointer, []);
}

/** The job field a pointer names, when it is a single segment ('/id' → 'id'); else undefined. */
function topField(pointer: string | undefined): string | undefined {
  if (pointer === undefined || !/^\/[^/]+$/.test(pointer)) return undefined;
  return pointer.slice(1).replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * A filter value no job matches: the one the filter declares (`noMatch`, for a query language or a
 * field whose values the documents leave open), else an unknown id on a filter of the job id field.
 */
function nothingMatches(api: Api, op: Operation): Pick<ContractCase, 'query' | 'body'> | undefined {
  const idField = topField(api.lifecycle?.jobId?.pointer) ?? 'id';
  for (const filter of op.filters) {
    let value: unknown = filter.noMatch;
    if (value === undefined && filter.field === idField && !filter.op) value = 'no-such-job';
    if (value === undefined) continue;
    return filter.in === 'query'
      ? { query: { [filter.name]: value as QueryValue } }
      : { body: { [filter.name]: value } };
  }
  return undefined;
}

const lookup = (ref: string) => getCatalogue().schema(ref).schema;

/** The schema node a JSON pointer reaches in a body schema (through properties and array items). */
function schemaAt(handle: SchemaHandle, pointer: string): { node: JsonSchema; base: string } | undefined {
  let at = resolveSchemaNode(lookup, { $ref: handle.ref }, handle.ref);
  for (const segment of pointer === '' ? [] : pointer.slice(1).split('/')) {
    const properties = at.node.properties as Record<string, JsonSchema> | undefined;
    const next =
      properties?.[segment] ??
      (segment === '*' || /^\d+$/.test(segment) ? (at.node.items as JsonSchema | undefined) : undefined);
    if (!next) return undefined;
    at = resolveSchemaNode(lookup, next, at.base);
  }
  return at;
}

/** Where a job sits in an operation's success body: the list's items, else the envelope's data. */
function jobSite(api: Api, op: Operation): { pointer: string; list: boolean } | undefined {
  const body = op.responses.get(String(op.statuses.find((s) => s < 300)))?.body;
  if (!body) return undefined;
  if (op.pagination) return { pointer: op.pagination.response.items, list: true };
  const root = schemaAt(body, '');
  if (root?.node.type === 'array') return { pointer: '', list: true };
  return { pointer: api.envelope.data ?? '', list: false };
}

/** The schema node of one job in an operation's success body. */
function jobNode(api: Api, op: Operation): { node: JsonSchema; base: string } | undefined {
  const site = jobSite(api, op);
  const body = op.responses.get(String(op.statuses.find((s) => s < 300)))?.body;
  if (!site || !body) return undefined;
  return schemaAt(body, site.list ? `${site.pointer}/*` : site.pointer);
}

/** The API's job schema: what its lifecycle's get (else list) operation answers a job as. */
function jobSchema(api: Api): { node: JsonSchema; base: string } | undefined {
  const ops = api.lifecycle?.operations ?? {};
  for (const id of [ops.get, ops.list]) {
    const op = id === undefined ? undefined : api.operations.find((o) => o.id === id);
    const node = op && jobNode(api, op);
    if (node) return node;
  }
  return undefined;
}

/**
 * The job fields this consumer reads (and so the contract promises): the lifecycle's id, state and
 * creation time where each is a top-level field, plus the job schema's required fields.
 */
function jobReads(api: Api): string[] {
  const lifecycle = api.lifecycle;
  const declared = [lifecycle?.jobId?.pointer, lifecycle?.state, lifecycle?.createdAt].map(topField);
  const required = (jobSchema(api)?.node.required as string[] | undefined) ?? [];
  return [...new Set([...declared, ...required].filter((f): f is string => f !== undefined))];
}

/** The success body's example: the read job fields, wherever the body holds jobs of the job schema. */
function successExample(api: Api, op: Operation): unknown {
  const job = jobSchema(api);
  const site = jobSite(api, op);
  if (!job || !site || jobNode(api, op)?.base !== job.base) return undefined;
  const reads = jobReads(api);
  if (reads.length === 0) return undefined;
  const example = Object.fromEntries(reads.map((field) => [field, undefined]));
  const value = site.list ? [example] : example;
  return site.pointer === '' ? value : setAtPointer(site.pointer, value);
}

function setAtPointer(pointer: string, value: unknown): Record<string, unknown> {
  const segments = pointer.slice(1).split('/');
  const root: Record<string, unknown> = {};
  let node = root;
  segments.forEach((segment, i) => {
    if (i === segments.length - 1) node[segment] = value;
    else {
      const next: Record<string, unknown> = {};
      node[segment] = next;
      node = next;
    }
  });
  return root;
}

/** A value of a schema node's type (a documented one where the node constrains its strings). */
function valueOfType(node: JsonSchema, base: string): unknown {
  const type = Array.isArray(node.type) ? node.type.find((t) => t !== 'null') : node.type;
  switch (type) {
    case 'string':
      return node.pattern || node.format || node.enum || node.const !== undefined ? undefined : 'x';
    case 'integer':
    case 'number':
      return undefined; // the documented example, within the node's bounds
    case 'boolean':
      return true;
    case 'array': {
      const items = resolveSchemaNode(lookup, (node.items ?? {}) as JsonSchema, base);
      return [valueOfType(items.node, items.base)];
    }
    case 'object':
      return {};
    default:
      return undefined;
  }
}

/**
 * What a consumer reads from an error body (the promised fields of the error contracts): with an
 * errors list or a success flag in the envelope, the schema's required fields say it all; else the
 * first pointer of the first `errorSays` rule whose statuses match, with a value of its type.
 */
function errorExample(api: Api, status: number, body: SchemaHandle | undefined): unknown {
  const envelope = api.envelope;
  if (!body || envelope.errors || envelope.successFlag) return undefined;
  const rule = envelope.errorSays?.find((r) => !r.statuses || r.statuses.includes(status));
  const pointer = rule?.anyOf[0];
  if (pointer === undefined) return undefined;
  const at = schemaAt(body, pointer);
  if (!at) return undefined;
  return setAtPointer(pointer, valueOfType(at.node, at.base));
}

/** The scopes of the operation's OAuth2 scheme it does not need: what a token lacking its scope carries. */
function scopesWithout(api: Api, op: Operation): string | undefined {
  for (const alternative of op.security) {
    for (const [name, needed] of Object.entries(alternative.schemes)) {
      const scheme = api.securitySchemes[name];
      if (scheme?.type !== 'oauth2' || needed.length === 0) continue;
      return (scheme.scopes ?? []).filter((s) => !needed.includes(s)).join(' ');
    }
  }
  return undefined;
}

export function contractCases(apiId: ApiId): { cases: ContractCase[]; uncovered: UncoveredStatus[] } {
  const api = getCatalogue().api(apiId);
  const cases: ContractCase[] = [];
  const uncovered: UncoveredStatus[] = [];
  const rejection = api.authRejection.statuses;

  for (const op of api.operations) {
    const taken = new Set<string>();
    const pathParams = Object.fromEntries(
      op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, placeholderFor(p, taken)]),
    );
    const jobParam = jobParamOf(api, op);
    const total = op.pagination?.request.total;
    const listHeaders = total ? { [total.name]: total.value } : undefined;
    const success = op.statuses.find((s) => s >= 200 && s < 300) ?? 200;
    const add = (
      c: Omit<ContractCase, 'api' | 'operation' | 'description' | 'pathParams' | 'fields'> & {
        fields?: ContractCase['fields'];
      },
    ) => {
      if (!stateSupported(apiId, c.state)) {
        uncovered.push({
          api: apiId,
          operation: op.id,
          status: c.responseKey,
          reason: `state '${c.state}' not available`,
        });
        return;
      }
      // A required body is sent in its smallest documented form (the lifecycle's create body for a
      // create), with the case's fields on top.
      const smallest =
        op.id === api.lifecycle?.operations.create && isObject(api.lifecycle.createBody)
          ? api.lifecycle.createBody
          : op.requestBody
            ? exampleFor(op.requestBody.body.ref)
            : undefined;
      const body =
        op.requestBody?.required && (c.body === undefined || isObject(c.body))
          ? {
              ...(smallest as Record<string, unknown>),
              ...(c.body as object | undefined),
            }
          : c.body;
      cases.push({
        api: apiId,
        operation: op.id,
        description: `${op.id}: ${c.scenario}`,
        pathParams,
        fields: 'promised',
        ...c,
        ...(body !== undefined ? { body } : {}),
      });
    };

    // Success.
    const successState: StateName = jobParam
      ? op.method === 'PATCH'
        ? STATES.jobRunning
        : STATES.jobExists
      : op.method === 'POST' && op.writes
        ? STATES.notRecentlyCreated
        : STATES.jobsExist;
    add({
      scenario: 'success',
      state: successState,
      auth: 'valid',
      status: success,
      responseKey: String(success),
      bodyExample: successExample(api, op),
      ...(listHeaders ? { headers: listHeaders } : {}),
    });

    // Paged lists: the empty list and the page past the end.
    if (op.pagination && !jobParam) {
      const filter = nothingMatches(api, op);
      add({
        scenario: 'empty list',
        state: filter ? STATES.noJobMatches : STATES.noJobs,
        auth: 'valid',
        status: success,
        responseKey: String(success),
        bodyExample: emptyListBody(op),
        ...(filter ?? {}),
      });
    }
    const page = op.pagination?.request.page;
    if (op.pagination?.pastLastPage === 'empty-result' && page) {
      const pageParam = op.parameters.find((p) => p.name === page.name);
      const far = 100_000;
      add({
        scenario: 'past the end',
        state: jobParam ? STATES.jobExists : STATES.jobsExist,
        auth: 'valid',
        status: success,
        responseKey: String(success),
        query: { [page.name]: pageParam?.schema.schema.type === 'string' ? String(far) : far },
        bodyExample: emptyListBody(op),
      });
    }

    // Documented errors.
    const errorKeys = [...op.responses.keys()].filter((k) => k === 'default' || Number(k) >= 400);
    for (const key of errorKeys) {
      const spec = op.responses.get(key)!;
      const status = key === 'default' ? 400 : Number(key);
      const base = {
        scenario: `status ${key}`,
        responseKey: key,
        bodyExample: errorExample(api, status, spec.body),
      };
      if (status === 400 && spec.errorMessage && jobParam) {
        add({ ...base, state: STATES.jobEnded, auth: 'valid', status });
      } else if (status === 400) {
        const input = invalidInput(op);
        if (!input) {
          uncovered.push({
            api: apiId,
            operation: op.id,
            status: key,
            reason: 'no documented input bound to break',
          });
          continue;
        }
        const state =
          op.method === 'POST' && op.writes && !op.pagination
            ? STATES.notRecentlyCreated
            : jobParam
              ? STATES.jobExists
              : STATES.jobsExist;
        add({
          ...base,
          state,
          auth: 'valid',
          status,
          ...input,
          ...(listHeaders ? { headers: listHeaders } : {}),
        });
      } else if (
        status === 401 ||
        (status === 403 && !api.authRejection.insufficientScope && rejection.includes(403))
      ) {
        add({
          ...base,
          scenario: `status ${key} (auth failure)`,
          state: STATES.jobsExist,
          auth: 'wrong',
          status,
        });
      } else if (status === 403) {
        const scope = scopesWithout(api, op);
        add({
          ...base,
          state: STATES.lacksScope,
          ...(scope !== undefined ? { stateParams: { scope } } : {}),
          auth: 'valid',
          status,
        });
      } else if (status === 404 && jobParam) {
        add({ ...base, state: STATES.jobMissing, auth: 'valid', status });
      } else if (status === 404) {
        // The nearest parent resource: the last path parameter, given a name no resource has.
        const lastName = [...op.path.matchAll(/\{([^}]+)\}/g)].at(-1)?.[1];
        const parent = op.parameters.find((p) => p.in === 'path' && p.name === lastName);
        const missing = parent && `no-such-${slug(parent.name, '-')}`;
        if (!parent || !missing || !parent.schema.validate(missing)) {
          uncovered.push({
            api: apiId,
            operation: op.id,
            status: key,
            reason: 'no path parameter to name a missing resource',
          });
          continue;
        }
        add({
          ...base,
          state: STATES.jobsExist,
          auth: 'valid',
          status,
          literalPath: { [parent.name]: missing },
        });
      } else if (status === 429) {
        add({ ...base, state: STATES.justCreated, auth: 'valid', status });
      } else if (status === 503) {
        add({
          ...base,
          state: STATES.unavailable,
          auth: 'valid',
          status,
          ...(listHeaders ? { headers: listHeaders } : {}),
        });
      } else {
        uncovered.push({ api: apiId, operation: op.id, status: key, reason: 'no rule provokes this status' });
      }
    }

    // Auth failure, unless a documented status above already is the API's auth rejection.
    const coveredAuth = cases.some((c) => c.operation === op.id && c.auth === 'wrong');
    if (!coveredAuth) {
      // The usual answer to a wrong token is 403; the contract accepts every documented rejection status.
      const status =
        rejection.find((s) => s === 403) ?? rejection.find((s) => s === 401) ?? rejection[0] ?? 401;
      add({
        scenario: 'auth failure',
        state: STATES.jobsExist,
        auth: 'wrong',
        status,
        statusAlternatives: rejection,
        responseKey: op.responses.has(String(status)) ? String(status) : 'auth',
        bodyExample: errorExample(
          api,
          status,
          op.responses.get(String(status))?.body ?? api.authRejection.body,
        ),
      });
    }
  }
  return { cases, uncovered };
}
