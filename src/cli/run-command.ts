import { type Command, Option } from 'commander';
import { API_IDS, type ApiId, getCatalogue } from '../catalogue/index.ts';
import { applyBaseline, createProgress, readResultsFile, writeReports } from '../reports/index.ts';
import { liveTargets, readEnv } from '../runner/live-targets.ts';
import { planChecks, selectChecks } from '../runner/plan.ts';
import { runConformance } from '../runner/run.ts';
import { FAULT_IDS, type FaultId, isFaultId } from '../simulators/index.ts';
import { EXIT, UsageError } from './errors.ts';

interface RunFlags {
  api: string;
  target: string;
  allowWrites?: boolean;
  check?: string;
  reportDir: string;
  envFile?: string;
  baseline?: string;
  budget?: string;
  pageLimit?: string;
  timeout?: string;
  fault?: string;
  contracts?: boolean;
}

export function parseApis(value: string): ApiId[] {
  if (value === 'all') return [...API_IDS];
  const apis = value.split(',').map((a) => a.trim());
  for (const api of apis) {
    if (!(API_IDS as readonly string[]).includes(api))
      throw new UsageError(`--api '${api}' is not an API id (use all or ${API_IDS.join(', ')})`);
  }
  return apis as ApiId[];
}

export function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) <= 0)
    throw new UsageError(`${flag} '${value}' must be a positive whole number`);
  return Number(value);
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
 * liveTargets), and so are missing settings of an API named with --api. With --api all an API
 * without settings is skipped, so a .env for one provider is enough.
 */
function requireNamedSettings(apiFlag: string, apis: readonly ApiId[], env: NodeJS.ProcessEnv): void {
  const { skipped } = liveTargets(env, apis);
  if (apiFlag === 'all') return;
  const first = apis.find((api) => skipped[api]);
  if (first) {
    const what = skipped[first]!.replace(/ \(see \.env\.example\)$/, '');
    throw new UsageError(
      `${first}: ${what}: set them in .env (see .env.example), the environment or --env-file`,
    );
  }
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

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description(
      'Check one or all APIs against the simulators (default) or a live provider, and write the reports.',
    )
    .option('--api <id>', `API id, comma-separated ids, or all (${API_IDS.join(', ')})`, 'all')
    .option('--target <target>', 'mock (embedded simulators) or live (settings from .env)', 'mock')
    .option('--allow-writes', 'send POST/PATCH/DELETE (create, cancel, delete jobs); off by default')
    .option('--check <pattern>', 'only these checks: comma-separated ids or globs, e.g. pagination.*')
    .option('--report-dir <dir>', 'where reports/<run-id>/ and reports/latest/ go', 'reports')
    .option('--env-file <path>', 'live settings file (default .env when present)')
    .option('--baseline <results.json>', 'mark what is new since this earlier results.json')
    .option('--budget <n>', 'live: requests allowed per API (default 60, or 150 with --allow-writes)')
    .option('--page-limit <n>', 'live: pages a pagination walk may fetch (default 5)')
    .option('--timeout <seconds>', 'the whole run time limit')
    .option(
      '--contracts',
      'also generate the Pact contracts (contracts/pacts/) and check them against the schemas',
    )
    .addOption(new Option('--fault <ids>', 'mock: inject simulator faults (comma-separated)').hideHelp())
    .action(async (flags: RunFlags) => {
      const apis = parseApis(flags.api);
      if (flags.target !== 'mock' && flags.target !== 'live')
        throw new UsageError(`--target '${flags.target}' must be mock or live`);
      const faults = parseFaults(flags.fault, flags.target);
      const budget = positiveInt('--budget', flags.budget);
      const pageLimit = positiveInt('--page-limit', flags.pageLimit);
      const runTimeoutMs = (positiveInt('--timeout', flags.timeout) ?? 0) * 1000 || undefined;
      const env = flags.target === 'live' ? readEnv(flags.envFile, process.env) : undefined;
      if (env) requireNamedSettings(flags.api, apis, env);
      // Read the baseline first: a bad path is a usage error before anything is sent.
      const baseline = flags.baseline ? readBaseline(flags.baseline) : undefined;
      const checks = selectChecks(flags.check);
      const progress = createProgress({
        apis,
        totals: Object.fromEntries(
          apis.map((api) => [api, planChecks(getCatalogue().api(api), checks).length]),
        ),
        stream: process.stderr,
      });
      // Ctrl-C: stop the checks (requests under way are aborted), still cancel what the run
      // created and write the results so far, then exit 130. A second Ctrl-C exits at once.
      const interrupt = new AbortController();
      const onSigint = () => {
        if (interrupt.signal.aborted) process.exit(EXIT.interrupted);
        process.stderr.write(
          '\njobs-conformance: interrupted (SIGINT): stopping the checks, cancelling the jobs this run created, writing the results so far (Ctrl-C again to quit at once)\n',
        );
        interrupt.abort(new Error('interrupted (SIGINT)'));
      };
      process.on('SIGINT', onSigint);
      const raw = await runConformance({
        apis,
        target: flags.target,
        allowWrites: flags.allowWrites === true,
        checks: flags.check,
        env,
        ...(faults ? { simulator: { faults } } : {}),
        budget,
        pageLimit,
        runTimeoutMs,
        ...(flags.contracts ? { contracts: {} } : {}),
        signal: interrupt.signal,
        onResult: (r) => progress.checkDone(r.api, r.status, `${r.operation} › ${r.check}`),
      }).finally(() => process.off('SIGINT', onSigint));
      progress.finish();
      const run = baseline ? applyBaseline(raw, baseline, flags.baseline) : raw;
      const written = writeReports(run, { reportDir: flags.reportDir });
      const s = run.summary;
      process.stdout.write(
        `${s.fail === 0 && s.error === 0 ? 'PASS' : 'FAIL'}: ${s.pass} passed, ${s.fail} failed, ${s.warn} warnings, ${s.skip} skipped, ${s.error} errors in ${run.durationMs} ms\n` +
          `reports: ${written.dir}\n`,
      );
      if (interrupt.signal.aborted) {
        process.stderr.write('jobs-conformance: interrupted: the results above are partial (exit 130)\n');
        process.exitCode = EXIT.interrupted;
        return;
      }
      process.exitCode = s.fail > 0 || s.error > 0 ? EXIT.failures : EXIT.pass;
    });
}
