import {
  type Api,
  type ApiId,
  apiIds,
  type Catalogue,
  getCatalogue,
  type JsonSchema,
  type Operation,
  type Parameter,
  type SchemaHandle,
} from '../catalogue/index.ts';
import { FINDING_CODES, type FindingCode, type Result, shownPath } from '../core/index.ts';
import { INVALID_INPUT_COMMENT } from './cases.ts';
import { bodyJson, firstValue, type PactFile, type PactInteraction } from './pact-file.ts';

/**
 * The offline pact-vs-schema check (what PactFlow's bi-directional contract test does): every
 * interaction's request and response against the API's OpenAPI document and schemas.
 */

export interface Finding {
  code: FindingCode;
  status: 'fail' | 'warn';
  api: string;
  /** The catalogue operation id, when the request matched one. */
  operation?: string;
  /** The interaction's description. */
  interaction: string;
  message: string;
  /** Where the pact breaks the document: a JSON pointer into the body, a parameter name … */
  location?: string;
  /** The schema rule, e.g. the schema ref or 'openapi: responses of getJob'. */
  rule: string;
  /** The pact file the interaction came from. */
  file?: string;
}

export function comparePact(
  pact: PactFile,
  options: { catalogue?: Catalogue; file?: string } = {},
): Finding[] {
  const catalogue = options.catalogue ?? getCatalogue();
  const findings: Finding[] = [];
  const providerName = pact.provider.name;
  if (!apiIds().includes(providerName)) {
    findings.push(
      finding('pact.provider.unknown', {
        api: providerName,
        interaction: '(pact)',
        message: `provider '${providerName}' is no API id (known: ${apiIds().join(', ')})`,
        rule: 'catalogue: API ids',
        file: options.file,
      }),
    );
    return findings;
  }
  const api = catalogue.api(providerName as ApiId);
  for (const interaction of pact.interactions) {
    if (interaction.type && interaction.type !== 'Synchronous/HTTP') continue;
    findings.push(...compareInteraction(api, interaction, options.file));
  }
  return findings;
}

function finding(code: FindingCode, rest: Omit<Finding, 'code' | 'status'>): Finding {
  return { code, status: FINDING_CODES[code].status, ...rest };
}

