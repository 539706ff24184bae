import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type {
  Exchange,
  OperationStats,
  RecordedRequest,
  RecordedResponse,
  Result,
  RuleSource,
  RunResults,
} from '../../src/core/index.ts';
import { RESULTS_SCHEMA_URL, resultsProblem } from '../../src/reports/validate.ts';
import { largeRun, sampleRun } from './fixtures/build.ts';

type Baseline = NonNullable<RunResults['baseline']>;
type Shard = NonNullable<RunResults['shards']>[number];

// Every optional field set: tsc proves this object has every key the types have and no other;
// the schema test below proves the schema has the same keys.
const request: Required<RecordedRequest> = {
  method: 'GET',
  url: 'http://127.0.0.1/x',
  headers: { a: 'b' },
  body: '{}',
};
const response: Required<RecordedResponse> = {
  status: 200,
  headers: {},
  body: '[]',
  truncated: true,
  size: 9000,
};
const exchange: Required<Exchange> = {
  id: 'x1',
  api: 'vectara-v2',
  operation: 'listJobs',
  label: 'page 1',
  request,
  response,
  json: [],
  jsonError: 'Unexpected token',
  error: { kind: 'timeout', message: 'no answer in 10 s' },
  startedAt: '2026-11-22T10:00:00.000Z',
  durationMs: 3.5,
  attempts: 2,
  retries: [{ status: 429, waitMs: 1000, basis: 'retry-after: 1' }],
  redirects: ['http://127.0.0.1/y'],
};
const source: Required<RuleSource> = {
  rule: 'r',
  doc: 'd',
  schemaPath: '#/$defs/Job',
  assumptions: ['a page past the end is empty (provider-docs/README.md)'],
};
const maximalResult: Required<Result> = {
  id: 'vectara-v2/listJobs/body.schema',
  api: 'vectara-v2',
  operation: 'listJobs',
  check: 'body.schema',
  status: 'fail',
  message: 'm',
  evidence: [exchange],
  source,
  code: 'pact.unknown-path',
  findings: [{ note: 'job_1 at page 2, index 0', exchange: 'x1', pointer: '/jobs/0/id', value: 'job_1' }],
  followsFrom: 'pagination.page-size',
  data: { pages: 2 },
  durationMs: 4,
  baseline: 'new',
  expectation: {
    pointer: '/expectations/0',
    expect: 'fail',
    reason: 'provider ticket 123',
    until: '2027-01-31',
    status: 'fail',
    expired: true,
  },
};
const operation: Required<OperationStats> = {
  api: 'vectara-v2',
  operation: 'listJobs',
  requests: 1,
  statuses: { '200': 1 },
  latencyMs: { min: 1, p50: 1, p95: 1, max: 1, samples: [1] },
};
const baseline: Required<Baseline> = {
  source: 'old/results.json',
  newFailures: [maximalResult.id],
  fixed: [],
  newEnumValues: [{ api: 'vectara-v2', enum: 'JobState', value: 'paused' }],
};
const shard: Required<Shard> = {
  runId: 'a',
  apis: ['vectara-v2'],
  shard: '1/2',
  startedAt: '2026-11-22T10:00:00.000Z',
  durationMs: 1,
};
const maximal: Required<RunResults> = {
  schemaVersion: 1,
  tool: { name: 'jobs-conformance', version: '0.1.0' },
  runId: 'run-1',
  target: 'live',
  apis: ['vectara-v2'],
  baseUrls: { 'vectara-v2': 'https://api.vectara.io' },
  startedAt: '2026-11-22T10:00:00.000Z',
  durationMs: 10,
  options: { allowWrites: false, checks: 'body.*', shard: '1/2', contracts: true },
  summary: { total: 1, pass: 0, fail: 1, warn: 0, skip: 0, error: 0, expected: 0 },
  results: [maximalResult],
  operations: [operation],
  requestCounts: { 'vectara-v2': 1 },
  readings: {
    'vectara-v2': {
      schemaVersion: 'v2',
      official: {
        document: 'provider-docs/official/vectara-v2-jobs.openapi.json',
        date: '2026-01-10',
        diffed: '2026-11-29',
      },
    },
  },
  notChecked: [{ api: 'vectara-v1', reason: 'live settings missing: VECTARA_CUSTOMER_ID' }],
  baseline,
  expectations: {
    source: 'jobs-conformance.config.json',
    count: 2,
    unmatched: [{ pointer: '/expectations/1', reason: 'r', scope: 'vectara-v2 · * · enum.known' }],
    expired: [{ pointer: '/expectations/0', reason: 'r', until: '2027-01-31', results: [maximalResult.id] }],
  },
  shards: [shard],
};

type Schema = {
  properties?: Record<string, Schema>;
  $defs?: Record<string, Schema>;
  $ref?: string;
  items?: Schema;
};
const schema = JSON.parse(readFileSync(RESULTS_SCHEMA_URL, 'utf8')) as Schema;

/** Walks the schema alongside a value, collecting each object schema's property names that the value lacks. */
function missingKeys(node: Schema, value: unknown, path: string, out: string[]): void {
  const resolved = node.$ref ? schema.$defs?.[node.$ref.replace('#/$defs/', '')] : node;
  if (!resolved) throw new Error(`unresolved ${node.$ref}`);
  if (resolved.properties && value && typeof value === 'object') {
    for (const [key, sub] of Object.entries(resolved.properties)) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined) out.push(`${path}/${key}`);
      else missingKeys(sub, v, `${path}/${key}`, out);
    }
  }
  if (resolved.items && Array.isArray(value) && value.length > 0)
    missingKeys(resolved.items, value[0], `${path}/0`, out);
}

describe('schemas/results.schema.json', () => {
  it('has the documented $id and dialect', () => {
    expect(schema).toMatchObject({
      $id: 'https://schemas.jobs-conformance.dev/results.schema.json',
      $schema: 'https://json-schema.org/draft/2020-12/schema',
    });
  });

  it('accepts a run with every optional field of results.ts set', () => {
    expect(resultsProblem(maximal)).toBeUndefined();
  });

  it('names no field that results.ts lacks (every schema property is in the maximal typed run)', () => {
    const missing: string[] = [];
    missingKeys(schema, maximal, '', missing);
    expect(missing).toEqual([]);
  });

  it('accepts the sample and the 10,000-result fixtures', () => {
    expect(resultsProblem(sampleRun())).toBeUndefined();
    expect(resultsProblem(largeRun())).toBeUndefined();
  });

  it.each([
    [
      'an unknown status',
      (r: RunResults) => Object.assign(r.results[0]!, { status: 'flaky' }),
      '/results/0/status',
    ],
    ['a field results.ts lacks', (r: RunResults) => Object.assign(r, { verdict: 'ok' }), "'verdict'"],
    [
      'a result without evidence',
      (r: RunResults) => delete (r.results[0] as Partial<Result>).evidence,
      'evidence',
    ],
    ['a bad start time', (r: RunResults) => Object.assign(r, { startedAt: 'yesterday' }), '/startedAt'],
    ['a run id with a slash', (r: RunResults) => Object.assign(r, { runId: '../x' }), '/runId'],
  ])('rejects %s, naming where', (_, breakIt, where) => {
    const run = sampleRun();
    breakIt(run);
    expect(resultsProblem(run)).toContain(where);
  });
});
