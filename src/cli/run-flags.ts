// The run command's flags and what it makes of them (also used by the contracts commands).
import { type ApiId, apiIds } from '../catalogue/index.ts';
import { type RunResults, UsageError } from '../core/index.ts';
import { liveTargets } from '../runner/index.ts';
import { FAULT_IDS, type FaultId, isFaultId } from '../simulators/index.ts';

export interface RunFlags {
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