function compareInteraction(api: Api, interaction: PactInteraction, file?: string): Finding[] {
  const out: Finding[] = [];
  const base = { api: api.id, interaction: interaction.description, file };
  const add = (code: FindingCode, message: string, rule: string, operation?: string, location?: string) =>
    out.push(finding(code, { ...base, operation, message, rule, location }));

  const { request, response } = interaction;
  const path = stripServerPrefix(api, request.path.split('?')[0] ?? '');
  const method = request.method.toUpperCase();
  const byPath = api.operations
    .map((op) => ({ op, params: matchTemplate(op.path, path) }))
    .filter((m): m is { op: Operation; params: Record<string, string> } => m.params !== undefined);
  if (byPath.length === 0) {
    add(
      'request.path.unknown',
      `${method} ${path}: no documented path matches`,
      `openapi: paths of ${api.id}`,
    );
    return out;
  }
  const matched = byPath.find((m) => m.op.method === method);
  if (!matched) {
    const allowed = [...new Set(byPath.map((m) => m.op.method))].join(', ');
    add(
      'request.method.unknown',
      `${method} ${path}: the path is documented for ${allowed} only`,
      `openapi: paths['${byPath[0]?.op.path}']`,
    );
    return out;
  }
  const { op, params: pathValues } = matched;
  const opRule = (what: string) => `openapi: ${what} of ${op.id}`;

  // A request that declares it breaks the documented input, and expects a documented client error
  // for it, is a negative contract: its request is meant to be invalid.
  const declaredInvalid =
    (interaction.comments?.text ?? []).some((t) => t.startsWith(INVALID_INPUT_COMMENT)) &&
    response.status >= 400 &&
    response.status < 500 &&
    (op.responses.has(String(response.status)) || op.hasDefaultResponse);
  const requestOut: Finding[] = [];
  const addRequest = (code: FindingCode, message: string, rule: string, location?: string) => {
    if (!declaredInvalid)
      requestOut.push(finding(code, { ...base, operation: op.id, message, rule, location }));
  };

  // Path parameters.
  for (const param of op.parameters.filter((p) => p.in === 'path')) {
    const raw = pathValues[param.name];
    const problem = raw === undefined ? 'missing' : validateParam(param, [raw]);
    if (problem) {
      addRequest(
        'request.path.invalid',
        `path parameter ${param.name}: ${problem}`,
        param.schema.ref,
        param.name,
      );
    }
  }

  // Query: every key documented, every value allowed, every required one present.
  const query = normaliseMulti(request.query);
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  for (const [name, values] of Object.entries(query)) {
    const param = queryParams.find((p) => p.name === name);
    if (!param) {
      addRequest(
        'request.query.invalid',
        `query parameter '${name}' is not documented`,
        opRule('parameters'),
        name,
      );
      continue;
    }
    const problem = validateParam(param, values);
    if (problem) addRequest('request.query.invalid', `query ${name}: ${problem}`, param.schema.ref, name);
  }
  for (const param of queryParams.filter((p) => p.required && !(p.name in query))) {
    addRequest(
      'request.query.invalid',
      `required query parameter '${param.name}' is missing`,
      opRule('parameters'),
    );
  }

  // Headers: documented header parameters only (auth and content headers are the transport's).
  const headers = lowerKeys(normaliseMulti(request.headers));
  for (const param of op.parameters.filter((p) => p.in === 'header')) {
    const values = headers[param.name.toLowerCase()];
    if (!values) {
      if (param.required)
        addRequest(
          'request.header.invalid',
          `required header '${param.name}' is missing`,
          opRule('parameters'),
        );
      continue;
    }
    const problem = validateParam(param, values);
    if (problem)
      addRequest('request.header.invalid', `header ${param.name}: ${problem}`, param.schema.ref, param.name);
  }

  // Request body.
  const reqBody = bodyJson(request.body);
  if (!op.requestBody) {
    if (reqBody.present)
      addRequest(
        'request.body.invalid',
        `${op.id} documents no request body, but the pact sends one`,
        opRule('requestBody'),
      );
  } else if (!reqBody.present) {
    if (op.requestBody.required)
      addRequest('request.body.invalid', `${op.id} requires a request body`, opRule('requestBody'));
  } else {
    const problem = reqBody.error
      ? `not JSON: ${reqBody.error}`
      : schemaProblem(op.requestBody.body, reqBody.value);
    if (problem) addRequest('request.body.invalid', `request body: ${problem}`, op.requestBody.body.ref);
  }

  out.push(...requestOut);

  // Response status: documented on the operation, or the API's documented auth rejection.
  const status = response.status;
  const spec =
    op.responses.get(String(status)) ??
    (api.authRejection.insufficientScope?.status === status
      ? { body: api.authRejection.insufficientScope.body, contentType: 'application/json' }
      : api.authRejection.statuses.includes(status)
        ? { body: api.authRejection.body, contentType: 'application/json' }
        : op.responses.get('default'));
  if (!spec) {
    add(
      'response.status.undocumented',
      `${op.id} documents ${[...op.responses.keys()].join(', ')} (auth rejection ${api.authRejection.statuses.join(', ')}), not ${status}`,
      opRule('responses'),
      op.id,
    );
    return out;
  }

  const resBody = bodyJson(response.body);
  if (!spec.body) {
    if (resBody.present)
      add(
        'response.body.invalid',
        `status ${status} is documented without a body, but the pact expects one`,
        opRule(`responses[${status}]`),
        op.id,
      );
    return out;
  }
  if (!resBody.present) return out; // The consumer does not rely on the body: nothing to contradict.

  const contentType =
    firstValue(lowerKeys(normaliseMulti(response.headers))['content-type']) ?? response.body?.contentType;
  if (contentType && spec.contentType && mediaType(contentType) !== mediaType(spec.contentType)) {
    add(
      'response.content-type.mismatch',
      `status ${status}: content type ${contentType}, documented ${spec.contentType}`,
      opRule(`responses[${status}].content`),
      op.id,
    );
  }
  const problem = resBody.error ? `not JSON: ${resBody.error}` : schemaProblem(spec.body, resBody.value);
  if (problem) add('response.body.invalid', `status ${status} body: ${problem}`, spec.body.ref, op.id);
  for (const pointer of unpromisedFields(spec.body, resBody.value)) {
    add(
      'response.body.unpromised-field',
      `status ${status} body: ${pointer} is not a property the schema promises`,
      spec.body.ref,
      op.id,
      pointer,
    );
  }
  return out;
}

