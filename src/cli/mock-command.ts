import { type Command, InvalidArgumentError, Option } from 'commander';
import { type ApiId, apiIds } from '../catalogue/index.ts';
import { UsageError } from '../core/index.ts';
import { simulatorPlugins } from '../providers/index.ts';
import {
  CONTROL_PREFIX,
  FAULT_IDS,
  type FaultId,
  isFaultId,
  SimulatorOptionsError,
  type SimulatorSet,
  servableApis,
  startSimulators,
} from '../simulators/index.ts';

export interface MockOptions {
  api: string[];
  port: number;
  host: string;
  seed: number;
  jobs: number;
  fault: string[];
  /** false: no control surface (only the provider's API is served). */
  control?: boolean;
  rateLimit?: boolean;
  cooldownMs?: number;
  jobDurationMs?: number;
}

function integer(name: string, min: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min)
      throw new InvalidArgumentError(`${name} must be an integer >= ${min}, got '${value}'.`);
    return Number(value);
  };
}

const collect = (value: string, previous: string[] = []) => [
  ...previous,
  ...value.split(',').filter(Boolean),
];

/** --api values to API ids ('all' = every API a simulator serves); unknown → UsageError. */
export function resolveApis(values: readonly string[]): ApiId[] {
  const servable = servableApis();
  if (values.length === 0 || values.includes('all')) return servable;
  const apis: ApiId[] = [];
  for (const value of values) {
    if (!apiIds().includes(value) || !servable.includes(value as ApiId))
      throw new UsageError(`unknown --api '${value}' (valid: all, ${servable.join(', ')})`);
    if (!apis.includes(value as ApiId)) apis.push(value as ApiId);
  }
  return apis;
}

export function resolveFaults(values: readonly string[]): FaultId[] {
  for (const value of values)
    if (!isFaultId(value))
      throw new UsageError(`unknown --fault '${value}' (valid: ${FAULT_IDS.join(', ')})`);
  return [...new Set(values)] as FaultId[];
}

/** What `mock` prints once the servers are up: per server, each API's base URL, path values, credentials, control URL. */
export function describeSet(
  set: SimulatorSet,
  options: { seed: number; jobs: number; control?: boolean },
): string {
  const lines: string[] = [];
  const faults = [...set.faults];
  lines.push(
    `mock: seed ${options.seed}, ${options.jobs} jobs per API, faults: ${faults.length ? faults.join(', ') : 'none'}`,
  );
  for (const server of set.servers) {
    lines.push('', `${server.name}  ${server.origin}`);
    for (const api of server.apis) {
      const target = set.target(api);
      const params = Object.entries(target.pathParams)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      lines.push(`  ${api.padEnd(32)} ${target.baseUrl}${params ? `  ${params}` : ''}`);
    }
    const credentials = Object.entries(server.credentials)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    lines.push(`  credentials: ${credentials}`);
    lines.push(
      options.control === false
        ? "  control: off (only the provider's API is served)"
        : `  control: ${server.origin}${CONTROL_PREFIX}  (POST /advance, GET|PUT /faults, POST /reset, POST /state, GET /requests)`,
    );
  }
  lines.push('', 'Serving until interrupted (Ctrl-C).');
  return `${lines.join('\n')}\n`;
}

/** Starts the simulators and serves until `stop` resolves; then closes them. */
export async function runMock(
  options: MockOptions,
  stop: Promise<unknown>,
  write: (text: string) => void = (t) => process.stdout.write(t),
): Promise<void> {
  const apis = resolveApis(options.api);
  const faults = resolveFaults(options.fault);
  let set: SimulatorSet;
  try {
    set = await startSimulators({
      apis,
      plugins: simulatorPlugins,
      faults,
      port: options.port,
      host: options.host,
      control: options.control !== false,
      seed: options.seed,
      jobs: options.jobs,
      rateLimit: options.rateLimit,
      cooldownMs: options.cooldownMs,
      jobDurationMs: options.jobDurationMs,
    });
  } catch (error) {
    if (error instanceof SimulatorOptionsError) throw new UsageError(error.message);
    throw error;
  }
  write(describeSet(set, options));
  await stop;
  await set.close();
  write('mock: stopped\n');
}

export function registerMockCommand(program: Command): void {
  program
    .command('mock')
    .description('Serve the API simulators over HTTP until interrupted.')
    .addOption(
      new Option(
        '--api <id>',
        'API to serve: all or an API id (repeatable; `jobs-conformance catalogue` lists them)',
      ).argParser(collect),
    )
    .option(
      '--port <n>',
      'port of the first server (the next servers take the following ports); 0 = any',
      integer('--port', 0),
      0,
    )
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--seed <n>', 'seed of the generated data', integer('--seed', 0), 1)
    .option('--jobs <n>', 'jobs seeded per API', integer('--jobs', 0), 300)
    .addOption(
      new Option('--fault <id...>', 'fault(s) to inject (repeatable; see faults list)').argParser(collect),
    )
    .option(
      '--no-control',
      "serve only the provider's API: no control surface (/__simulator/...), as a real implementation",
    )
    .option('--rate-limit', "enforce each API's documented rate limit (x-rate-limit)")
    .option(
      '--cooldown-ms <n>',
      'minimum gap between two creates (APIs whose create cools down)',
      integer('--cooldown-ms', 0),
    )
    .option('--job-duration-ms <n>', 'how long a created job runs', integer('--job-duration-ms', 0))
    .action(async (raw: Partial<MockOptions>) => {
      const options: MockOptions = {
        api: raw.api ?? ['all'],
        port: raw.port ?? 0,
        host: raw.host ?? '127.0.0.1',
        seed: raw.seed ?? 1,
        jobs: raw.jobs ?? 300,
        fault: raw.fault ?? [],
        control: raw.control !== false,
        rateLimit: raw.rateLimit,
        cooldownMs: raw.cooldownMs,
        jobDurationMs: raw.jobDurationMs,
      };
      const stop = new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      await runMock(options, stop);
    });
}
