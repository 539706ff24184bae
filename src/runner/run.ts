import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type ApiId, getCatalogue } from '../catalogue/index.ts';
import {
  cancelBody,
  cancelOp,
  type GenerationOptions,
  jobIdParam,
  ProbeContext,
  type ProbeOptions,
  randomSeed,
  type Send,
} from '../checks/index.ts';
import { contractResults } from '../contract-thread/index.ts';
import {
  type Exchange,
  type Result,
  type RunResults,
  type SchemaReading,
  SimulatedTime,
  summarize,
  type Target,
} from '../core/index.ts';
import { createHttpClient, type HttpClient } from '../http/index.ts';
import { queryLanguages, simulatorPlugins } from '../providers/index.ts';
import { type FaultId, type SimulatorSet, startSimulators } from '../simulators/index.ts';
import { liveTargets } from './live-targets.ts';
import { type PlannedCheck, planChecks, type Shard, selectChecks, shardText, unitsOfShard } from './plan.ts';
import { Reachability } from './reachability.ts';
import { sendProbe } from './send-probe.ts';
import { ExchangeStats } from './stats.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  name: string;
  version: string;
};

export interface RunOptions {
  apis: readonly ApiId[];
  target: 'mock' | 'live';
  allowWrites: boolean;
  /** --check: comma-separated ids or globs. */
  checks?: string;
  /** Live: the environment (process env merged with .env). */
  env?: NodeJS.ProcessEnv;
  /** Mock: simulator settings (faults for self-tests). */
  simulator?: {
    faults?: readonly FaultId[];
    seed?: number;
    jobs?: number;
    /** How long a created job runs, and the gap between two creates (default 600 ms and 1 s). */
    jobDurationMs?: number;
    cooldownMs?: number;
  };
  /** Requests allowed per API (live default 60). */
  budget?: number;
  pageLimit?: number;
  requestTimeoutMs?: number;
  /** The whole run's time limit. */
  runTimeoutMs?: number;
  pollTimeoutMs?: number;
  /** Interrupts the run (SIGINT): requests under way are aborted, checks not yet run are reported as not run; the clean-up still runs. */
  signal?: AbortSignal;
  /** Called with each exchange as it is recorded (redacted), the clean-up's too. */
  onExchange?: (exchange: Exchange) => void;
  /** Called as each result is known (progress display, results.ndjson), contract results included. */
  onResult?: (result: Result) => void;
  /** The run's id (its report folder's name); made from the start time when not given. */
  runId?: string;
  /** Mock: use these running simulators instead of starting new ones (reached over their sockets). */
  simulators?: SimulatorSet;
  /**
   * Mock, with the run's own simulators: 'memory' (the default) hands each request to them in memory
   * (SimulatorSet.memoryDispatcher; over the sockets while a fault is on), 'sockets' sends every one
   * over the wire.
   */
  simulatorTransport?: 'memory' | 'sockets';
  /**
   * Also generate the Pact contracts of these APIs (into pactDir, default contracts/pacts/) while the
   * checks run, and add the offline pact-vs-schema findings to the results.
   */
  contracts?: { pactDir?: string };
  /**
   * Run only this part of the work (`--shard i/n`): the (API, operation, check) units and each API's
   * contracts, sorted and dealt out to n shards; merging every shard's results (`mergeRuns`,
   * `report merge`) gives the results of the whole run.
   */
  shard?: Shard;
  /** The generated checks (generated.*): --seed (random when absent), --max-examples, --replay. */
  generation?: Partial<GenerationOptions>;
}

/**
 * Mock simulators run fast lifecycles: jobs end after 600 ms (twice what a loaded machine needs to
 * read, list and cancel a fresh job while it runs), creates cool down for 1 s (retry-after: 1).
 */
