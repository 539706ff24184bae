import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { UsageError } from '../core/index.ts';

/**
 * Publishing and can-i-deploy through the official pact-cli binaries (@pact-foundation/pact-cli,
 * `pact-broker` subcommands). Credentials go to the child process through its environment, never
 * on the command line, and are redacted from anything echoed back.
 */

export interface BrokerSettings {
  baseUrl: string;
  token?: string;
  username?: string;
  password?: string;
}

/** The broker URL and credentials from flags and the environment; a missing one names the setting. */
export function brokerSettings(
  flags: { brokerUrl?: string },
  env: NodeJS.ProcessEnv = process.env,
): BrokerSettings {
  const baseUrl = flags.brokerUrl ?? env.PACT_BROKER_BASE_URL;
  if (!baseUrl) {
    throw new UsageError('no Pact Broker URL: set PACT_BROKER_BASE_URL or pass --broker-url');
  }
  try {
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    throw new UsageError(`PACT_BROKER_BASE_URL / --broker-url is not an http(s) URL: '${baseUrl}'`);
  }
  const token = env.PACT_BROKER_TOKEN || undefined;
  const username = env.PACT_BROKER_USERNAME || undefined;
  const password = env.PACT_BROKER_PASSWORD || undefined;
  if (token && (username || password)) {
    throw new UsageError(
      'set either PACT_BROKER_TOKEN or PACT_BROKER_USERNAME + PACT_BROKER_PASSWORD, not both',
    );
  }
  if (Boolean(username) !== Boolean(password)) {
    throw new UsageError(
      username
        ? 'PACT_BROKER_USERNAME is set but PACT_BROKER_PASSWORD is not'
        : 'PACT_BROKER_PASSWORD is set but PACT_BROKER_USERNAME is not',
    );
  }
  return { baseUrl, token, username, password };
}

/** The short commit and the current branch of the checkout, for version and branch defaults. */
export function gitDefaults(cwd = process.cwd()): { version?: string; branch?: string } {
  const git = (args: string[]) => {
    try {
      return (
        execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() ||
        undefined
      );
    } catch {
      return undefined;
    }
  };
  const branch = git(['rev-parse', '--abbrev-ref', 'HEAD']);
  return { version: git(['rev-parse', '--short', 'HEAD']), branch: branch === 'HEAD' ? undefined : branch };
}

/** Replaces every credential value (and the basic-auth header form) in text. */
export function redactSecrets(text: string, settings: BrokerSettings): string {
  const secrets = [settings.token, settings.password];
  if (settings.username && settings.password) {
    secrets.push(Buffer.from(`${settings.username}:${settings.password}`).toString('base64'));
  }
  let out = text;
  // Longest first, so a secret inside another's encoding cannot leave a fragment behind.
  const ordered = secrets.filter((s): s is string => Boolean(s)).sort((a, b) => b.length - a.length);
  for (const secret of ordered) out = out.split(secret).join('[redacted]');
  return out;
}

export interface CliRun {
  /** The child's exit code (pact-broker: 0 yes/ok, 1 no/failed). */
  exitCode: number;
  /** stdout + stderr, credentials redacted. */
  output: string;
  /** The command as run, credentials never in it. */
  command: string;
}

const require = createRequire(import.meta.url);

/** The pact-broker entry script of the installed pact-cli (run with this Node, no shell). */
export function pactBrokerScript(): string {
  return require.resolve('@pact-foundation/pact-cli/bin/pact-broker.js');
}

/** Runs `pact-broker <args>` with the settings in the child's environment. */
export function runPactBroker(args: string[], settings: BrokerSettings): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('PACT_BROKER_')) delete env[key];
  env.PACT_BROKER_BASE_URL = settings.baseUrl;
  if (settings.token) env.PACT_BROKER_TOKEN = settings.token;
  if (settings.username) env.PACT_BROKER_USERNAME = settings.username;
  if (settings.password) env.PACT_BROKER_PASSWORD = settings.password;
  // pact-cli retries 5xx up to 8 times with back-off by default; keep a broken broker quick to report.
  env.PACT_BROKER_HTTP_RETRIES = process.env.PACT_BROKER_HTTP_RETRIES ?? '1';
  const command = `pact-broker ${args.join(' ')}`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [pactBrokerScript(), ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.on('error', (error) => reject(new Error(`cannot run pact-broker: ${error.message}`)));
    child.on('close', (code) =>
      resolve({ exitCode: code ?? 1, output: redactSecrets(output, settings), command }),
    );
  });
}

export interface PublishOptions {
  pactDir: string;
  consumerVersion: string;
  branch?: string;
  tags?: string[];
  buildUrl?: string;
}

export function publishPacts(settings: BrokerSettings, options: PublishOptions): Promise<CliRun> {
  const args = ['publish', options.pactDir, '--consumer-app-version', options.consumerVersion];
  if (options.branch) args.push('--branch', options.branch);
  // pact-cli 18 takes --tag once, with several tags comma-separated.
  if (options.tags?.length) args.push('--tag', options.tags.join(','));
  if (options.buildUrl) args.push('--build-url', options.buildUrl);
  return runPactBroker(args, settings);
}

export interface CanIDeployOptions {
  pacticipant: string;
  version: string;
  toEnvironment?: string;
}

export function canIDeploy(settings: BrokerSettings, options: CanIDeployOptions): Promise<CliRun> {
  const args = ['can-i-deploy', '--pacticipant', options.pacticipant, '--version', options.version];
  if (options.toEnvironment) args.push('--to-environment', options.toEnvironment);
  return runPactBroker(args, settings);
}

export function recordDeployment(
  settings: BrokerSettings,
  options: { pacticipant: string; version: string; environment: string },
): Promise<CliRun> {
  return runPactBroker(
    [
      'record-deployment',
      '--pacticipant',
      options.pacticipant,
      '--version',
      options.version,
      '--environment',
      options.environment,
    ],
    settings,
  );
}
