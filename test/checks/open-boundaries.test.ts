import { afterAll, describe, expect, test } from 'vitest';
import type { ApiId } from '../../src/catalogue/index.ts';
import type { Result } from '../../src/core/index.ts';
import { runConformance } from '../../src/runner/run.ts';
import type { FaultId, SimulatorSet } from '../../src/simulators/index.ts';
import type { OpenReadings } from '../../src/simulators/open-readings.ts';
import { simulatorModulesWith } from '../support/simulator-variants.ts';
import { startSimulators } from '../support/simulators.ts';

/**
 * A check never fails on what the documents leave open. Each case runs the checks against simulators
 * that read one open point another way the documents allow (src/simulators/open-readings.ts; the
 * checks' side is src/checks/open-points.ts): no check may fail or err, and only the checks named may
 * warn. These readings are not faults: a provider may well behave so.
 */
interface Case {
  name: string;
  readings: OpenReadings;
  apis: ApiId[];
  /** Checks that may warn on this reading (it is open, and worth knowing). */
  warns?: string[];
  checks?: string;
  jobs?: number;
  pageLimit?: number;
  faults?: FaultId[];
}

const CLOUDFLARE: ApiId[] = ['cloudflare-ai-search', 'cloudflare-ai-search-namespaced'];
const VECTARA: ApiId[] = ['vectara-v1', 'vectara-v2'];
const EMPORIX: ApiId[] = ['emporix-ai-service'];
const ALL: ApiId[] = [...CLOUDFLARE, ...VECTARA, ...EMPORIX];

const CASES: Case[] = [
  // Vectara v2 "after" and v1 "since": a job created exactly at the bound may or may not be included.
  { name: 'time filters strictly after the bound', readings: { timeBound: 'strict' }, apis: VECTARA },
  { name: 'time filters at or after the bound', readings: { timeBound: 'inclusive' }, apis: VECTARA },
  {
    name: 'v1 with state unset lists all states',
    readings: { v1UnsetState: 'all-states' },
    apis: ['vectara-v1'],
  },
  {
    name: 'corpus keys matched regardless of case',
    readings: { corpusKeyCase: 'insensitive' },
    apis: ['vectara-v2'],
  },
  {
    // 2,000 jobs, so the witness (newest) is on page 4 of its filtered list: only filter.matches runs.
    name: 'filtered lists oldest first, the unfiltered newest first',
    readings: { filteredOrder: 'oldest-first' },
    apis: EMPORIX,
    jobs: 2000,
    checks: 'filter.matches',
  },
  { name: 'cursor pages short of the limit', readings: { shortCursorPages: true }, apis: VECTARA },
  {
    name: 'an empty cursor page whose cursor leads on',
    readings: { emptyCursorPage: true },
    apis: ['vectara-v2'],
    warns: ['pagination.cursor-terminates'],
  },
  {
    name: 'v1 drops request enum values it does not know',
    readings: { unknownRequestEnum: 'ignored' },
    apis: ['vectara-v1'],
    warns: ['input.malformed-body'],
  },
  {
    name: 'list items without optional fields a GET carries',
    readings: { listOmitsOptional: true },
    apis: ALL,
  },
  {
    name: 'totals are estimates, count is the total',
    readings: { estimatedTotals: true },
    apis: [...CLOUDFLARE, ...EMPORIX],
    warns: ['pagination.totals'],
  },
  {
    name: 'a page past the last is a documented 400',
    readings: { pastEnd: 'error' },
    apis: EMPORIX,
    warns: ['pagination.past-end'],
  },
  { name: 'malformed instance ids answered 404', readings: { malformedId: 'not-found' }, apis: CLOUDFLARE },
  {
    name: 'logs of an unknown job are an empty list',
    readings: { unknownJobLogs: 'empty' },
    apis: CLOUDFLARE,
    warns: ['input.unknown-id'],
  },
  {
    // With two pages read, the created job (listed last) is out of reach: a warning, not a failure.
    name: 'the job list oldest first',
    readings: { listOrder: 'oldest-first' },
    apis: ['cloudflare-ai-search'],
    pageLimit: 2,
    warns: ['lifecycle.create'],
  },
  { name: 'a cancel that takes effect after its answer', readings: { cancel: 'deferred' }, apis: CLOUDFLARE },
  { name: 'retry-after as an HTTP date', readings: { retryAfter: 'http-date' }, apis: CLOUDFLARE },
  { name: 'JSON labelled with a charset', readings: { charset: true }, apis: ALL },
  {
    name: 'error bodies with only optional fields, all left out',
    readings: { minimalErrors: true },
    apis: [...VECTARA, ...EMPORIX],
    warns: ['envelope.consistent'],
  },
  {
    name: 'only metadata.createdAt is sortable',
    readings: { sortableFields: ['metadata.createdAt'] },
    apis: EMPORIX,
    warns: ['sort.order'],
  },
  { name: 'jobs without (optional) metadata', readings: { jobsWithoutMetadata: true }, apis: EMPORIX },
  {
    // Documented bounds, but no document says values past them are rejected: clamping is a reading.
    name: 'out-of-bounds paging values clamped where no rejection is documented',
    readings: {},
    faults: ['pagination.bounds-not-enforced'],
    apis: [...VECTARA, ...EMPORIX],
    checks: 'pagination.bounds',
    warns: ['pagination.bounds'],
  },
];