const LIVE_READ_BUDGET = 60;
const LIVE_WRITE_BUDGET = 150;
const MOCK_LIFECYCLE = { jobDurationMs: 600, cooldownMs: 1000 };
const EVIDENCE_PER_RESULT = 3;
/** Findings kept per result: enough to show the pattern, bounded for runs with huge pages. */
const MAX_FINDINGS = 50;
/** The clean-up's own time bound: it runs after an interrupt or the run's time limit too. */
const CLEANUP_LIMIT_MS = { live: 30_000, mock: 10_000 };

/** Runs every selected check on every selected API; the programmatic API behind `run` and the suites. */
export async function runConformance(options: RunOptions): Promise<RunResults> {
  const catalogue = getCatalogue();
  const checks = selectChecks(options.checks);
  const live = options.target === 'live';
  const startedAt = new Date();
  const runId = options.runId ?? newRunId(startedAt);
  const runDeadline = Date.now() + (options.runTimeoutMs ?? (live ? 600_000 : 120_000));

  let simulators: SimulatorSet | undefined;
  let ownSimulators = false;
  let time: SimulatedTime | undefined;
  const targets: Partial<Record<ApiId, Target>> = {};
  const skipped: Partial<Record<ApiId, string>> = {};
  if (live) {
    const settings = liveTargets(options.env ?? process.env, options.apis);
    Object.assign(targets, settings.targets);
    Object.assign(skipped, settings.skipped);
  } else {
    simulators = options.simulators;
    if (!simulators) {
      // Its own simulators let the run simulate time: a wait of the checks costs no real time.
      time = new SimulatedTime();
      simulators = await startSimulators({
        apis: options.apis,
        plugins: simulatorPlugins,
        ...MOCK_LIFECYCLE,
        ...(time ? { now: time.now } : {}),
        ...options.simulator,
      });
      ownSimulators = true;
    }
    for (const api of options.apis) targets[api] = simulators.target(api);
  }

  // A shard's part of the work; everything without a shard.
  const plans = new Map(options.apis.map((api) => [api, planChecks(catalogue.api(api), checks)]));
  const inShard = options.shard
    ? unitsOfShard(
        [...plans.values()].flat().map((p) => p.id),
        options.shard,
      )
    : undefined;
  // Each API's contracts are one unit more, dealt out on their own (the split of the checks is the
  // same with or without them).
  const contractShard = options.shard ? unitsOfShard(options.apis, options.shard) : undefined;
  const contractApis = options.apis.filter((api) => !contractShard || contractShard.has(api));

  // Contract generation waits mostly on Pact's mock servers, so it overlaps with the checks.
  const contractsDone =
    options.contracts && contractApis.length > 0
      ? contractResults(contractApis, options.contracts.pactDir)
      : undefined;

  const stats = new ExchangeStats();
  const timeoutMs = options.requestTimeoutMs ?? (live ? 15_000 : 3_000);
  const maxRetryWaitMs = live ? 30_000 : 2_000;
  // A provider that stops answering ends its API's checks at once instead of holding the run.
  const reachability = new Map(options.apis.map((api) => [api as string, new Reachability(api)]));
  const onExchange = (x: Exchange) => {
    stats.add(x);
    reachability.get(x.api)?.note(x);
    options.onExchange?.(x);
  };
  // The run's own simulators answer in memory: the same exchanges without sockets or HTTP parsing.
  const viaMemory = ownSimulators && options.simulatorTransport !== 'sockets' ? simulators : undefined;
  const transport = viaMemory
    ? { dispatcherFor: (origin: string) => viaMemory.memoryDispatcher(origin) }
    : {};
  const http: HttpClient = createHttpClient({
    timeoutMs,
    // Reads fit in 60 requests per API; polling a created job to its end needs room of its own.
    budget: live
      ? (options.budget ?? (options.allowWrites ? LIVE_WRITE_BUDGET : LIVE_READ_BUDGET))
      : options.budget,
    deadline: runDeadline,
    signal: options.signal,
    maxRetryWaitMs,
    onExchange,
    ...transport,
  });
  // Clean-up gets a client of its own: it must still cancel what the run created after an
  // interrupt, the run's time limit or a spent budget. It is bounded by its own time limit.
  let cleanupHttp: HttpClient | undefined;
  const cleanupClient = () => {
    cleanupHttp ??= createHttpClient({
      timeoutMs,
      deadline: Date.now() + (live ? CLEANUP_LIMIT_MS.live : CLEANUP_LIMIT_MS.mock),
      maxRetryWaitMs,
      onExchange,
      ...transport,
    });
    return cleanupHttp;
  };
  /** Why checks not yet started are not run: an interrupt or the run's time limit. */
  const stopReason = (api: ApiId): string | undefined => {
    const unreachable = reachability.get(api)?.cause;
    if (unreachable) return `not run: ${unreachable}`;
    if (options.signal?.aborted) return `not run: the run was ${interruptText(options.signal.reason)}`;
    if (Date.now() >= runDeadline)
      return `not run: the run's time limit (${Math.round((runDeadline - startedAt.getTime()) / 1000)} s) was reached`;
    return undefined;
  };

  const probeOptions: ProbeOptions = {
    live,
    allowWrites: options.allowWrites,
    pageLimit: options.pageLimit ?? (live ? 5 : 100),
    pollTimeoutMs: options.pollTimeoutMs ?? (live ? 120_000 : 10_000),
    signal: options.signal,
    queryLanguages,
    // One seed for the whole run, named in every generated result, so the run can be repeated.
    generation: { ...options.generation, seed: options.generation?.seed ?? randomSeed() },
  };

  const results: Result[] = [];
  const record = (result: Result) => {
    results.push(result);
    options.onResult?.(result);
  };

  try {
    await Promise.all(
      options.apis.map(async (apiId) => {
        const api = catalogue.api(apiId);
        const plan = (plans.get(apiId) ?? []).filter((p) => !inShard || inShard.has(p.id));
        const target = targets[apiId];
        if (!target) {
          for (const planned of plan) record(skipResult(planned, apiId, skipped[apiId] ?? 'no target'));
          return;
        }
        const reach = reachability.get(apiId)!;
        const send: Send = (op, input) => sendProbe(http, target, op, input, reach);
        const ctx = new ProbeContext(catalogue, api, target, send, {
          ...probeOptions,
          ...(time ? { clock: time.clockOf(apiId) } : {}),
          ...(target.deletableJobId !== undefined ? { deletableJobId: target.deletableJobId } : {}),
        });
        for (const check of new Set(plan.map((p) => p.check))) check.attach?.(ctx);
        try {
          for (const planned of plan) {
            const stopped = stopReason(apiId);
            record(stopped ? notRunResult(planned, apiId, stopped) : await runOne(ctx, planned));
          }
        } finally {
          if (options.allowWrites && ctx.created.length > 0) {
            const client = cleanupClient();
            await cleanUp(ctx, (op, input) => sendProbe(client, target, op, input));
          }
        }
      }),
    );
  } finally {
    await http.close();
    await cleanupHttp?.close();
    if (ownSimulators) await simulators?.close();
  }

  if (contractsDone) for (const result of await contractsDone) record(result);
  const notChecked = options.apis
    .filter((api) => skipped[api])
    .map((api) => ({ api: api as string, reason: skipped[api]! }));
  const order = new Map(options.apis.map((a, i) => [a as string, i]));
  results.sort((a, b) => (order.get(a.api) ?? 0) - (order.get(b.api) ?? 0));
  const counters = http.counters();
  for (const [api, n] of Object.entries(cleanupHttp?.counters().byApi ?? {}))
    counters.byApi[api] = (counters.byApi[api] ?? 0) + n;
  return {
    schemaVersion: 1,
    tool: { name: pkg.name, version: pkg.version },
    runId,
    target: options.target,
    apis: [...options.apis],
    baseUrls: Object.fromEntries(Object.entries(targets).map(([api, t]) => [api, t!.baseUrl])),
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    options: {
      allowWrites: options.allowWrites,
      ...(options.checks ? { checks: options.checks } : {}),
      ...(options.shard ? { shard: shardText(options.shard) } : {}),
      ...(options.contracts ? { contracts: true } : {}),
    },
    summary: summarize(results),
    results,
    operations: stats.operations(),
    requestCounts: { ...counters.byApi },
    readings: readingsOf(options.apis),
    ...(notChecked.length ? { notChecked } : {}),
  };
}

