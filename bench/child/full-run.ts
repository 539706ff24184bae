/**
 * One full offline run (npm start's work) in a fresh process, timed by phase:
 *   start-up   process start → every module `run` needs is loaded (tsx transpiling included)
 *   catalogue  schemas read, refs resolved, validators compiled (getCatalogue)
 *   checks     every check on every API, writes allowed (runConformance, which starts its own
 *              simulators as npm start's run does: simulated time, reached in memory); with
 *              --contracts-in-run also the Pact generation and pact-vs-schema compare that
 *              `run --contracts` overlaps with them (from the sources: on the same thread)
 *   reports    every report format written (writeReports)
 *   contracts  (with --contracts-alone) generation, compare and Pact verification, each on its own
 * Nothing is imported statically: the start-up phase has to include the module loading.
 * `full-run.ts <report dir> [--contracts-in-run] [--contracts-alone]`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { peakRssMiB, reportToParent } from '../lib/measure.ts';

export interface FullRunPhases {
  startupMs: number;
  catalogueMs: number;
  checksMs: number;
  reportsMs: number;
  /** The checks phase included `run --contracts` (generation overlapping the checks). */
  contractsInRun: boolean;
  /** With --contracts-alone: each contract step timed on its own, after the run. */
  contracts?: { generateMs: number; compareMs: number; verifyMs: number; error?: string };
  totalMs: number;
  /** CPU time (user + system) per phase: what the run costs whatever else the machine is doing. */
  cpuMs: Record<string, number>;
  peakRssMiB: number;
  summary: { pass: number; fail: number; warn: number; skip: number; error: number };
}

const reportDir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'jobs-conformance-bench-'));
/** As `run --contracts` (npm start): pacts generated while the checks run, compared to the schemas. */
const contractsInRun = process.argv.includes('--contracts-in-run');
/** After the run: contract generation, the offline compare and Pact verification, each timed alone. */
const contractsAlone = process.argv.includes('--contracts-alone');
const pactDir = mkdtempSync(join(tmpdir(), 'jobs-conformance-bench-pacts-'));

// The modules `jobs-conformance run` loads (its command, commander and what they import).
const [{ apiIds, getCatalogue }, { runConformance }, { writeReports }] = await Promise.all([
  import('../../src/catalogue/index.ts'),
  import('../../src/runner/index.ts'),
  import('../../src/reports/index.ts'),
  import('../../src/simulators/index.ts'),
  import('../../src/providers/index.ts'),
  import('../../src/cli/run-command.ts'),
  import('../../src/cli/run-action.ts'),
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
const API_IDS = apiIds();
const catalogueMs = performance.now() - t;
cpuPhase('catalogue');

t = performance.now();
const run = await runConformance({
  apis: API_IDS,
  target: 'mock',
  allowWrites: true,
  ...(contractsInRun ? { contracts: { pactDir } } : {}),
});
const checksMs = performance.now() - t;
cpuPhase('checks');

t = performance.now();
writeReports(run, { reportDir });
const reportsMs = performance.now() - t;
cpuPhase('reports');

let contracts: FullRunPhases['contracts'];
if (contractsAlone) {
  const { generatePacts, comparePactsToResults, readPactDir, verifyPacts } = await import(
    '../../src/contracts/index.ts'
  );
  const aloneDir = mkdtempSync(join(tmpdir(), 'jobs-conformance-bench-pacts-'));
  contracts = { generateMs: Number.NaN, compareMs: Number.NaN, verifyMs: Number.NaN };
  try {
    t = performance.now();
    await generatePacts({ pactDir: aloneDir });
    contracts.generateMs = performance.now() - t;
    t = performance.now();
    comparePactsToResults(readPactDir(aloneDir));
    contracts.compareMs = performance.now() - t;
    t = performance.now();
    const verified = await verifyPacts({ pactDir: aloneDir });
    contracts.verifyMs = performance.now() - t;
    if (!verified.ok) contracts.error = verified.outcomes.find((o) => !o.ok)?.error?.split('\n')[0];
  } catch (error) {
    contracts.error = (error as Error).message.split('\n')[0];
  }
  cpuPhase('contracts');
  rmSync(aloneDir, { recursive: true, force: true });
}
rmSync(pactDir, { recursive: true, force: true });

const result: FullRunPhases = {
  startupMs,
  catalogueMs,
  checksMs,
  reportsMs,
  contractsInRun,
  ...(contracts ? { contracts } : {}),
  totalMs: performance.now(),
  cpuMs: { ...cpuMs, total: cpuMark },
  peakRssMiB: peakRssMiB(),
  summary: run.summary,
};
reportToParent(result);
