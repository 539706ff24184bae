/**
 * Benchmark 5: the live request budget. A full read-only live run (`--target live`, no
 * --allow-writes) against the simulators standing in for a deployment, with the requests counted
 * where they arrive: the simulators' request log, per API. Every read check (a check that sends no
 * write, on an operation that is not a write) must have run, not been skipped.
 */
import { type ApiId, apiIds, getCatalogue } from '../src/catalogue/index.ts';
import { simulatorPlugins } from '../src/providers/index.ts';
import { envForTargets } from '../src/runner/live-targets.ts';
import { planChecks } from '../src/runner/plan.ts';
import { runConformance } from '../src/runner/run.ts';
import { type SimulatorSet, startSimulators } from '../src/simulators/index.ts';
import type { Row } from './lib/measure.ts';
import { verdict } from './lib/measure.ts';

/** The APIs the catalogue discovers in schemas/. */
const API_IDS = apiIds();

export interface LiveBudgetResult {
  /** Requests that reached the simulator, per API (the OAuth token request counted for its API). */
  requestsAtSimulator: Record<string, number>;
  /** What the run's own counters say it sent. */
  requestsCountedByRun: Record<string, number>;
  writesSent: number;
  readChecks: Record<string, { planned: number; ran: number; skipped: string[] }>;
  target: number;
  met: boolean;
}

const TARGET_PER_API = 40;

/** The .env a user would write, pointed at the simulators (as test/runner/live-target.test.ts does). */
function envFor(sims: SimulatorSet): NodeJS.ProcessEnv {
  return envForTargets(sims.targets);
}

/** The API a logged request belongs to: the simulator names it, else the only API of its server. */
function apiOfRequest(sims: SimulatorSet, entry: { api?: string; path: string }): string {
  if (entry.api) return entry.api;
  const server = sims.servers.find((s) => entry.path.startsWith(new URL(s.baseUrl).pathname));
  return server?.apis.length === 1 ? server.apis[0]! : `unattributed (${entry.path})`;
}

export async function benchLiveBudget(): Promise<LiveBudgetResult> {
  const sims = await startSimulators({ plugins: simulatorPlugins, jobDurationMs: 300, cooldownMs: 1000 });
  try {
    const run = await runConformance({
      apis: API_IDS,
      target: 'live',
      allowWrites: false,
      env: envFor(sims),
    });
    const atSimulator: Record<string, number> = {};
    for (const entry of sims.requests) {
      const api = apiOfRequest(sims, entry);
      atSimulator[api] = (atSimulator[api] ?? 0) + 1;
    }
    const writesSent = sims.requests.filter((r) => r.status < 500 && isWrite(r.api, r.operation)).length;
    const readChecks: LiveBudgetResult['readChecks'] = {};
    for (const api of API_IDS) {
      // The generated checks are opt-in on a live target (--max-examples N): not part of the budget.
      const reads = planChecks(getCatalogue().api(api)).filter(
        (p) => !p.check.writes && !p.op.writes && p.check.category !== 'generated',
      );
      const results = new Map(run.results.map((r) => [r.id, r]));
      const skipped = reads
        .filter((p) => {
          const r = results.get(p.id);
          return !r || r.status === 'skip' || r.status === 'error';
        })
        .map((p) => `${p.id}: ${results.get(p.id)?.message ?? 'no result'}`);
      readChecks[api] = { planned: reads.length, ran: reads.length - skipped.length, skipped };
    }
    const met =
      API_IDS.every((api) => (atSimulator[api] ?? 0) <= TARGET_PER_API) &&
      Object.values(readChecks).every((c) => c.skipped.length === 0) &&
      writesSent === 0 &&
      Object.keys(atSimulator).every((k) => (API_IDS as readonly string[]).includes(k));
    return {
      requestsAtSimulator: atSimulator,
      requestsCountedByRun: run.requestCounts,
      writesSent,
      readChecks,
      target: TARGET_PER_API,
      met,
    };
  } finally {
    await sims.close();
  }
}

function isWrite(api: string | undefined, operation: string | undefined): boolean {
  if (!api || !operation) return false;
  return getCatalogue().operation(api as ApiId, operation).writes;
}

export function liveBudgetRows(r: LiveBudgetResult): Row[] {
  return API_IDS.map((api) => {
    const n = r.requestsAtSimulator[api] ?? 0;
    const checks = r.readChecks[api]!;
    return {
      measure: `live read-only requests: ${api}`,
      value: `${n} (read checks run: ${checks.ran}/${checks.planned})`,
      peer: `run's own count ${r.requestsCountedByRun[api] ?? 0}`,
      target: `≤ ${r.target}, all read checks run`,
      verdict: verdict(n <= r.target && checks.skipped.length === 0 && r.writesSent === 0),
    };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { table } = await import('./lib/measure.ts');
  const r = await benchLiveBudget();
  process.stdout.write(table('Live request budget', liveBudgetRows(r)));
  for (const [api, c] of Object.entries(r.readChecks))
    for (const s of c.skipped) console.log(`${api}: not run: ${s}`);
}
