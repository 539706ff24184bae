import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { VerifierOptions } from '@pact-foundation/pact';
import { type ApiId, apiIds, getCatalogue } from '../catalogue/index.ts';
import { type Target, UsageError } from '../core/index.ts';
import { createHttpClient, type HttpClient, registerCredentials } from '../http/index.ts';
import { simulatorPlugins } from '../providers/index.ts';
import { type SimulatorSet, startSimulators } from '../simulators/index.ts';
import type { BrokerSettings } from './broker.ts';
import { pathPattern } from './compare.ts';
import { defaultPactDir } from './config.ts';
import { readPactDir } from './pact-file.ts';
import { providerApiBackend } from './provider-api-states.ts';
import { type StateAdapter, startStateAdapter } from './state-adapter.ts';
import { type StateBackend, simulatorControlBackend } from './state-backend.ts';
import type { ChildOptions, ChildResult } from './verifier-protocol.ts';
import { type InteractionOutcome, interactionOutcomes } from './verify-results.ts';

/**
 * Provider verification with the Pact verifier: each pact replayed against the simulators (started
 * in-process by default) or any implementation at providerBaseUrl. The verifier reaches provider
 * states through Pact's state-change protocol, at the endpoint of state-adapter.ts, whose backend
 * is the provider's own API (with the live settings of each API: discovery, and creating jobs only
 * when writes are allowed) or a simulator's control API. Against a provider URL the verification
 * is read-only unless allowWrites: writes are not sent, and are reported as not verified.
 * The verifier runs in a child process (verifier-process.ts) whose report goes to the log.
 */

export interface VerifyOptions {
  pactDir?: string;
  /** Pact URLs instead of the files in pactDir. */
  pactUrls?: { api: ApiId; url: string }[];
  /**
   * Fetch the pacts from a Pact Broker (the latest of each consumer, or of a branch) instead; the
   * only source whose verification results can be published.
   */
  broker?: { settings: BrokerSettings; consumerBranch?: string };
  /** Verify only these providers (API ids). */
  apis?: readonly ApiId[];
  /** One implementation for every selected API; default: the simulators, in-process. */
  providerBaseUrl?: string;
  /**
   * The settings of each API as a live run reads them (credentials, path values, an existing job):
   * provider states are then reached over the provider's API. Needed with providerBaseUrl unless
   * stateControlUrl names a simulator control surface.
   */
  targets?: Partial<Record<ApiId, Target>>;
  /** A simulator control surface (`/__simulator/...`) that sets the provider states instead. */
  stateControlUrl?: string;
  /** Against a provider URL: send writes and create (then cancel) jobs for the states. */
  allowWrites?: boolean;
  /** Requests the state backend may send per API (the verifier sends one per interaction). */
  budget?: number;
  /** How long the provider refuses a create after the last one (APIs that declare a cooldown). */
  createCooldownMs?: number;
  /** Where the verifier's full log goes (redacted); it is also handed to onLog. */
  logFile?: string;
  onLog?: (text: string) => void;
  publish?: { settings: BrokerSettings; providerVersion: string; branch?: string };
  logLevel?: 'error' | 'warn' | 'info' | 'debug';
}

export interface VerifyOutcome {
  api: ApiId;
  source: string;
  providerBaseUrl: string;
  /** Who set the provider states. */
  states: string;
  /** No interaction failed (interactions not verified do not count against it). */
  ok: boolean;
  interactions: InteractionOutcome[];
  /** Why the verification of this API could not run at all. */
  error?: string;
}

export interface VerifyReport {
  outcomes: VerifyOutcome[];
  ok: boolean;
  counts: { verified: number; failed: number; notVerified: number };
}

export type { InteractionOutcome } from './verify-results.ts';

// biome-ignore lint/suspicious/noControlCharactersInRegex: the escape character starts every colour code
const ANSI = /\u001b\[[0-9;]*m/g;
// The child is this module's sibling: TypeScript run through tsx from the sources, JavaScript as built.
const SELF = fileURLToPath(import.meta.url);
const CHILD = join(dirname(SELF), `verifier-process${extname(SELF)}`);
const childArgs = () =>
  extname(SELF) === '.ts'
    ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href, CHILD]
    : [CHILD];

function brokerAuth(settings: BrokerSettings) {
  return {
    ...(settings.token ? { pactBrokerToken: settings.token } : {}),
    ...(settings.username
      ? { pactBrokerUsername: settings.username, pactBrokerPassword: settings.password }
      : {}),
  };
}

function checkUrls(options: VerifyOptions): void {
  for (const [flag, value] of [
    ['--provider-base-url', options.providerBaseUrl],
    ['--state-control-url', options.stateControlUrl],
  ] as const) {
    if (value === undefined) continue;
    try {
      new URL(value);
    } catch {
      throw new UsageError(`${flag} is not a URL: '${value}'`);
    }
  }
}

function pactSources(options: VerifyOptions): { api: ApiId; source: string }[] {
  const wanted = new Set<ApiId>(options.apis ?? apiIds());
  if (options.publish && !options.broker) {
    throw new UsageError(
      'publishing verification results needs the pacts from a broker (set PACT_BROKER_BASE_URL or --broker-url)',
    );
  }
  if (options.broker) return [...wanted].map((api) => ({ api, source: options.broker!.settings.baseUrl }));
  if (options.pactUrls)
    return options.pactUrls.filter((p) => wanted.has(p.api)).map((p) => ({ api: p.api, source: p.url }));
  const dir = options.pactDir ?? defaultPactDir();
  const sources = readPactDir(dir)
    .filter(({ pact }) => wanted.has(pact.provider.name as ApiId))
    .map(({ path, pact }) => ({ api: pact.provider.name as ApiId, source: path }));
  if (sources.length === 0)
    throw new UsageError(`no pact in ${dir} names a provider among ${[...wanted].join(', ')}`);
  return sources;
}

