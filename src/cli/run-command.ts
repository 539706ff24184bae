import { relative } from 'node:path';
import { type Command, Option } from 'commander';
import { type ApiId, apiIds, getCatalogue } from '../catalogue/index.ts';
import { type RunResults, UsageError } from '../core/index.ts';
import {
  applyBaseline,
  createProgress,
  openRunFolder,
  readResultsFile,
  writeReports,
} from '../reports/index.ts';
import {
  Expectations,
  liveTargets,
  newRunId,
  parseShard,
  planChecks,
  readEnv,
  runConformance,
  selectChecks,
  unitsOfShard,
} from '../runner/index.ts';
import { FAULT_IDS, type FaultId, isFaultId } from '../simulators/index.ts';
import { type Config, defaultsAsFlags, loadConfig } from './config.ts';
import { EXIT } from './exit.ts';
import { signalExitCode, trapTerminationSignals } from './signals.ts';

interface RunFlags {
  api: string;
  target: string;
  allowWrites?: boolean;
  check?: string;
  reportDir: string;
  dotenv?: string;
  envFile?: string;
  baseline?: string;
  budget?: string;
  pageLimit?: string;
  timeout?: string;
  requestTimeout?: string;
  fault?: string;
  contracts?: boolean;
  failOn: string;
  config?: string;
  shard?: string;
  seed?: string;
  maxExamples?: string;
  replay?: string;
}

export type FailOn = 'any' | 'new';

/** --fail-on: any (every failure or error fails the run) or new (only those new against --baseline). */
export function parseFailOn(value: string, baseline: string | undefined): FailOn {
  if (value !== 'any' && value !== 'new') throw new UsageError(`--fail-on '${value}' must be any or new`);
  if (value === 'new' && !baseline)
    throw new UsageError('--fail-on new needs --baseline FILE (the results.json it compares with)');
  return value;
}

/**
 * Whether the run's results fail it: any failure or error, or with --fail-on new only those that are
 * new against the baseline (the ratchet: known failures are tolerated, new ones are not).
 */
export function resultsFail(run: RunResults, failOn: FailOn): boolean {
  if (failOn === 'new') return (run.baseline?.newFailures.length ?? 0) > 0;
  return run.summary.fail > 0 || run.summary.error > 0;
}

export function parseApis(value: string): ApiId[] {
  if (value === 'all') return apiIds();
  const apis = value.split(',').map((a) => a.trim());
  for (const api of apis) {
    if (!apiIds().includes(api))
      throw new UsageError(`--api '${api}' is not an API id (use all or ${apiIds().join(', ')})`);
  }
  return apis as ApiId[];
}

export function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) <= 0)
    throw new UsageError(`${flag} '${value}' must be a positive whole number`);
  return Number(value);
}

/** --seed, --max-examples, --replay: the generated checks' settings (a replay needs its seed). */
export function generationFlags(flags: { seed?: string; maxExamples?: string; replay?: string }) {
  if (flags.seed !== undefined && !/^\d+$/.test(flags.seed))
    throw new UsageError(`--seed '${flags.seed}' must be a whole number (0 or more)`);
  const maxExamples = positiveInt('--max-examples', flags.maxExamples);
  if (flags.replay !== undefined) {
    if (flags.seed === undefined)
      throw new UsageError(
        '--replay needs the --seed its counterexample was found with (the result names both)',
      );
    if (!/^[^:]+:\d+(:\d+)*$/.test(flags.replay))
      throw new UsageError(
        `--replay '${flags.replay}' must be <operationId>:<path>, as a generated result names it`,
      );
  }
  return {
    ...(flags.seed !== undefined ? { seed: Number(flags.seed) } : {}),
    ...(maxExamples !== undefined ? { maxExamples } : {}),
    ...(flags.replay !== undefined ? { replay: flags.replay } : {}),
  };
}

