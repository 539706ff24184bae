import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
// The V4 DSL and the matchers alone: the package root also loads Pact's verifier, proxy and GraphQL,
// doubling the time the contract thread takes to load.
import * as MatchersV3 from '@pact-foundation/pact/src/v3/matchers.js';
import { PactV4 } from '@pact-foundation/pact/src/v4/index.js';
import { type Api, type ApiId, apiIds, getCatalogue } from '../catalogue/index.ts';
import type { Target } from '../core/index.ts';
import { createHttpClient, type HttpClient, schemeHeaderNames } from '../http/index.ts';
import { callThroughClient } from './calls.ts';
import {
  type ContractCase,
  consumerCredentials,
  contractCases,
  INVALID_INPUT_COMMENT,
  type UncoveredStatus,
  wrongCredentials,
} from './cases.ts';
import { DEFAULT_CONSUMER, defaultPactDir, pactFileName, providerName } from './config.ts';
import { matcherFor } from './matchers.ts';
import { checkOnMockServer, writePactOf } from './pact-mock.ts';
import { type Pool, pool } from './pool.ts';

/**
 * Writes the consumer pacts in-process with the Pact V4 DSL: for every contract case, the request
 * the HTTP layer (`callOperation`) really sends is captured, turned into the interaction (with the
 * values a provider state supplies marked for injection), and then sent again to a Pact mock server
 * of that interaction alone, which checks it matches (several at once); the pact file is written once
 * all have matched.
 */

export interface GenerateOptions {
  consumer?: string;
  pactDir?: string;
  apis?: readonly ApiId[];
}

export interface GeneratedPact {
  api: ApiId;
  provider: string;
  file: string;
  interactions: number;
}

export interface GenerateReport {
  consumer: string;
  pactDir: string;
  pacts: GeneratedPact[];
  uncovered: UncoveredStatus[];
}

interface CapturedRequest {
  method: string;
  path: string;
  query: Record<string, string[]>;
  headers: Record<string, string>;
  body?: unknown;
}

/** Values the consumer sends that a provider state replaces at verification, by injection name. */
function injectionValues(api: Api, c: ContractCase): Record<string, string> {
  const credentials = consumerCredentials(api);
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(c.pathParams))
    if (!(name in (c.literalPath ?? {}))) values[name] = value;
  if (c.auth === 'valid')
    for (const [name, scheme] of Object.entries(credentials.schemes)) {
      const type = api.securitySchemes[name]?.type;
      if (scheme.token !== undefined) values[type === 'oauth2' ? 'access_token' : 'token'] = scheme.token;
      if (scheme.value !== undefined) values.api_key = scheme.value;
    }
  for (const [name, value] of Object.entries(consumerHeaderParams(api)))
    values[name.replace(/[^A-Za-z0-9]+/g, '_').toLowerCase()] = value;
  return values;
}

/** The injection expression for a consumer value: `${name}` wherever the value stands. */
function injected(text: string, values: Record<string, string>): { expression: string; changed: boolean } {
  let expression = text;
  // Longest values first so 'job_1' inside a longer value is not replaced twice.
  for (const [name, value] of Object.entries(values).sort((a, b) => b[1].length - a[1].length)) {
    if (value) expression = expression.split(value).join(`\${${name}}`);
  }
  return { expression, changed: expression !== text };
}

/** Placeholders for the header parameters a live run sets (an account id), each matching its pattern. */
function consumerHeaderParams(api: Api): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, setting] of Object.entries(api.liveSettings?.headerParameters ?? {})) {
    const pattern = setting.pattern ? new RegExp(setting.pattern) : undefined;
    params[name] = ['1234', 'consumer-value'].find((v) => !pattern || pattern.test(v)) ?? '1234';
  }
  // A required header parameter with a documented default (an API version) is sent with it.
  for (const op of api.operations)
    for (const p of op.parameters)
      if (
        p.in === 'header' &&
        p.required &&
        params[p.name] === undefined &&
        typeof p.schema.schema.default === 'string'
      )
        params[p.name] = p.schema.schema.default;
  return params;
}

/** Request headers the contract holds the consumer to: auth, content type, documented header parameters. */
function contractHeaderNames(api: Api, c: ContractCase): Set<string> {
  const op = api.operation(c.operation);
  return new Set(
    [
      ...schemeHeaderNames(api),
      'content-type',
      ...op.parameters.filter((p) => p.in === 'header').map((p) => p.name),
    ]
      .filter((n): n is string => Boolean(n))
      .map((n) => n.toLowerCase()),
  );
}

