/**
 * `npm run bench`: every benchmark of the suite, each measured several times, printed as tables
 * (median and min–max) and written to bench/results.json.
 *
 *   npm run bench                          all five, walks at 10,000 and 100,000 jobs (about 4 min)
 *   npm run bench -- --walk-1m             also the 1,000,000-job walk (several minutes more)
 *   npm run bench -- --only walks,budget   a subset (startup, full-run, throughput, walks, validation, budget)
 *   npm run bench -- --out bench/results.local.json
 *   npm run bench -- --print bench/results.json   the tables of an earlier run, nothing measured
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchFullRun, type FullRunResult, fullRunRows } from './full-run.ts';
import { ROOT, table } from './lib/measure.ts';
import { benchLiveBudget, type LiveBudgetResult, liveBudgetRows } from './live-budget.ts';
import { benchStartup, type StartupResult, startupRows } from './startup.ts';
import { benchThroughput, type ThroughputResult, throughputRows } from './throughput.ts';
import { benchValidation, type ValidationResult, validationRows } from './validation.ts';
import { benchWalks, type WalksResult, walkRows } from './walks.ts';

const BENCHES = ['startup', 'full-run', 'throughput', 'walks', 'validation', 'budget'] as const;

interface Results {
  startup?: StartupResult;
  fullRun?: FullRunResult;
  throughput?: ThroughputResult;
  walks?: WalksResult;
  validation?: ValidationResult;
  liveBudget?: LiveBudgetResult;
}

/** The tables of whichever benchmarks a results document holds. */
function renderTables(r: Results): string {
  let out = '';
  if (r.startup)
    out += table(
      `0. Start-up of the command (${r.startup.reps} runs after a warm-up)`,
      startupRows(r.startup),
    );
  if (r.fullRun)
    out += table(
      `1. Full offline run (${r.fullRun.reps} runs after a warm-up; CLI ${r.fullRun.cli.wallMs.n} runs)`,
      fullRunRows(r.fullRun),
    );
  if (r.throughput)
    out += table(
      `2. Throughput, GET ${r.throughput.path} (autocannon, ${r.throughput.connections} connections, ${r.throughput.durationSeconds} s × ${r.throughput.runs} after a 1 s warm-up)`,
      throughputRows(r.throughput),
    );
  if (r.walks)
    out += table(
      `3. Pagination walks, Cloudflare listJobs (runs per size: ${r.walks.sizes.map((s) => s.reps).join(' / ')})`,
      walkRows(r.walks),
    );
  if (r.validation)
    out += table(
      `4. Schema validation (${r.validation.jobsPerSecond.n} runs after a warm-up)`,
      validationRows(r.validation),
    );
  if (r.liveBudget)
    out += table(
      '5. Live read-only request budget (counted at the simulators)',
      liveBudgetRows(r.liveBudget),
    );
  return out;
}
type BenchName = (typeof BENCHES)[number];

const { values: flags } = parseArgs({
  options: {
    only: { type: 'string' },
    out: { type: 'string', default: join(ROOT, 'bench/results.json') },
    'walk-1m': { type: 'boolean', default: false },
    print: { type: 'string' },
  },
});

if (flags.print) {
  const earlier = JSON.parse(readFileSync(flags.print, 'utf8'));
  process.stdout.write(renderTables(earlier));
  process.exit(0);
}

const only = flags.only ? flags.only.split(',').map((s) => s.trim()) : [...BENCHES];
for (const name of only) {
  if (!(BENCHES as readonly string[]).includes(name)) {
    process.stderr.write(`bench: --only '${name}' is not a benchmark (benchmarks: ${BENCHES.join(', ')})\n`);
    process.exit(2);
  }
}
const wanted = (name: BenchName) => only.includes(name);

function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

const started = Date.now();
const loadBefore = loadavg();
const results: Results = {};
const say = (text: string) => process.stdout.write(text);

if (wanted('startup')) {
  say('start-up …\n');
  results.startup = await benchStartup({ reps: 20 });
  say(renderTables({ startup: results.startup }));
}
if (wanted('full-run')) {
  say('full offline run …\n');
  results.fullRun = await benchFullRun({ reps: 5, cliReps: 3, contractsReps: 1 });
  say(renderTables({ fullRun: results.fullRun }));
}
if (wanted('throughput')) {
  say('throughput …\n');
  results.throughput = await benchThroughput({ connections: 10, seconds: 5, runs: 3 });
  say(renderTables({ throughput: results.throughput }));
}
if (wanted('walks')) {
  say('pagination walks …\n');
  const sizes = [
    // The short walk's spread is the widest (a process's first second): more runs steady its median.
    { jobs: 10_000, reps: 5 },
    { jobs: 100_000, reps: 3 },
    ...(flags['walk-1m'] ? [{ jobs: 1_000_000, reps: 1 }] : []),
  ];
  results.walks = await benchWalks({ sizes });
  say(renderTables({ walks: results.walks }));
}
if (wanted('validation')) {
  say('schema validation …\n');
  results.validation = await benchValidation({ reps: 5, rounds: 20_000 });
  say(renderTables({ validation: results.validation }));
}
if (wanted('budget')) {
  say('live request budget …\n');
  results.liveBudget = await benchLiveBudget();
  say(renderTables({ liveBudget: results.liveBudget }));
}

const cpu = cpus();
const document = {
  generatedAt: new Date().toISOString(),
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  commit: gitCommit(),
  machine: {
    cpus: cpu.length,
    cpuModel: cpu[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    freeMemoryGiB: Math.round(freemem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    /** 1/5/15-minute load averages: anything above the CPU count means the figures include waiting for a core. */
    loadAverageBefore: loadBefore.map((l) => Number(l.toFixed(2))),
    loadAverageAfter: loadavg().map((l) => Number(l.toFixed(2))),
  },
  durationSeconds: Math.round((Date.now() - started) / 1000),
  ...results,
};
writeFileSync(flags.out, `${JSON.stringify(document, null, 2)}\n`);
say(
  `\nload average ${document.machine.loadAverageBefore.join(' ')} → ${document.machine.loadAverageAfter.join(' ')} on ${cpu.length} CPUs; ${document.durationSeconds} s; written ${flags.out}\n`,
);