/** --fault (hidden, mock only): simulator faults for hardening tests and demos. */
export function parseFaults(value: string | undefined, target: string): FaultId[] | undefined {
  if (value === undefined) return undefined;
  if (target !== 'mock')
    throw new UsageError('--fault works with --target mock only (it breaks the simulators)');
  const ids = value
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  for (const id of ids) {
    if (!isFaultId(id))
      throw new UsageError(`--fault '${id}' is not a fault id (faults: ${FAULT_IDS.join(', ')})`);
  }
  return ids as FaultId[];
}

/**
 * Live settings are checked before anything is sent: a malformed value is a usage error (from
 * liveTargets), and so are missing settings of an API named with --api, and a run where no selected
 * API has its settings (lost CI secrets must not pass as a run that checked nothing). With --api all
 * an API without settings is not checked, so a .env for one provider is enough; its names are returned.
 */
export function unconfiguredApis(
  apiFlag: string,
  apis: readonly ApiId[],
  env: NodeJS.ProcessEnv,
): { api: ApiId; reason: string }[] {
  const { skipped } = liveTargets(env, apis);
  const gaps = apis.filter((api) => skipped[api]).map((api) => ({ api, reason: skipped[api]! }));
  const fatal = gaps.length === apis.length || apiFlag !== 'all';
  if (gaps.length > 0 && fatal) {
    // One line per API, each naming what is missing and where to set it.
    const fix = 'set them in .env (see .env.example), the environment or --dotenv FILE';
    const lines = gaps.map(
      ({ api, reason }) => `${api}: ${reason.replace(/ \(see \.env\.example\)$/, '')}: ${fix}`,
    );
    throw new UsageError(lines.join('\n'));
  }
  return gaps;
}

/** One line: PASS/FAIL, the counts, and the APIs that were not checked. */
export function verdictLine(run: RunResults): string {
  const s = run.summary;
  const checked = s.pass + s.fail + s.warn + s.error + s.expected;
  const word = checked === 0 ? 'NOTHING CHECKED' : s.fail === 0 && s.error === 0 ? 'PASS' : 'FAIL';
  const expected = s.expected ? `, ${s.expected} expected` : '';
  const notChecked = run.notChecked?.length
    ? ` (${run.notChecked.length} of ${run.apis.length} APIs not checked: ${run.notChecked.map((n) => n.api).join(', ')})`
    : '';
  return `${word}${notChecked}: ${s.pass} passed, ${s.fail} failed, ${s.warn} warnings${expected}, ${s.skip} skipped, ${s.error} errors in ${run.durationMs} ms`;
}

function shownPath(path: string): string {
  return relative(process.cwd(), path) || '.';
}

function readBaseline(path: string) {
  try {
    return readResultsFile(path);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    throw new UsageError(
      `--baseline ${error.message}: give the results.json of an earlier run (e.g. reports/latest/results.json)`,
    );
  }
}

/**
 * The config file's run defaults fill every option not given on the command line (commander says
 * where each value came from); the flags object is updated in place.
 */
function applyConfigDefaults(config: Config, flags: RunFlags, command: Command): void {
  for (const [key, value] of Object.entries(defaultsAsFlags(config.run))) {
    const from = command.getOptionValueSource(key);
    if (from === 'cli' || from === 'env') continue;
    command.setOptionValueWithSource(key, value, 'config');
    (flags as unknown as Record<string, unknown>)[key] = value;
  }
}