const running: SimulatorSet[] = [];
afterAll(async () => {
  await Promise.all(running.map((s) => s.close()));
});

function line(r: Result): string {
  return `${r.id}: ${r.status} ${r.message}`;
}

describe.concurrent('no check fails on a reading the documents leave open', () => {
  test.each(CASES)('$name', async (c) => {
    const simulators = await startSimulators({
      apis: c.apis,
      modules: simulatorModulesWith(c.readings),
      jobDurationMs: 600,
      cooldownMs: 1000,
      ...(c.jobs ? { jobs: c.jobs } : {}),
      ...(c.faults ? { faults: c.faults } : {}),
    });
    running.push(simulators);
    const run = await runConformance({
      apis: c.apis,
      target: 'mock',
      allowWrites: true,
      simulators,
      checks: c.checks,
      pageLimit: c.pageLimit,
      pollTimeoutMs: 5_000,
    });
    expect(run.results.length).toBeGreaterThan(0);
    const bad = run.results.filter((r) => r.status === 'fail' || r.status === 'error');
    expect(bad.map(line)).toEqual([]);
    const unexpected = run.results.filter((r) => r.status === 'warn' && !(c.warns ?? []).includes(r.check));
    expect(unexpected.map(line)).toEqual([]);
    // A case that expects a warning shows it: the reading took effect.
    for (const check of c.warns ?? [])
      expect(
        run.results.filter((r) => r.check === check).map((r) => r.status),
        run.results
          .filter((r) => r.check === check)
          .map(line)
          .join('\n'),
      ).toContain('warn');
  });
});

/** The readings take effect: each differs from the clean simulator where the checks would see it. */
describe('the readings are in force', () => {
  async function fetchJson(set: SimulatorSet, api: ApiId, path: string, init: RequestInit = {}) {
    const target = set.target(api);
    const res = await fetch(`${target.baseUrl}${path}`, {
      ...init,
      headers: {
        'x-api-key': target.credentials.schemes.ApiKeyAuth?.value ?? '',
        'customer-id': target.headerParams?.['customer-id'] ?? '',
        'content-type': 'application/json',
        ...(init.headers as Record<string, string> | undefined),
      },
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  test('a strict time bound leaves out the job created exactly at it', async () => {
    const ids = async (readings: OpenReadings) => {
      const set = await startSimulators({ apis: ['vectara-v2'], modules: simulatorModulesWith(readings) });
      running.push(set);
      const first = await fetchJson(set, 'vectara-v2', '/v2/jobs?limit=1');
      const job = (first.json.jobs as { id: string; created_at: string }[])[0]!;
      const after = await fetchJson(
        set,
        'vectara-v2',
        `/v2/jobs?limit=100&after=${encodeURIComponent(job.created_at)}`,
      );
      return {
        id: job.id,
        listed: (after.json.jobs as { id: string }[] | undefined)?.map((j) => j.id) ?? [],
      };
    };
    const inclusive = await ids({ timeBound: 'inclusive' });
    const strict = await ids({ timeBound: 'strict' });
    expect(inclusive.listed).toContain(inclusive.id);
    expect(strict.listed).not.toContain(strict.id);
  });

  test('short cursor pages hold one job fewer and still give a cursor', async () => {
    const set = await startSimulators({
      apis: ['vectara-v2'],
      modules: simulatorModulesWith({ shortCursorPages: true }),
    });
    running.push(set);
    const page = await fetchJson(set, 'vectara-v2', '/v2/jobs?limit=7');
    expect((page.json.jobs as unknown[]).length).toBe(6);
    expect((page.json.metadata as { page_key?: string }).page_key).toBeTruthy();
  });
});
