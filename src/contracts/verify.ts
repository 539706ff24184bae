import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import { type ApiId, apiIds } from '../catalogue/index.ts';
import { UsageError } from '../core/index.ts';
import { simulatorPlugins } from '../providers/index.ts';
import { type SimulatorSet, startSimulators } from '../simulators/index.ts';
import type { BrokerSettings } from './broker.ts';
import { defaultPactDir } from './config.ts';
import { readPactDir } from './pact-file.ts';
import { STATES, setUpState, tearDownState } from './states.ts';

/**
 * Provider verification with the Pact Verifier: each pact replayed against the simulators (started
 * in-process by default) or any implementation at --provider-base-url, with a state handler per
 * contract state that puts the simulator in that state through its control surface.
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
   * Where the simulator control surface (`/__simulator/...`) that sets provider states lives;
   * default: the origin of the provider base URL.
   */
  stateControlUrl?: string;
  publish?: { settings: BrokerSettings; providerVersion: string; branch?: string };
  logLevel?: 'error' | 'warn' | 'info' | 'debug';
}

export interface VerifyOutcome {
  api: ApiId;
  source: string;
  providerBaseUrl: string;
  ok: boolean;
  /** The verifier's failure summary, when it failed. */
  error?: string;
}

export interface VerifyReport {
  outcomes: VerifyOutcome[];
  ok: boolean;
}

function stateHandlers(origin: string, api: ApiId): VerifierOptions['stateHandlers'] {
  return Object.fromEntries(
    Object.values(STATES).map((name) => [
      name,
      {
        setup: async (params?: unknown) =>
          setUpState(origin, api, name, (params ?? {}) as Record<string, unknown>),
        teardown: async () => tearDownState(origin),
      },
    ]),
    // The DSL types state values as JSON maps; ours are string maps (a subset).
  ) as unknown as VerifierOptions['stateHandlers'];
}

function brokerAuth(settings: BrokerSettings) {
  return {
    ...(settings.token ? { pactBrokerToken: settings.token } : {}),
    ...(settings.username
      ? { pactBrokerUsername: settings.username, pactBrokerPassword: settings.password }
      : {}),
  };
}

export async function verifyPacts(options: VerifyOptions = {}): Promise<VerifyReport> {
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
  const wanted = new Set<ApiId>(options.apis ?? apiIds());
  let sources: { api: ApiId; source: string }[];
  if (options.publish && !options.broker) {
    throw new UsageError(
      'publishing verification results needs the pacts from a broker (set PACT_BROKER_BASE_URL or --broker-url)',
    );
  }
  if (options.broker) {
    sources = [...wanted].map((api) => ({ api, source: options.broker!.settings.baseUrl }));
  } else if (options.pactUrls) {
    sources = options.pactUrls.filter((p) => wanted.has(p.api)).map((p) => ({ api: p.api, source: p.url }));
  } else {
    const dir = options.pactDir ?? defaultPactDir();
    sources = readPactDir(dir)
      .filter(({ pact }) => wanted.has(pact.provider.name as ApiId))
      .map(({ path, pact }) => ({ api: pact.provider.name as ApiId, source: path }));
    if (sources.length === 0) {
      throw new UsageError(`no pact in ${dir} names a provider among ${[...wanted].join(', ')}`);
    }
  }

  let simulators: SimulatorSet | undefined;
  const outcomes: VerifyOutcome[] = [];
  try {
    if (!options.providerBaseUrl) {
      simulators = await startSimulators({
        apis: [...new Set(sources.map((s) => s.api))],
        plugins: simulatorPlugins,
      });
    }
    for (const { api, source } of sources) {
      const providerBaseUrl = options.providerBaseUrl ?? simulators!.target(api).baseUrl;
      const origin = new URL(options.stateControlUrl ?? providerBaseUrl).origin;
      const publish = options.publish;
      const broker = options.broker;
      const verifier = new Verifier({
        provider: api,
        providerBaseUrl,
        ...(broker
          ? {
              pactBrokerUrl: broker.settings.baseUrl,
              consumerVersionSelectors: [
                broker.consumerBranch ? { branch: broker.consumerBranch } : { latest: true },
              ],
              ...brokerAuth(broker.settings),
            }
          : { pactUrls: [source] }),
        stateHandlers: stateHandlers(origin, api),
        logLevel: options.logLevel ?? 'error',
        ...(publish
          ? {
              publishVerificationResult: true,
              providerVersion: publish.providerVersion,
              ...(publish.branch ? { providerVersionBranch: publish.branch } : {}),
              ...brokerAuth(publish.settings),
            }
          : {}),
      });
      try {
        await verifier.verifyProvider();
        outcomes.push({ api, source, providerBaseUrl, ok: true });
      } catch (error) {
        outcomes.push({ api, source, providerBaseUrl, ok: false, error: (error as Error).message });
      }
    }
  } finally {
    await simulators?.close();
  }
  return { outcomes, ok: outcomes.every((o) => o.ok) };
}
