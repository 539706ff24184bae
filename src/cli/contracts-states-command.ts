import type { Command } from 'commander';
import { type ApiId, apiIds } from '../catalogue/index.ts';
import { providerApiBackend, startStateAdapter } from '../contracts/index.ts';
import { UsageError } from '../core/index.ts';
import { createHttpClient, registerCredentials } from '../http/index.ts';
import { liveTargets, readEnv } from '../runner/index.ts';
import { positiveInt, unconfiguredApis } from './run-flags.ts';

interface StatesFlags {
  api?: string;
  providerBaseUrl?: string;
  dotenv?: string;
  allowWrites?: boolean;
  budget?: string;
  createCooldown?: string;
  port?: string;
  host: string;
}

/**
 * The provider-state adapter on its own, for any Pact verifier (pact_verifier_cli
 * `--state-change-url`, a pact-js or pact-jvm provider test): the same endpoint `contracts verify`
 * starts, serving one API until interrupted, then cancelling the jobs it created.
 */
export function registerStatesCommand(contracts: Command): void {
  contracts
    .command('provider-states')
    .description(
      "serve the provider-state adapter (Pact's state-change protocol) for one API, for any Pact verifier",
    )
    .option('--api <id>', 'the API whose provider states to serve')
    .option('--provider-base-url <url>', 'the implementation; states are reached over its own API')
    .option('--dotenv <path>', 'live settings: credentials, path values (default .env when present)')
    .option('--allow-writes', 'create (and afterwards cancel) jobs where a state needs one')
    .option('--budget <n>', 'requests the adapter may send')
    .option('--create-cooldown <seconds>', 'how long the provider refuses a create after one (default 30)')
    .option('--port <n>', 'port to listen on (default: any free one)')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .action(async (opts: StatesFlags) => {
      if (!opts.api || !apiIds().includes(opts.api))
        throw new UsageError(`--api must name one API (${apiIds().join(', ')})`);
      if (!opts.providerBaseUrl) throw new UsageError('--provider-base-url is required');
      try {
        new URL(opts.providerBaseUrl);
      } catch {
        throw new UsageError(`--provider-base-url is not a URL: '${opts.providerBaseUrl}'`);
      }
      const api = opts.api as ApiId;
      const budget = positiveInt('--budget', opts.budget);
      const cooldown =
        opts.createCooldown === undefined ? 30 : positiveInt('--create-cooldown', opts.createCooldown)!;
      const port = opts.port === undefined ? 0 : positiveInt('--port', opts.port)!;
      const env = readEnv(opts.dotenv, process.env);
      unconfiguredApis(api, [api], env);
      const target = {
        ...liveTargets(env, [api]).targets[api]!,
        baseUrl: opts.providerBaseUrl.replace(/\/+$/, ''),
      };
      const http = createHttpClient({ maxRetries: 2, timeoutMs: 15_000, ...(budget ? { budget } : {}) });
      registerCredentials(http.redactor, target.credentials);
      const backend = providerApiBackend({
        target,
        http,
        allowWrites: opts.allowWrites === true,
        createCooldownMs: cooldown * 1000,
      });
      const adapter = await startStateAdapter(backend, { host: opts.host, port });
      process.stdout.write(
        `provider states of ${api} over ${target.baseUrl} (${backend.name}): POST ${adapter.url} {"state", "params", "action"}\nServing until interrupted (Ctrl-C).\n`,
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      await adapter.close();
      await backend.close();
      await http.close();
      process.stdout.write('provider states: stopped (the jobs created are cancelled)\n');
    });
}
