/**
 * Benchmark 1: the full offline run (npm start's work: all APIs against the simulators, every
 * check with writes, every report), wall time and peak RSS.
 *   - by phase: bench/child/full-run.ts in a fresh process per repetition;
 *   - as users run it: npm start's command line (read from package.json), timed from spawn to exit,
 *     peak RSS from /usr/bin/time when it is installed;
 *   - the contract steps each alone (generate, pact-vs-schema compare, Pact verification).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FullRunPhases } from './child/full-run.ts';
import { cell, ROOT, type Row, repeat, runChild, type Stats, statsOf, verdict } from './lib/measure.ts';

export interface FullRunResult {
  reps: number;
  phases: Record<string, Stats>;
  /** CPU time (user + system) per phase, ms. */
  cpuMs: Record<string, Stats>;
  inProcessTotalMs: Stats;
  peakRssMiB: Stats;
  cli: { command: string; wallMs: Stats; peakRssMiB?: Stats };
  /** npm start runs `run --contracts`: the checks phase includes the overlapped pact generation. */
  contractsInRun: boolean;
  /** Each contract step alone, after a run (verification is not part of npm start). */
  contracts: { reps: number; generateMs?: Stats; compareMs?: Stats; verifyMs?: Stats; error?: string };
  summary: FullRunPhases['summary'];
  targetMs: number;
  met: boolean;
}

const TARGET_MS = 2_500;
const TIME = '/usr/bin/time';

/** npm start's command line from package.json: `node bin/jobs-conformance.js run …`, so the bench follows it. */
export function npmStartArgs(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [node, ...args] = pkg.scripts.start.trim().split(/\s+/);
  if (node !== 'node' || args[0] !== 'bin/jobs-conformance.js')
    throw new Error(`npm start is not 'node bin/jobs-conformance.js …': ${pkg.scripts.start}`);
  return args;
}

/** The CLI as npm start runs it, wall from spawn to exit; peak RSS via /usr/bin/time -f %M (KiB). */
function runCli(reportDir: string): Promise<{ wallMs: number; peakRssMiB?: number }> {
  const args = npmStartArgs();
  const rssFile = join(reportDir, 'maxrss.txt');
  const useTime = existsSync(TIME);
  const [command, argv] = useTime
    ? [TIME, ['-f', '%M', '-o', rssFile, process.execPath, ...args, '--report-dir', reportDir]]
    : [process.execPath, [...args, '--report-dir', reportDir]];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`npm start's run exited ${code}: ${out.slice(-300)}`));
      const peak = useTime
        ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024
        : undefined;
      resolve({ wallMs, ...(peak !== undefined && Number.isFinite(peak) ? { peakRssMiB: peak } : {}) });
    });
  });
}

export async function benchFullRun(o: {
  reps: number;
  cliReps: number;
  contractsReps: number;
}): Promise<FullRunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'jobs-conformance-bench-reports-'));
  try {
    const inRun = npmStartArgs().includes('--contracts') ? ['--contracts-in-run'] : [];
    const runs = await repeat(o.reps, 1, () =>
      runChild<FullRunPhases>('../child/full-run.ts', [dir, ...inRun]),
    );
    const cli = await repeat(o.cliReps, 0, () => runCli(dir));
    const contractRuns = await repeat(o.contractsReps, 0, () =>
      runChild<FullRunPhases>('../child/full-run.ts', [dir, '--contracts-alone'], { timeoutMs: 180_000 }),
    );
    const phaseNames = ['startup', 'catalogue', 'checks', 'reports'] as const;
    const phaseKey = (p: string) => `${p}Ms` as keyof FullRunPhases;
    const phases = Object.fromEntries(
      phaseNames.map((p) => [p, statsOf(runs, (r) => r[phaseKey(p)] as number)]),
    );
    const cpuMs = Object.fromEntries(
      [...phaseNames, 'total'].map((p) => [p, statsOf(runs, (r) => r.cpuMs[p] ?? Number.NaN)]),
    );
    const inProcessTotalMs = statsOf(runs, (r) => r.totalMs);
    const cliWall = statsOf(cli, (r) => r.wallMs);
    const cliRss = cli.every((r) => r.peakRssMiB !== undefined)
      ? statsOf(cli, (r) => r.peakRssMiB!)
      : undefined;
    const contractsError = contractRuns.find((r) => r.contracts?.error)?.contracts?.error;
    const step = (k: 'generateMs' | 'compareMs' | 'verifyMs') =>
      statsOf(contractRuns, (r) => r.contracts?.[k] ?? Number.NaN);
    return {
      reps: o.reps,
      phases,
      cpuMs,
      inProcessTotalMs,
      peakRssMiB: statsOf(runs, (r) => r.peakRssMiB),
      cli: {
        command: `node ${npmStartArgs().join(' ')}`,
        wallMs: cliWall,
        ...(cliRss ? { peakRssMiB: cliRss } : {}),
      },
      contractsInRun: inRun.length > 0,
      contracts: {
        reps: contractRuns.length,
        ...(contractRuns.length > 0
          ? { generateMs: step('generateMs'), compareMs: step('compareMs'), verifyMs: step('verifyMs') }
          : {}),
        ...(contractsError ? { error: contractsError } : {}),
      },
      summary: runs[0]!.summary,
      targetMs: TARGET_MS,
      met: cliWall.median < TARGET_MS,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function fullRunRows(r: FullRunResult): Row[] {
  const cpu = (p: string) => `CPU ${Math.round(r.cpuMs[p]!.median)} ms`;
  const rows: Row[] = [
    {
      measure: 'npm start (the CLI as package.json runs it, spawn → exit)',
      value: cell(r.cli.wallMs, ' ms'),
      peer: r.cli.peakRssMiB ? `peak RSS ${cell(r.cli.peakRssMiB, ' MiB')}` : '',
      target: `< ${r.targetMs} ms`,
      verdict: verdict(r.met),
    },
    {
      measure: 'in-process total (process start → reports written)',
      value: cell(r.inProcessTotalMs, ' ms'),
      peer: `${cpu('total')}, peak RSS ${cell(r.peakRssMiB, ' MiB')}`,
    },
    {
      measure: '  start-up (node + tsx + module loading)',
      value: cell(r.phases.startup!, ' ms'),
      peer: cpu('startup'),
    },
    {
      measure: '  catalogue (schemas, refs, Ajv compile)',
      value: cell(r.phases.catalogue!, ' ms'),
      peer: cpu('catalogue'),
    },
    {
      measure: `  simulators + checks${r.contractsInRun ? ' + contracts' : ''} (${r.summary.pass + r.summary.fail + r.summary.warn + r.summary.skip + r.summary.error} results)`,
      value: cell(r.phases.checks!, ' ms'),
      peer: cpu('checks'),
    },
    { measure: '  reports (5 formats)', value: cell(r.phases.reports!, ' ms'), peer: cpu('reports') },
  ];
  const c = r.contracts;
  const alone = (label: string, v: Stats | undefined, note: string) =>
    rows.push({
      measure: `  ${label}`,
      value: v ? cell(v, ' ms') : 'not measured',
      peer: c.error ? `error: ${c.error}` : note,
    });
  alone(
    'contracts: generate all pacts, alone',
    c.generateMs,
    `${c.reps} run(s); in npm start it overlaps the checks`,
  );
  alone('contracts: pact-vs-schema compare, alone', c.compareMs, 'part of npm start');
  alone('contracts: Pact verification vs simulators', c.verifyMs, 'not part of npm start');
  return rows;
}
