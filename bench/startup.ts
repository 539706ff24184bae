/**
 * Start-up of the installed command: `jobs-conformance --version` and `--help`, spawned through
 * bin/ as a user's shell runs it, after a fresh `npm run build` (so bin/ runs the compiled dist/).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { cell, ROOT, type Row, repeat, type Stats, statsOf, verdict } from './lib/measure.ts';

export interface StartupResult {
  reps: number;
  targetMs: number;
  versionMs: Stats;
  /** What an installed copy runs: bin/ finds no src/ beside it, so it imports dist/ at once. */
  versionInstalledMs: Stats;
  helpMs: Stats;
  /** `node -e 0`: what any Node command costs on this machine at this moment (its load shows here). */
  bareNodeMs: Stats;
  met: boolean;
}

const BIN = join(ROOT, 'bin/jobs-conformance.js');

function spawnMs(args: string[], entry: string | null = BIN): Promise<number> {
  const started = process.hrtime.bigint();
  const argv = entry === null ? args : [entry, ...args];
  const out = spawnSync(process.execPath, argv, { cwd: ROOT, encoding: 'utf8' });
  if (out.status !== 0)
    throw new Error(`jobs-conformance ${args.join(' ')} exited ${out.status}: ${out.stderr}`);
  return Promise.resolve(Number(process.hrtime.bigint() - started) / 1e6);
}

export async function benchStartup(o: { reps: number }): Promise<StartupResult> {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.js')], { cwd: ROOT, stdio: 'inherit' });
  const version = await repeat(o.reps, 3, () => spawnMs(['--version']));
  const installed = await repeat(o.reps, 3, () => spawnMs(['--version'], join(ROOT, 'dist/cli/main.js')));
  const help = await repeat(o.reps, 1, () => spawnMs(['--help']));
  const bare = await repeat(o.reps, 3, () => spawnMs(['-e', '0'], null));
  const versionMs = statsOf(version, (ms) => ms);
  const versionInstalledMs = statsOf(installed, (ms) => ms);
  const targetMs = 300;
  return {
    reps: o.reps,
    targetMs,
    versionMs,
    versionInstalledMs,
    helpMs: statsOf(help, (ms) => ms),
    bareNodeMs: statsOf(bare, (ms) => ms),
    met: versionInstalledMs.median < targetMs,
  };
}

export function startupRows(r: StartupResult): Row[] {
  return [
    {
      measure: 'jobs-conformance --version in this checkout (spawn → exit)',
      value: cell(r.versionMs, ' ms'),
      peer: 'bin/ first compares dist/ with src/',
    },
    {
      measure: 'jobs-conformance --version as installed (no src/ beside dist/)',
      value: cell(r.versionInstalledMs, ' ms'),
      peer: 'loads no subcommand',
      target: `< ${r.targetMs} ms`,
      verdict: verdict(r.met),
    },
    {
      measure: 'jobs-conformance --help',
      value: cell(r.helpMs, ' ms'),
      peer: 'loads every subcommand',
    },
    {
      measure: 'node -e 0 (the floor on this machine now)',
      value: cell(r.bareNodeMs, ' ms'),
    },
  ];
}