function targetFor(api: Api, c: ContractCase, baseUrl: string): Target {
  return {
    api: api.id,
    baseUrl,
    pathParams: { ...c.pathParams, ...c.literalPath },
    headerParams: consumerHeaderParams(api),
    credentials: consumerCredentials(api),
    live: false,
  };
}

function send(http: HttpClient, api: Api, c: ContractCase, baseUrl: string) {
  return callThroughClient(
    http,
    targetFor(api, c, baseUrl),
    c,
    c.auth === 'valid' ? 'valid' : wrongCredentials(api),
  );
}

/** A loopback server that records one request and answers 200 {}. */
async function startCapture(): Promise<{ url: string; take(): CapturedRequest; close(): Promise<void> }> {
  let last: CapturedRequest | undefined;
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://capture');
      const query: Record<string, string[]> = {};
      for (const [k, v] of url.searchParams) query[k] = [...(query[k] ?? []), v];
      const text = Buffer.concat(chunks).toString('utf8');
      last = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query,
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
        ...(text ? { body: JSON.parse(text) as unknown } : {}),
      };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    take() {
      if (!last) throw new Error('the HTTP layer sent no request');
      const taken = last;
      last = undefined;
      return taken;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The response side of a case: status (with the documented alternatives), headers and body matchers. */
function responseOf(api: Api, c: ContractCase) {
  const op = api.operation(c.operation);
  const spec =
    c.responseKey === 'auth'
      ? { body: api.authRejection.body, contentType: 'application/json', headers: {} }
      : op.responses.get(c.responseKey);
  if (!spec) throw new Error(`${op.key}: no documented response '${c.responseKey}'`);
  const headers: Record<string, unknown> = {};
  if (spec.body)
    headers['Content-Type'] = MatchersV3.regex(
      `^${spec.contentType ?? 'application/json'}(;.*)?$`,
      spec.contentType ?? 'application/json',
    );
  for (const [name, handle] of Object.entries(spec.headers ?? {})) {
    // Only headers the request asked for (X-Total-Count) or the status always carries (retry-after).
    const asked =
      op.pagination?.request.total &&
      name.toLowerCase() === op.pagination.response.totalHeader?.toLowerCase();
    if (c.bodyExample === undefined && !asked && c.status < 400) continue;
    if (asked && !c.headers) continue;
    const type = handle.schema.type;
    headers[name] =
      type === 'integer'
        ? MatchersV3.regex('^[0-9]+$', '1')
        : MatchersV3.like(String(handle.schema.examples ?? 'x'));
  }
  const body = spec.body
    ? matcherFor(spec.body.ref, { example: c.bodyExample, fields: c.fields })
    : undefined;
  const status =
    c.statusAlternatives && c.statusAlternatives.length > 1
      ? MatchersV3.matchStatus(c.status, c.statusAlternatives)
      : c.status;
  return { status, headers, body };
}

/** Builds and checks every interaction of one API and writes its pact (cleared first). */
export async function generateApiPact(
  apiId: ApiId,
  options: { consumer?: string; pactDir?: string; mockChecksAtOnce?: number } = {},
): Promise<GeneratedPact & { cases: ContractCase[]; uncovered: UncoveredStatus[] }> {
  const consumer = options.consumer ?? DEFAULT_CONSUMER;
  const pactDir = options.pactDir ?? defaultPactDir();
  mkdirSync(pactDir, { recursive: true });
  const http = createHttpClient({ maxRetries: 0, timeoutMs: 10_000 });
  try {
    const inPool = pool(options.mockChecksAtOnce ?? MOCK_CHECKS_AT_ONCE);
    return await generateApi(getCatalogue().api(apiId), consumer, pactDir, http, inPool);
  } finally {
    await http.close();
  }
}

/** A case with the request the HTTP layer sent for it: what its interaction is declared from. */
interface CapturedCase {
  c: ContractCase;
  request: CapturedRequest;
}

/**
 * Interactions checked on mock servers at the same time (across the APIs of one generation): most of
 * a check is waiting on a mock server's threads, so a few side by side keep one core busy.
 */
const MOCK_CHECKS_AT_ONCE = 8;

/** Declares a case's interaction on a pact (the same calls for its own check and for the pact file). */
function declare(pact: PactV4, api: Api, { c, request }: CapturedCase) {
  const values = injectionValues(api, c);
  const keep = contractHeaderNames(api, c);
  const path = injected(request.path, values);
  const headers: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (!keep.has(name)) continue;
    const { expression, changed } = injected(value, values);
    headers[name] = changed ? MatchersV3.fromProviderState(expression, value) : value;
  }
  const stateParams = Object.fromEntries(Object.entries(values).filter(([k]) => k in c.pathParams));
  const response = responseOf(api, c);
  return pact
    .addInteraction()
    .given(c.state, { ...stateParams, ...c.stateParams })
    .uponReceiving(c.description)
    .comment(
      c.invalidInput
        ? `${INVALID_INPUT_COMMENT} ${c.invalidInput}`
        : `${c.api} ${c.operation}: ${c.scenario}`,
    )
    .withRequest(
      request.method,
      path.changed ? MatchersV3.fromProviderState(path.expression, request.path) : request.path,
      (builder) => {
        if (Object.keys(request.query).length > 0) builder.query(request.query);
        builder.headers(headers as never);
        if (request.body !== undefined) builder.jsonBody(request.body);
      },
    )
    .willRespondWith(response.status as number, (builder) => {
      builder.headers(response.headers as never);
      if (response.body !== undefined) builder.jsonBody(response.body);
    });
}

