/**
 * One full offline run (npm start's work) in a fresh process, timed by phase:
 *   start-up   process start → every module `run` needs is loaded (tsx transpiling included)
 *   catalogue  schemas read, refs resolved, validators compiled (getCatalogue)
 *   simulators all five APIs' simulators listening (as runConformance starts them)
 *   checks     every check on every API, writes allowed (runConformance)
 *   reports    every report format written (writeReports)
 *   contracts  (with --contracts) pact generation and verification against the simulators
 * Nothing is imported statically: the start-up phase has to include the module loading.
 * `full-run.ts <report dir> [--contracts]`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { peakRssMiB, reportToParent } from '../lib/measure.ts';

export interface FullRunPhases {
  startupMs: number;
  catalogueMs: number;
  simulatorsMs: number;
  checksMs: number;
  reportsMs: number;
  contractsMs?: number;
  contractsError?: string;
  totalMs: number;
  /** CPU time (user + system) per phase: what the run costs whatever else the machine is doing. */
  cpuMs: Record<string, number>;
  peakRssMiB: number;
  summary: { pass: number; fail: number; warn: number; skip: number; error: number };
}

const reportDir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'jobs-conformance-bench-'));
const withContracts = process.argv.includes('--contracts');

// The modules `jobs-conformance run` loads (its command, commander and what they import).
const [{ API_IDS, getCatalogue }, { runConformance }, { writeReports }, { startSimulators }] =
  await Promise.all([
    import('../../src/catalogue/index.ts'),
    import('../../src/runner/index.ts'),
    import('../../src/reports/index.ts'),
    import('../../src/simulators/index.ts'),
    import('../../src/cli/run-command.ts'),
    import('commander'),
  ]);
const startupMs = performance.now();
const cpuMs: Record<string, number> = {};
let cpuMark = 0;
/** CPU time since the last mark, recorded under the phase's name. */
const cpuPhase = (phase: string) => {
  const { user, system } = process.cpuUsage();
  const now = (user + system) / 1000;
  cpuMs[phase] = now - cpuMark;
  cpuMark = now;
};
cpuPhase('startup');

let t = performance.now();
getCatalogue();
const catalogueMs = performance.now() - t;
cpuPhase('catalogue');

t = performance.now();
// As runConformance starts them for a mock run (its MOCK_LIFECYCLE).
const simulators = await startSimulators({ apis: API_IDS, jobDurationMs: 300, cooldownMs: 1000 });
const simulatorsMs = performance.now() - t;
cpuPhase('simulators');

t = performance.now();
const run = await runConformance({ apis: API_IDS, target: 'mock', allowWrites: true, simulators });
await simulators.close();
const checksMs = performance.now() - t;
cpuPhase('checks');

t = performance.now();
writeReports(run, { reportDir });
const reportsMs = performance.now() - t;
cpuPhase('reports');

let contractsMs: number | undefined;
let contractsError: string | undefined;
if (withContracts) {
  const pactDir = mkdtempSync(join(tmpdir(), 'jobs-conformance-bench-pacts-'));
  t = performance.now();
  try {
    const { generatePacts } = await import('../../src/contracts/generate.ts');
    const { verifyPacts } = await import('../../src/contracts/verify.ts');
    await generatePacts({ pactDir });
    const verified = await verifyPacts({ pactDir });
    if (!verified.ok) contractsError = verified.outcomes.find((o) => !o.ok)?.error?.split('\n')[0];
  } catch (error) {
    contractsError = (error as Error).message.split('\n')[0];
  }
  contractsMs = performance.now() - t;
  cpuPhase('contracts');
  rmSync(pactDir, { recursive: true, force: true });
}

const result: FullRunPhases = {
  startupMs,
  catalogueMs,
  simulatorsMs,
  checksMs,
  reportsMs,
  ...(contractsMs !== undefined ? { contractsMs } : {}),
  ...(contractsError ? { contractsError } : {}),
  totalMs: performance.now(),
  cpuMs: { ...cpuMs, total: cpuMark },
  peakRssMiB: peakRssMiB(),
  summary: run.summary,
};
reportToParent(result);
