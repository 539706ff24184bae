import type { Exchange } from './exchange.ts';

/** expected: a failure or warning an expectation of the config file accepts (it does not fail the run). */
export type ResultStatus = 'pass' | 'fail' | 'warn' | 'skip' | 'error' | 'expected';
export const RESULT_STATUSES: readonly ResultStatus[] = ['pass', 'fail', 'warn', 'skip', 'error', 'expected'];

/** The expectation (config file) that accepted a result, or that did and has expired. */
export interface ResultExpectation {
  /** Its place in the config file: `/expectations/<n>`. */
  pointer: string;
  expect: 'fail' | 'warn';
  reason: string;
  until?: string;
  /** The status the check gave (fail or warn). */
  status: ResultStatus;
  /** Past its `until`: it no longer applies, and the result keeps its own status. */
  expired?: boolean;
}

/** The rule a check enforces and where it is documented. */
export interface RuleSource {
  /** e.g. 'openapi: responses of listJobs' or 'schema: job.schema.json#/$defs/Job'. */
  rule: string;
  /** e.g. 'provider-docs/README.md#cloudflare-ai-search-jobs'. */
  doc: string;
  /** JSON pointer into the schema that was broken, when one was. */
  schemaPath?: string;
  /**
   * What the check takes for granted beyond the rule, one sentence each, naming the document that
   * backs it or saying it is the suite's choice (every check lists them; contract findings have none).
   */
  assumptions?: string[];
}

/**
 * One thing a failing result points at, so the reader never searches a body: the offending value and
 * its JSON pointer in an evidence exchange's response body (a duplicated item at each occurrence, a
 * value that breaks the schema), or what was missing and where it was expected.
 */
export interface Finding {
  /** What it is, e.g. 'job_1 at page 2, index 3 (first at page 1, index 3)'. */
  note: string;
  /** The id of the evidence exchange whose response body holds it. */
  exchange?: string;
  /** Where in that body (RFC 6901); '' is the whole body. */
  pointer?: string;
  /** The value found there (absent when the finding is something missing). */
  value?: unknown;
}

export interface Result {
  /** Stable within a run and across runs: `${api}/${operation}/${check}` (plus `#n` when repeated). */
  id: string;
  api: string;
  operation: string;
  check: string;
  status: ResultStatus;
  message: string;
  /** Exchanges that show the outcome (redacted; bodies cut for the report). */
  evidence: Exchange[];
  source: RuleSource;
  /** Stable finding code (contract findings: 'request.path.unknown', 'response.status.undocumented' …; see src/core/finding-codes.ts). */
  code?: string;
  /** What exactly is wrong, item by item, with JSON pointers into the evidence (failing results). */
  findings?: Finding[];
  /** The check (same API and operation) whose failure this one follows from: one cause, shown twice. */
  followsFrom?: string;
  /** Check-specific figures: pagination walk (pages, items, totals), enum values seen … */
  data?: Record<string, unknown>;
  durationMs?: number;
  /** Set by a baseline diff: new = failing now, not in the baseline; fixed = failing there, not now. */
  baseline?: 'new' | 'fixed' | 'same';
  /** Set when an expectation of the config file matched (status `expected`, or expired). */
  expectation?: ResultExpectation;
}

export interface OperationStats {
  api: string;
  operation: string;
  requests: number;
  /** Statuses received, by code. */
  statuses: Record<string, number>;
  latencyMs: { min: number; p50: number; p95: number; max: number; samples: number[] };
}

export interface RunSummary {
  total: number;
  pass: number;
  fail: number;
  warn: number;
  skip: number;
  error: number;
  /** Failures and warnings accepted by an expectation (0 in results.json files written before). */
  expected: number;
}

/** The version of an API's schemas and the official document they were last compared with (`schemas diff`). */
export interface SchemaReading {
  schemaVersion: string;
  official?: { document: string; date: string; diffed: string };
}

export interface RunResults {
  schemaVersion: 1;
  tool: { name: string; version: string };
  runId: string;
  target: 'mock' | 'live';
  apis: string[];
  baseUrls: Record<string, string>;
  startedAt: string;
  durationMs: number;
  options: { allowWrites: boolean; checks?: string; shard?: string; contracts?: boolean };
  summary: RunSummary;
  results: Result[];
  operations: OperationStats[];
  /** Requests sent per API (the live request budget). */
  requestCounts: Record<string, number>;
  /**
   * Which reading of each API the run checked against: the version of our schemas (openapi.json's
   * info.version) and the provider's official document they were last diffed against (x-official).
   */
  readings?: Record<string, SchemaReading>;
  /**
   * Selected APIs the run could not check at all (live settings missing), with why. Their planned
   * checks are `skip` results; every report's verdict names them, so a partial run never reads as whole.
   */
  notChecked?: { api: string; reason: string }[];
  baseline?: {
    source: string;
    newFailures: string[];
    fixed: string[];
    newEnumValues: { api: string; enum: string; value: string }[];
  };
  /** The config file's expectations: where they came from, and those that matched nothing or expired. */
  expectations?: {
    source: string;
    count: number;
    unmatched: { pointer: string; reason: string; scope: string }[];
    expired: { pointer: string; reason: string; until: string; results: string[] }[];
  };
  /** The runs a merged report was made from (`report merge`). */
  shards?: { runId: string; apis: string[]; shard?: string; startedAt: string; durationMs: number }[];
}

export function summarize(results: Result[]): RunSummary {
  const summary: RunSummary = {
    total: results.length,
    pass: 0,
    fail: 0,
    warn: 0,
    skip: 0,
    error: 0,
    expected: 0,
  };
  for (const r of results) summary[r.status]++;
  return summary;
}
