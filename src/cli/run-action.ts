// What `run` does once its flags are read; loaded by run-command.ts after it has started the contract
// thread, since loading the engine is most of the start-up.
import { relative } from 'node:path';
import type { Command } from 'commander';
import { getCatalogue } from '../catalogue/index.ts';
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
  newRunId,
  parseShard,
  planChecks,
  readEnv,
  runConformance,
  selectChecks,
  unitsOfShard,
} from '../runner/index.ts';
import { type Config, defaultsAsFlags, loadConfig } from './config.ts';
import { EXIT } from './exit.ts';
import {
  generationFlags,
  parseApis,
  parseFailOn,
  parseFaults,
  positiveInt,
  type RunFlags,
  resultsFail,
  unconfiguredApis,
  verdictLine,
} from './run-flags.ts';
import { signalExitCode, trapTerminationSignals } from './signals.ts';

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

export async function runAction(flags: RunFlags, command: Command): Promise<void> {
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
  const requestTimeoutMs = (positiveInt('--request-timeout', flags.requestTimeout) ?? 0) * 1000 || undefined;
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
    const problems = [...(stream.problem ? [stream.problem] : []), ...written.failures.map((f) => f.message)];
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
}
