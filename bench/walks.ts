/**
 * Benchmark 3: pagination walks of the Cloudflare job list at 10,000 / 100,000 / 1,000,000 jobs.
 * The simulator runs in its own process; each walk runs in a fresh process (its peak RSS is its own):
 * the engine (every pagination check on listJobs: the walk pair at per_page 50 and 7, past-end,
 * bounds), compiled as the command runs it, against a bare undici loop over the same pages (both
 * sizes: request page N, parse JSON, collect the ids).
 */
import type { Target } from '../src/core/index.ts';
import type { WalkResult } from './child/walk.ts';
import {
  cell,
  ensureBuilt,
  type Row,
  runChild,
  type Stats,
  startBenchServer,
  statsOf,
  verdict,
} from './lib/measure.ts';

export interface WalkSizeResult {
  jobs: number;
  reps: number;
  simulatorBuildMs: number;
  requests: { engine: number; bare: number };
  engineMs: Stats;
  bareMs: Stats;
  ratio: number;
  /** Engine CPU ms ÷ bare CPU ms (each walk's own process): the client's work, whatever the simulator's. */
  cpuRatio?: number;
  engineCpuMs?: Stats;
  bareCpuMs?: Stats;
  enginePeakRssMiB: Stats;
  barePeakRssMiB: Stats;
  engineHeapMiB: Stats;
  bareHeapMiB: Stats;
  checks: Record<string, string>;
}

export interface WalksResult {
  sizes: WalkSizeResult[];
  /** Engine ms per 1,000 jobs at the largest size ÷ at the smallest: 1 is perfectly linear. */
  linearity: number;
  targetRatio: number;
  targetRssRatio?: number;
  met: boolean;
  /** How the figures were taken, where that differs from a plain run (written by hand). */
  note?: string;
}

/** issue #17: walks within 1.3× the bare loop, and the 1,000,000-job walk's peak RSS within 2× the bare loop's. */
const TARGET_RATIO = 1.3;
const TARGET_RSS_RATIO = 2;
const RSS_TARGET_FROM_JOBS = 1_000_000;

export async function benchWalks(o: { sizes: { jobs: number; reps: number }[] }): Promise<WalksResult> {
  // The engine walks as the command runs it: compiled (bench/child/walk.ts loads dist/).
  ensureBuilt();
  const sizes: WalkSizeResult[] = [];
  for (const { jobs, reps } of o.sizes) {
    const sim = await startBenchServer<{ targets: Record<string, Target>; buildMs: number }>(
      '../child/simulator.ts',
      ['cloudflare-ai-search', String(jobs)],
    );
    try {
      const target = JSON.stringify(sim.info.targets['cloudflare-ai-search']);
      const timeoutMs = Math.max(120_000, jobs * 2);
      // A 1M-job engine walk keeps every exchange, as the runner does: give the heap room.
      const nodeFlags = jobs > 200_000 ? ['--max-old-space-size=8192'] : [];
      const engine: WalkResult[] = [];
      const bare: WalkResult[] = [];
      // Alternate so drift in machine load hits both alike; the simulator is warmed by the first.
      for (let i = 0; i < reps; i++) {
        bare.push(await runChild<WalkResult>('../child/walk.ts', ['bare', target], { timeoutMs, nodeFlags }));
        engine.push(
          await runChild<WalkResult>('../child/walk.ts', ['engine', target], { timeoutMs, nodeFlags }),
        );
      }
      const engineMs = statsOf(engine, (r) => r.ms);
      const bareMs = statsOf(bare, (r) => r.ms);
      const engineCpuMs = statsOf(engine, (r) => r.cpuMs);
      const bareCpuMs = statsOf(bare, (r) => r.cpuMs);
      sizes.push({
        jobs,
        reps,
        simulatorBuildMs: sim.info.buildMs,
        requests: { engine: engine[0]!.requests, bare: bare[0]!.requests },
        engineMs,
        bareMs,
        ratio: engineMs.median / bareMs.median,
        cpuRatio: engineCpuMs.median / bareCpuMs.median,
        engineCpuMs,
        bareCpuMs,
        enginePeakRssMiB: statsOf(engine, (r) => r.peakRssMiB),
        barePeakRssMiB: statsOf(bare, (r) => r.peakRssMiB),
        engineHeapMiB: statsOf(engine, (r) => r.heapUsedMiB),
        bareHeapMiB: statsOf(bare, (r) => r.heapUsedMiB),
        checks: engine[0]!.checks ?? {},
      });
    } finally {
      await sim.stop();
    }
  }
  const perJob = (s: WalkSizeResult) => s.engineMs.median / s.jobs;
  const linearity = sizes.length > 1 ? perJob(sizes[sizes.length - 1]!) / perJob(sizes[0]!) : 1;
  const allPass = sizes.every((s) => Object.values(s.checks).every((c) => c === 'pass'));
  return {
    sizes,
    linearity,
    targetRatio: TARGET_RATIO,
    targetRssRatio: TARGET_RSS_RATIO,
    met:
      allPass &&
      linearity <= 1 &&
      sizes.every((s) => s.ratio <= TARGET_RATIO && (!rssJudged(s) || rssRatio(s) <= TARGET_RSS_RATIO)),
  };
}