/** Sends the case to a mock server of its interaction alone: the mock must match it and answer its status. */
async function checkCase(api: Api, consumer: string, provider: string, captured: CapturedCase) {
  const { c } = captured;
  const pact = new PactV4({ consumer, provider, logLevel: 'error' });
  await checkOnMockServer(declare(pact, api, captured), async (url) => {
    // A fresh client per mock server: a pooled keep-alive socket to an earlier mock on a reused port would fail.
    const mockHttp = createHttpClient({ maxRetries: 0, timeoutMs: 10_000 });
    const exchange = await send(mockHttp, api, c, url).finally(() => mockHttp.close());
    if (exchange.response?.status !== c.status) {
      throw new Error(
        `${api.id} ${c.description}: the mock answered ${exchange.response?.status ?? `nothing (${exchange.error?.kind}: ${exchange.error?.message})`}, expected ${c.status}`,
      );
    }
  });
}

async function generateApi(
  api: Api,
  consumer: string,
  pactDir: string,
  http: HttpClient,
  inPool: Pool,
): Promise<GeneratedPact & { cases: ContractCase[]; uncovered: UncoveredStatus[] }> {
  const provider = providerName(api.id);
  rmSync(join(pactDir, pactFileName(consumer, provider)), { force: true });
  const { cases, uncovered } = contractCases(api.id);
  const captured: CapturedCase[] = [];
  const capture = await startCapture();
  try {
    // One at a time: the capture server keeps the last request it received.
    for (const c of cases) {
      await send(http, api, c, capture.url);
      captured.push({ c, request: capture.take() });
    }
  } finally {
    await capture.close();
  }
  await inPool(captured, (one) => checkCase(api, consumer, provider, one));
  // Every interaction matched its mock: the pact file is written once, in the order Pact merges them
  // into a file (by description), so it does not depend on which check finished first.
  const ordered = [...captured].sort((a, b) => compareText(a.c.description, b.c.description));
  const all = new PactV4({ consumer, provider, logLevel: 'error' });
  const last = ordered.map((one) => declare(all, api, one)).at(-1);
  if (last) writePactOf(last, pactDir);
  return {
    api: api.id,
    provider,
    file: join(pactDir, pactFileName(consumer, provider)),
    interactions: cases.length,
    cases,
    uncovered,
  };
}

/** Byte order, as Pact (Rust) compares strings. */
function compareText(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Writes one pact per consumer–provider pair into pactDir (each cleared first). */
export async function generatePacts(options: GenerateOptions = {}): Promise<GenerateReport> {
  const consumer = options.consumer ?? DEFAULT_CONSUMER;
  const pactDir = options.pactDir ?? defaultPactDir();
  mkdirSync(pactDir, { recursive: true });
  if (!options.apis) {
    // A full run starts from an empty folder, so no pact of an earlier consumer name lingers.
    for (const name of readdirSync(pactDir)) if (name.endsWith('.json')) rmSync(join(pactDir, name));
  }
  const catalogue = getCatalogue();
  const http = createHttpClient({ maxRetries: 0, timeoutMs: 10_000 });
  const pacts: GeneratedPact[] = [];
  const uncovered: UncoveredStatus[] = [];
  try {
    // The APIs side by side: each has its own mock servers and pact file, and most of the time is
    // spent waiting on them.
    const inPool = pool(MOCK_CHECKS_AT_ONCE);
    const made = await Promise.all(
      (options.apis ?? apiIds()).map((id) => generateApi(catalogue.api(id), consumer, pactDir, http, inPool)),
    );
    for (const { uncovered: missing, cases: _cases, ...pact } of made) {
      pacts.push(pact);
      uncovered.push(...missing);
    }
  } finally {
    await http.close();
  }
  return { consumer, pactDir, pacts, uncovered };
}