/** The requests a read-only verification does not send: every write operation of the API. */
function writeRules(api: ApiId): ChildOptions['refuse'] {
  const model = getCatalogue().api(api);
  return model.operations
    .filter((op) => op.writes)
    .map((op) => ({ method: op.method, pattern: pathPattern(model, op) }));
}

/** Runs the verifier in its child process; its output goes to `log`. */
function runVerifier(options: ChildOptions, log: (text: string) => void): Promise<ChildResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, childArgs(), {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let result: ChildResult | undefined;
    child.stdout!.on('data', (d: Buffer) => log(d.toString('utf8')));
    child.stderr!.on('data', (d: Buffer) => log(d.toString('utf8')));
    child.on('message', (message: ChildResult) => {
      result = message;
    });
    child.on('error', (error) =>
      resolve({ ok: false, error: `the verifier did not start: ${error.message}` }),
    );
    child.on('close', (code, signal) =>
      resolve(
        result ?? {
          ok: false,
          error: `the verifier process ended (${signal ?? `exit ${code}`}) without a result`,
        },
      ),
    );
    child.send(options);
  });
}

export async function verifyPacts(options: VerifyOptions = {}): Promise<VerifyReport> {
  checkUrls(options);
  const sources = pactSources(options);
  const remote = options.providerBaseUrl !== undefined;
  if (remote && !options.stateControlUrl)
    for (const { api } of sources)
      if (!options.targets?.[api])
        throw new UsageError(
          `${api}: no settings to reach its provider states over the API (credentials, path values): set them in .env (see .env.example) or pass --dotenv FILE`,
        );
  const readOnly = remote && options.allowWrites !== true;
  if (options.logFile) {
    mkdirSync(dirname(options.logFile), { recursive: true });
    writeFileSync(options.logFile, '');
  }

  let simulators: SimulatorSet | undefined;
  const outcomes: VerifyOutcome[] = [];
  try {
    if (!remote)
      simulators = await startSimulators({
        apis: [...new Set(sources.map((s) => s.api))],
        plugins: simulatorPlugins,
      });
    for (const { api, source } of sources) {
      const providerBaseUrl = options.providerBaseUrl ?? simulators!.target(api).baseUrl;
      let http: HttpClient | undefined;
      let backend: StateBackend;
      if (!remote || options.stateControlUrl) {
        backend = simulatorControlBackend(new URL(options.stateControlUrl ?? providerBaseUrl).origin, api);
      } else {
        const target = { ...options.targets![api]!, baseUrl: providerBaseUrl.replace(/\/+$/, '') };
        http = createHttpClient({
          maxRetries: 2,
          timeoutMs: 15_000,
          ...(options.budget ? { budget: options.budget } : {}),
        });
        registerCredentials(http.redactor, target.credentials);
        for (const secret of target.secrets ?? []) http.redactor.registerSecret(secret);
        backend = providerApiBackend({
          target,
          http,
          allowWrites: !readOnly,
          createCooldownMs: options.createCooldownMs ?? 30_000,
        });
      }
      const redact = (text: string) => (http ? http.redactor.redactText(text) : text);
      const log = (text: string) => {
        // The verifier colours its report; the log is plain text.
        const clean = redact(text.replace(ANSI, ''));
        if (options.logFile) appendFileSync(options.logFile, clean);
        options.onLog?.(clean);
      };
      log(`\n=== ${api}: ${source} against ${providerBaseUrl}; provider states by ${backend.name} ===\n`);
      let adapter: StateAdapter | undefined;
      try {
        adapter = await startStateAdapter(backend);
        const verifier: VerifierOptions = {
          provider: api,
          providerBaseUrl,
          ...(options.broker
            ? {
                pactBrokerUrl: options.broker.settings.baseUrl,
                consumerVersionSelectors: [
                  options.broker.consumerBranch
                    ? { branch: options.broker.consumerBranch }
                    : { latest: true },
                ],
                ...brokerAuth(options.broker.settings),
              }
            : { pactUrls: [source] }),
          providerStatesSetupUrl: adapter.url,
          logLevel: options.logLevel ?? 'error',
          ...(options.publish
            ? {
                publishVerificationResult: true,
                providerVersion: options.publish.providerVersion,
                ...(options.publish.branch ? { providerVersionBranch: options.publish.branch } : {}),
                ...brokerAuth(options.publish.settings),
              }
            : {}),
        };
        const result = await runVerifier({ verifier, refuse: readOnly ? writeRules(api) : [] }, log);
        const interactions = result.json ? interactionOutcomes(api, result.json, adapter, redact) : [];
        const error = result.json ? undefined : redact(result.error ?? 'the verifier gave no result');
        outcomes.push({
          api,
          source,
          providerBaseUrl,
          states: backend.name,
          ok: !error && interactions.every((i) => i.status !== 'failed'),
          interactions,
          ...(error ? { error } : {}),
        });
      } finally {
        await adapter?.close();
        await backend.close().catch((e: unknown) => log(`clean-up failed: ${(e as Error).message}\n`));
        await http?.close();
      }
    }
  } finally {
    await simulators?.close();
  }
  const all = outcomes.flatMap((o) => o.interactions);
  const count = (status: InteractionOutcome['status']) => all.filter((i) => i.status === status).length;
  return {
    outcomes,
    ok: outcomes.every((o) => o.ok),
    counts: { verified: count('verified'), failed: count('failed'), notVerified: count('not verified') },
  };
}