const rssRatio = (s: WalkSizeResult) => s.enginePeakRssMiB.median / s.barePeakRssMiB.median;
const rssJudged = (s: WalkSizeResult) => s.jobs >= RSS_TARGET_FROM_JOBS;

export function walkRows(r: WalksResult): Row[] {
  const rows: Row[] = [];
  for (const s of r.sizes) {
    const n = s.jobs.toLocaleString('en-US');
    const failing = Object.entries(s.checks).filter(([, v]) => v !== 'pass');
    rows.push({
      measure: `walk ${n} jobs: engine, ${Object.keys(s.checks).length} pagination and response checks (${s.requests.engine.toLocaleString('en-US')} req)`,
      value: cell(s.engineMs, ' ms'),
      peer: `bare undici ${cell(s.bareMs, ' ms')} (${s.requests.bare.toLocaleString('en-US')} req)`,
      target: `≤ ${r.targetRatio}× bare`,
      verdict: verdict(s.ratio <= r.targetRatio && failing.length === 0),
    });
    const perThousand = (ms: number) => ((ms / s.jobs) * 1000).toFixed(0);
    rows.push({
      measure: `  engine ÷ bare${failing.length ? `; not passing: ${failing.map(([k]) => k).join(', ')}` : ''}`,
      value: `${s.ratio.toFixed(2)}×`,
      peer: `ms per 1,000 jobs: engine ${perThousand(s.engineMs.median)}, bare ${perThousand(s.bareMs.median)}`,
    });
    if (s.engineCpuMs && s.bareCpuMs && s.cpuRatio !== undefined) {
      rows.push({
        measure: '  CPU of the walking process, engine ÷ bare',
        value: `${s.cpuRatio.toFixed(2)}×`,
        peer: `engine ${cell(s.engineCpuMs, ' ms')}, bare ${cell(s.bareCpuMs, ' ms')}`,
      });
    }
    rows.push({
      measure: `  peak RSS / heap kept, engine`,
      value: `${cell(s.enginePeakRssMiB, ' MiB')} / ${Math.round(s.engineHeapMiB.median)} MiB`,
      peer: `bare ${cell(s.barePeakRssMiB, ' MiB')} / ${Math.round(s.bareHeapMiB.median)} MiB (${rssRatio(s).toFixed(2)}×)`,
      ...(rssJudged(s) && r.targetRssRatio !== undefined
        ? { target: `≤ ${r.targetRssRatio}× bare`, verdict: verdict(rssRatio(s) <= r.targetRssRatio) }
        : {}),
    });
  }
  if (r.sizes.length > 1) {
    rows.push({
      measure: 'engine ms per job, largest ÷ smallest size',
      value: `${r.linearity.toFixed(2)}×`,
      target: '≤ 1 (linear or better)',
    });
  }
  return rows;
}
