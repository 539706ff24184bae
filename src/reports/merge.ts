/**
 * Merges the results of sharded runs (one CI job per API, or a split of the checks) into one run:
 * the same results by id, summed counts, operations and requests, the earliest start and a duration
 * spanning every shard — what a single run over the same work would have recorded.
 */
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import {
  type Exchange,
  latencyStats,
  type OperationStats,
  type Result,
  type RunResults,
  summarize,
  UsageError,
} from '../core/index.ts';

type Shard = NonNullable<RunResults['shards']>[number];

function endOf(run: RunResults): number {
  return Date.parse(run.startedAt) + run.durationMs;
}

function shardsOf(run: RunResults): Shard[] {
  return (
    run.shards ?? [
      {
        runId: run.runId,
        apis: run.apis,
        ...(run.options.shard ? { shard: run.options.shard } : {}),
        startedAt: run.startedAt,
        durationMs: run.durationMs,
      },
    ]
  );
}

/** Exchange ids are per run: gives a shard's ids that another shard used for something else a suffix. */
function renameCollidingExchanges(runs: RunResults[]): RunResults[] {
  const owners = new Map<string, Exchange>();
  return runs.map((run, index) => {
    const renames = new Map<string, string>();
    for (const r of run.results) {
      for (const x of r.evidence) {
        const owner = owners.get(x.id);
        if (owner && owner !== x && !renames.has(x.id) && !isDeepStrictEqual(owner, x)) {
          renames.set(x.id, `${x.id}@${index + 1}`);
        }
      }
    }
    for (const r of run.results) for (const x of r.evidence) if (!owners.has(x.id)) owners.set(x.id, x);
    if (renames.size === 0) return run;
    return {
      ...run,
      results: run.results.map((r) => ({
        ...r,
        evidence: r.evidence.map((x) => (renames.has(x.id) ? { ...x, id: renames.get(x.id)! } : x)),
      })),
    };
  });
}

function mergeOperations(runs: RunResults[]): OperationStats[] {
  const merged = new Map<string, OperationStats>();
  for (const run of runs) {
    for (const op of run.operations) {
      const key = `${op.api}\u0000${op.operation}`;
      const into = merged.get(key);
      if (!into) {
        merged.set(key, structuredClone(op));
        continue;
      }
      into.requests += op.requests;
      for (const [code, n] of Object.entries(op.statuses))
        into.statuses[code] = (into.statuses[code] ?? 0) + n;
      const samples = [...into.latencyMs.samples, ...op.latencyMs.samples];
      if (samples.length > 0) into.latencyMs = latencyStats(samples);
      else {
        // No samples kept: the bounds are exact, the percentiles the worse of the two.
        into.latencyMs = {
          min: Math.min(into.latencyMs.min, op.latencyMs.min),
          p50: Math.max(into.latencyMs.p50, op.latencyMs.p50),
          p95: Math.max(into.latencyMs.p95, op.latencyMs.p95),
          max: Math.max(into.latencyMs.max, op.latencyMs.max),
          samples: [],
        };
      }
    }
  }
  return [...merged.values()];
}

/** One run from several shards. `names` (the folders they came from) make errors say where. */
export function mergeRuns(input: RunResults[], names: string[] = input.map((r) => r.runId)): RunResults {
  if (input.length === 0) throw new UsageError('report merge: no results to merge');
  // The same shard given twice (a run folder and latest/) counts once.
  const unique: RunResults[] = [];
  const uniqueNames: string[] = [];
  input.forEach((run, i) => {
    if (
      !unique.some((u) => u.runId === run.runId && u.startedAt === run.startedAt && isDeepStrictEqual(u, run))
    ) {
      unique.push(run);
      uniqueNames.push(names[i] ?? run.runId);
    }
  });
  const order = unique
    .map((_, i) => i)
    .sort((a, b) => Date.parse(unique[a]!.startedAt) - Date.parse(unique[b]!.startedAt));
  const runs = renameCollidingExchanges(order.map((i) => unique[i]!));
  const runNames = order.map((i) => uniqueNames[i]!);
  const first = runs[0]!;

  const targets = new Set(runs.map((r) => r.target));
  if (targets.size > 1)
    throw new UsageError(
      `report merge: cannot merge ${[...targets].join(' and ')} runs (${runNames.join(', ')})`,
    );

  const apis: string[] = [];
  const baseUrls: Record<string, string> = {};
  const requestCounts: Record<string, number> = {};
  const readings: NonNullable<RunResults['readings']> = {};
  const results: Result[] = [];
  const resultFrom = new Map<string, { result: Result; from: string }>();
  // An API a shard could not check stays "not checked" in the merged verdict (the first reason kept).
  const notChecked = new Map<string, string>();
  runs.forEach((run, i) => {
    for (const api of run.apis) if (!apis.includes(api)) apis.push(api);
    for (const n of run.notChecked ?? []) if (!notChecked.has(n.api)) notChecked.set(n.api, n.reason);
    for (const [api, url] of Object.entries(run.baseUrls)) {
      // Each mock shard starts its own simulators, on ports of its own: only live URLs must agree.
      if (run.target === 'live' && baseUrls[api] !== undefined && baseUrls[api] !== url) {
        throw new UsageError(
          `report merge: ${runNames[i]} checked ${api} at ${url}, another shard at ${baseUrls[api]}`,
        );
      }
      baseUrls[api] ??= url;
    }
    for (const [api, n] of Object.entries(run.requestCounts))
      requestCounts[api] = (requestCounts[api] ?? 0) + n;
    // The latest shard's reading of an API wins (shards are in start order).
    Object.assign(readings, run.readings ?? {});
    for (const r of run.results) {
      const seen = resultFrom.get(r.id);
      if (seen) {
        if (isDeepStrictEqual(seen.result, r)) continue;
        throw new UsageError(
          `report merge: result ${r.id} is in both ${seen.from} and ${runNames[i]} with different outcomes`,
        );
      }
      resultFrom.set(r.id, { result: r, from: runNames[i]! });
      results.push(r);
    }
  });

  const start = Math.min(...runs.map((r) => Date.parse(r.startedAt)));
  const end = Math.max(...runs.map(endOf));
  const runIds = [...new Set(runs.map((r) => r.runId))];
  const runId =
    runIds.length === 1
      ? runIds[0]!
      : `merged-${createHash('sha256').update(runIds.sort().join('\n')).digest('hex').slice(0, 12)}`;
  const checks = [...new Set(runs.map((r) => r.options.checks).filter((c): c is string => !!c))];
  return {
    schemaVersion: 1,
    tool: first.tool,
    runId,
    target: first.target,
    apis,
    baseUrls,
    startedAt: new Date(start).toISOString(),
    durationMs: end - start,
    options: {
      allowWrites: runs.some((r) => r.options.allowWrites),
      // Without a check filter on every shard, together they ran everything.
      ...(checks.length && runs.every((r) => r.options.checks) ? { checks: checks.join(',') } : {}),
    },
    summary: summarize(results),
    results,
    operations: mergeOperations(runs),
    requestCounts,
    ...(Object.keys(readings).length ? { readings } : {}),
    ...(notChecked.size ? { notChecked: [...notChecked].map(([api, reason]) => ({ api, reason })) } : {}),
    shards: runs.flatMap(shardsOf),
  };
}