/** Per API: the version of its schemas and the official document they were last diffed against. */
function readingsOf(apis: readonly ApiId[]): Record<string, SchemaReading> {
  const catalogue = getCatalogue();
  return Object.fromEntries(
    apis.map((id) => {
      const api = catalogue.api(id);
      const version = (api.openapi.info as { version?: string } | undefined)?.version ?? 'unversioned';
      const official = api.official;
      const reading: SchemaReading = {
        schemaVersion: version,
        ...(official
          ? { official: { document: official.document, date: official.date, diffed: official.diffed } }
          : {}),
      };
      return [id, reading];
    }),
  );
}

/** Generates the pacts of the selected APIs and checks them against the schemas; never throws. */
function skipResult(planned: PlannedCheck, api: string, message: string): Result {
  return {
    id: planned.id,
    api,
    operation: planned.op.id,
    check: planned.check.id,
    status: 'skip',
    message,
    evidence: [],
    source: { rule: planned.check.description, doc: '' },
  };
}

function notRunResult(planned: PlannedCheck, api: string, message: string): Result {
  return { ...skipResult(planned, api, message), status: 'error' };
}

function interruptText(reason: unknown): string {
  const text = reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : '';
  return text ? text : 'interrupted';
}

async function runOne(ctx: ProbeContext, planned: PlannedCheck): Promise<Result> {
  const { op, check } = planned;
  const source = check.source(ctx.api, op);
  const started = performance.now();
  const base = { id: planned.id, api: ctx.api.id, operation: op.id, check: check.id, source };
  try {
    const outcome = await check.run(ctx, op);
    return {
      ...base,
      status: outcome.status,
      message: outcome.message,
      evidence: (outcome.evidence ?? []).slice(0, EVIDENCE_PER_RESULT),
      source: outcome.schemaPath ? { ...source, schemaPath: outcome.schemaPath } : source,
      ...(outcome.findings?.length ? { findings: outcome.findings.slice(0, MAX_FINDINGS) } : {}),
      ...(outcome.followsFrom ? { followsFrom: outcome.followsFrom } : {}),
      ...(outcome.data ? { data: outcome.data } : {}),
      durationMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    // A check that throws is a defect in the run, not in the provider: report it as an error result.
    return {
      ...base,
      status: 'error',
      message: `check crashed: ${(error as Error)?.message ?? String(error)}`,
      evidence: [],
      durationMs: Math.round(performance.now() - started),
    };
  }
}

/** A run id that sorts by start time and names a report folder: `2026-11-29T17-45-49-123Z-1a2b3c4d`. */
export function newRunId(startedAt: Date = new Date()): string {
  return `${startedAt.toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
}

/** Cancels every job the run created that has not ended (also when a check failed or the run was interrupted). */
async function cleanUp(ctx: ProbeContext, send: Send): Promise<void> {
  const cancel = cancelOp(ctx.api);
  if (!cancel) return;
  for (const job of ctx.created) {
    const idParam = jobIdParam(ctx.api, cancel);
    if (!idParam) continue;
    // An ended job may answer an error here, which is fine: only running ones needed the cancel.
    const body = cancelBody(ctx.catalogue, ctx.api, cancel);
    await send(cancel, {
      pathParams: { [idParam]: job.id },
      ...(body !== undefined ? { body } : {}),
      label: `clean-up: cancel ${job.id}`,
    });
  }
}