/** What the expectations did that the reader must act on: ones that expired or matched nothing. */
function expectationNotes(run: RunResults): string[] {
  const e = run.expectations;
  if (!e) return [];
  return [
    ...e.expired.map(
      (x) =>
        `warning: the expectation at ${e.source}#${x.pointer} expired on ${x.until} ("${x.reason}"): ${x.results.length} result(s) count as failures again`,
    ),
    ...e.unmatched.map(
      (x) =>
        `warning: the expectation at ${e.source}#${x.pointer} (${x.scope}: "${x.reason}") matched no result: remove it if the provider fixed the deviation`,
    ),
  ];
}

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description(
      'Check one or all APIs against the simulators (default) or a live provider, and write the reports.',
    )
    .option('--config <path>', 'the config file (default ./jobs-conformance.config.json when present)')
    .option(
      '--api <id>',
      'API id, comma-separated ids, or all (`jobs-conformance catalogue` lists them)',
      'all',
    )
    .option('--target <target>', 'mock (embedded simulators) or live (settings from .env)', 'mock')
    .option('--allow-writes', 'send POST/PATCH/DELETE (create, cancel, delete jobs); off by default')
    .option(
      '--check <pattern>',
      'only these checks: comma-separated ids or globs, e.g. pagination.*; !pattern excludes (e.g. !enum.known)',
    )
    .option('--report-dir <dir>', 'where reports/<run-id>/ and reports/latest/ go', 'reports')
    .option('--dotenv <path>', 'live settings file (default .env when present)')
    // The old name: Node 20 itself claims --env-file anywhere on its command line (npx fails on it).
    .addOption(new Option('--env-file <path>', 'same as --dotenv').hideHelp())
    .option('--baseline <results.json>', 'mark what is new since this earlier results.json')
    .option(
      '--fail-on <which>',
      'any: every failure or error fails the run; new: only failures and errors new against --baseline',
      'any',
    )
    .option('--budget <n>', 'live: requests allowed per API (default 60, or 150 with --allow-writes)')
    .option('--page-limit <n>', 'live: pages a pagination walk may fetch (default 5)')
    .option('--timeout <seconds>', 'the whole run time limit (live default 600)')
    .option('--request-timeout <seconds>', 'time limit of each request, body included (live default 15)')
    .option(
      '--contracts',
      'also generate the Pact contracts (contracts/pacts/) and check them against the schemas',
    )
    .option(
      '--shard <i/n>',
      'run the i-th of n parts of the checks (split by API, operation and check); `report merge` joins the parts',
    )
    .option(
      '--seed <n>',
      'seed of the generated checks (generated.*); random when absent, named in their results',
    )
    .option(
      '--max-examples <n>',
      'generated requests per operation and generated check (mock default 30; live: the generated checks run only when given)',
    )
    .option(
      '--replay <operation:path>',
      'replay one generated counterexample (with its --seed, as its result says)',
    )
    .addOption(new Option('--fault <ids>', 'mock: inject simulator faults (comma-separated)').hideHelp())
    .action(async (flags: RunFlags, command: Command) => {
      const config = loadConfig(flags.config);
      if (config) applyConfigDefaults(config, flags, command);
      const expectations = config?.expectations.length
        ? new Expectations(config.expectations, config.source)
        : undefined;
      const apis = parseApis(flags.api);
      if (flags.target !== 'mock' && flags.target !== 'live')
        throw new UsageError(`--target '${flags.target}' must be mock or live`);
      const faults = parseFaults(flags.fault, flags.target);
      const budget = positiveInt('--budget', flags.budget);
      const generation = generationFlags(flags);
      const pageLimit = positiveInt('--page-limit', flags.pageLimit);
      const runTimeoutMs = (positiveInt('--timeout', flags.timeout) ?? 0) * 1000 || undefined;
      const requestTimeoutMs =
        (positiveInt('--request-timeout', flags.requestTimeout) ?? 0) * 1000 || undefined;
      const env = flags.target === 'live' ? readEnv(flags.dotenv ?? flags.envFile, process.env) : undefined;
      const unconfigured = env ? unconfiguredApis(flags.api, apis, env) : [];
      // Read the baseline first: a bad path is a usage error before anything is sent.
      const baseline = flags.baseline ? readBaseline(flags.baseline) : undefined;
      const failOn = parseFailOn(flags.failOn, flags.baseline);
      const checks = selectChecks(flags.check);
      const shard = flags.shard !== undefined ? parseShard(flags.shard) : undefined;
      const catalogue = getCatalogue(); // a broken schema file is a usage error before anything is made
      const plans = apis.map((api) => planChecks(catalogue.api(api), checks));
      const inShard = shard
        ? unitsOfShard(
            plans.flat().map((p) => p.id),
            shard,
          )
        : undefined;
      // The run's folder is made before the first request: an unusable --report-dir stops here, and
      // every result reaches its results.ndjson the moment it is known.
      const runId = newRunId();
      const stream = openRunFolder(flags.reportDir, runId);
      for (const { api, reason } of unconfigured)
        process.stderr.write(`jobs-conformance: ${api} not checked: ${reason}\n`);
      const progress = createProgress({
        apis,
        totals: Object.fromEntries(
          apis.map((api, i) => [api, (plans[i] ?? []).filter((p) => !inShard || inShard.has(p.id)).length]),
        ),
        stream: process.stderr,
      });
      // SIGINT, SIGTERM, SIGHUP: stop the checks (requests under way are aborted), still cancel what
      // the run created and write the results so far, then exit 128 + the signal. A second one exits at once.
      const trap = trapTerminationSignals((signal) => {
        process.stderr.write(
          `\njobs-conformance: interrupted (${signal}): stopping the checks, cancelling the jobs this run created, writing the results so far (send it again to quit at once)\n`,
        );
      });
      try {
        let raw: RunResults;
        try {
          raw = await runConformance({
            apis,
            target: flags.target,
            allowWrites: flags.allowWrites === true,
            checks: flags.check,
            env,
            ...(faults ? { simulator: { faults } } : {}),
            budget,
            pageLimit,
            runTimeoutMs,
            requestTimeoutMs,
            ...(flags.contracts ? { contracts: {} } : {}),
            ...(shard ? { shard } : {}),
            generation,
            runId,
            signal: trap.signal,
            onResult: (raw) => {
              const r = expectations ? expectations.apply(raw) : raw;
              stream.append(r);
              // Contract findings are results too: counted, so the totals agree with the verdict line.
              progress.checkDone(r.api, r.status, `${r.operation} › ${r.check}`);
            },
          });
        } finally {
          stream.close();
        }
        const expected = expectations ? expectations.applyToRun(raw) : raw;
        // The expectations' own warnings (one that matched nothing) count as results too.
        for (const r of expected.results.slice(raw.results.length))
          progress.checkDone(r.api, r.status, `${r.operation} › ${r.check}`);
        progress.finish();
        const run = baseline ? applyBaseline(expected, baseline, flags.baseline) : expected;
        const written = writeReports(run, { reportDir: flags.reportDir });
        process.stdout.write(`${verdictLine(run)}\nreports: ${shownPath(written.dir)}\n`);
        for (const note of expectationNotes(run)) process.stderr.write(`jobs-conformance: ${note}\n`);
        const problems = [
          ...(stream.problem ? [stream.problem] : []),
          ...written.failures.map((f) => f.message),
        ];
        for (const problem of problems) process.stderr.write(`jobs-conformance: ${problem}\n`);
        if (trap.received) {
          const code = signalExitCode(trap.received);
          process.stderr.write(
            `jobs-conformance: interrupted (${trap.received}): the results above are partial (exit ${code})\n`,
          );
          process.exitCode = code;
          return;
        }
        const s = run.summary;
        if (s.pass + s.fail + s.warn + s.error + s.expected === 0) {
          process.stderr.write(
            `jobs-conformance: nothing was checked: all ${s.skip} selected checks were skipped (see the reasons in ${shownPath(written.files.results)}; --allow-writes runs the write checks)\n`,
          );
          process.exitCode = EXIT.usage;
          return;
        }
        if (failOn === 'new' && (s.fail > 0 || s.error > 0) && !resultsFail(run, failOn))
          process.stdout.write(
            `--fail-on new: the ${s.fail + s.error} failure(s) and error(s) are all in the baseline; none is new\n`,
          );
        const failed = resultsFail(run, failOn) || problems.length > 0;
        process.exitCode = failed ? EXIT.failures : EXIT.pass;
      } finally {
        trap.dispose();
      }
    });
}