/** The documented operation a request (method, path relative to the base URL) is for, if any. */
export function operationOfRequest(api: Api, method: string, path: string): Operation | undefined {
  const bare = stripServerPrefix(api, path.split('?')[0] ?? '');
  const upper = method.toUpperCase();
  return api.operations.find((op) => op.method === upper && matchTemplate(op.path, bare) !== undefined);
}

/** A regular expression source matching the paths of an operation (its parameters any one segment). */
export function pathPattern(api: Api, op: Operation): string {
  const prefix = api.serverUrl ? new URL(api.serverUrl).pathname.replace(/\/$/, '') : '';
  const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const body = op.path
    .split(/(\{[^}]+\})/)
    .map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : escapeRegex(part)))
    .join('');
  return `^(${escapeRegex(prefix)})?${body}/?$`;
}

function stripServerPrefix(api: Api, path: string): string {
  const prefix = api.serverUrl ? new URL(api.serverUrl).pathname.replace(/\/$/, '') : '';
  return prefix && path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : path;
}

/** Values of `{name}` segments when `path` fits the template; undefined when it does not. */
function matchTemplate(template: string, path: string): Record<string, string> | undefined {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const m = /^\{([^}]+)\}$/.exec(part);
      if (m?.[1]) {
        names.push(m[1]);
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  const match = new RegExp(`^${source}/?$`).exec(path);
  if (!match) return undefined;
  return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(match[i + 1] ?? '')]));
}

function normaliseMulti(record: Record<string, string[] | string> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(record ?? {})) out[k] = Array.isArray(v) ? v : [v];
  return out;
}

function lowerKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k.toLowerCase(), v]));
}

function mediaType(value: string): string {
  return (value.split(';')[0] ?? '').trim().toLowerCase();
}

/** A parameter's string values converted to its schema's type, then validated; the problem or undefined. */
function validateParam(param: Parameter, values: string[]): string | undefined {
  const schema = param.schema.schema;
  const isArray = schema.type === 'array';
  if (!isArray && values.length > 1) return `sent ${values.length} times, documented once`;
  const itemType = isArray ? itemTypeOf(schema) : (schema.type as string | undefined);
  const converted = values.map((v) => coerce(v, itemType));
  return schemaProblem(param.schema, isArray ? converted : converted[0]);
}

function itemTypeOf(schema: JsonSchema): string | undefined {
  const items = schema.items as JsonSchema | undefined;
  return (items?.type as string | undefined) ?? 'string';
}

function coerce(value: string, type: string | undefined): unknown {
  if (type === 'integer' || type === 'number') {
    return value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
  }
  if (type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

function schemaProblem(handle: SchemaHandle, value: unknown): string | undefined {
  if (handle.validate(value)) return undefined;
  return (handle.validate.errors ?? [])
    .slice(0, 3)
    .map((e) => `${e.instancePath || '/'} ${e.message}`)
    .join('; ');
}

/**
 * JSON pointers of object members the schema does not declare (where it lists `properties` and does
 * not describe extra members with an `additionalProperties` schema).
 */
export function unpromisedFields(handle: SchemaHandle, body: unknown): string[] {
  const out: string[] = [];
  const walk = (node: JsonSchema, base: string, value: unknown, pointer: string): void => {
    const resolved = resolveNode(node, base);
    const props = collectProperties(resolved.node, resolved.base);
    if (Array.isArray(value)) {
      const items = resolved.node.items;
      if (items && typeof items === 'object') {
        value.forEach((item, i) => {
          walk(items as JsonSchema, resolved.base, item, `${pointer}/${i}`);
        });
      }
      return;
    }
    if (value === null || typeof value !== 'object' || !props) return;
    for (const [key, member] of Object.entries(value)) {
      const sub = props.properties[key];
      const where = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (sub) walk(sub.node, sub.base, member, where);
      else if (props.additional) walk(props.additional.node, props.additional.base, member, where);
      else out.push(where);
    }
  };
  walk({ $ref: handle.ref }, handle.ref, body, '');
  return out;
}

type Located = { node: JsonSchema; base: string };

function resolveNode(node: JsonSchema, base: string): Located {
  return getCatalogue().resolveNode(node, base);
}

/** Declared properties of an object node, across allOf/anyOf/oneOf branches; undefined = free-form. */
function collectProperties(
  node: JsonSchema,
  base: string,
): { properties: Record<string, Located>; additional?: Located } | undefined {
  const properties: Record<string, Located> = {};
  let declared = false;
  let additional: Located | undefined;
  const visit = (n: JsonSchema, b: string) => {
    const r = resolveNode(n, b);
    if (r.node.properties && typeof r.node.properties === 'object') {
      declared = true;
      for (const [k, v] of Object.entries(r.node.properties as Record<string, JsonSchema>)) {
        properties[k] ??= { node: v, base: r.base };
      }
    }
    const extra = r.node.additionalProperties;
    if (extra && typeof extra === 'object') additional = { node: extra as JsonSchema, base: r.base };
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
      const list = r.node[key];
      if (Array.isArray(list)) for (const sub of list) visit(sub as JsonSchema, r.base);
    }
  };
  visit(node, base);
  return declared ? { properties, additional } : undefined;
}

/** Findings as results.json entries: `check: 'contract.<code>'`, numbered when one repeats. */
export function findingsToResults(findings: Finding[]): Result[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const operation = f.operation ?? '(none)';
    const key = `${f.api}/${operation}/contract.${f.code}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return {
      id: n === 1 ? key : `${key}#${n}`,
      api: f.api,
      operation,
      check: `contract.${f.code}`,
      code: f.code,
      status: f.status,
      message: `${f.interaction}: ${f.message}`,
      evidence: [],
      source: {
        rule: f.rule,
        doc: `src/core/finding-codes.ts#${f.code}`,
        ...(f.location?.startsWith('/') ? { schemaPath: f.location } : {}),
      },
      // pactFile relative to the working directory (see shownPath): no absolute path in the results.
      data: { interaction: f.interaction, ...(f.file ? { pactFile: shownPath(f.file) } : {}) },
    };
  });
}

/**
 * The check of a set of pacts as results: one result per finding, and a pass per pact that gives
 * none, so a clean check still shows in results.json.
 */
export function comparePactsToResults(pacts: { path: string; pact: PactFile }[]): Result[] {
  const results: Result[] = [];
  for (const { path, pact } of pacts) {
    const findings = comparePact(pact, { file: path });
    if (findings.length > 0) {
      results.push(...findingsToResults(findings));
      continue;
    }
    results.push({
      id: `${pact.provider.name}/(all)/contract.compare`,
      api: pact.provider.name,
      operation: '(all)',
      check: 'contract.compare',
      status: 'pass',
      message: `${pact.interactions.length} interactions of ${pact.consumer.name} agree with the OpenAPI document and schemas`,
      evidence: [],
      source: { rule: `openapi: ${pact.provider.name}`, doc: 'src/core/finding-codes.ts' },
      data: { pactFile: shownPath(path), interactions: pact.interactions.length },
    });
  }
  return results;
}
