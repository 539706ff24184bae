import { join } from 'node:path';
import { type Command, Option } from 'commander';
import type { ApiId } from '../catalogue/index.ts';
import {
  brokerSettings,
  gitDefaults,
  type InteractionOutcome,
  redactSecrets,
  type VerifyOptions,
  type VerifyReport,
  verifyPacts,
} from '../contracts/index.ts';
import { shownPath, UsageError } from '../core/index.ts';
import { liveTargets, newRunId, readEnv } from '../runner/index.ts';
import { EXIT } from './exit.ts';
import { positiveInt, unconfiguredApis } from './run-flags.ts';

interface VerifyFlags {
  providerBaseUrl?: string;
  stateControlUrl?: string;
  dotenv?: string;
  allowWrites?: boolean;
  budget?: string;
  createCooldown?: string;
  verbose?: boolean;
  reportDir: string;
  pactDir?: string;
  api?: string[];
  publishVerificationResults?: boolean;
  brokerUrl?: string;
  providerVersion?: string;
  branch?: string;
}

export interface VerifyCommandHelpers {
  apisOf(values: readonly string[] | undefined): ApiId[];
  pactDirOf(dir?: string): string;
  versionOrFail(given: string | undefined, flag: string): string;
}

const write = (line: string) => process.stdout.write(`${line}\n`);

const WORD: Record<InteractionOutcome['status'], string> = {
  verified: 'verified    ',
  failed: 'FAILED      ',
  'not verified': 'not verified',
};

/** One line per interaction, one per API, and the verdict. */
function printReport(report: VerifyReport, redact: (text: string) => string, log: string): void {
  for (const o of report.outcomes) {
    for (const i of o.interactions)
      write(redact(`${WORD[i.status]}  ${o.api}  ${i.description}${i.reason ? `: ${i.reason}` : ''}`));
    if (o.error) write(redact(`FAILED        ${o.api}  (the verification did not run): ${o.error}`));
    const n = (status: InteractionOutcome['status']) =>
      o.interactions.filter((i) => i.status === status).length;
    write(
      `${o.api}: ${n('verified')} verified, ${n('failed')} failed, ${n('not verified')} not verified against ${o.providerBaseUrl} (provider states: ${o.states})`,
    );
  }
  const c = report.counts;
  const total = c.verified + c.failed + c.notVerified;
  const word = report.ok ? (c.verified === 0 ? 'NOTHING VERIFIED' : 'PASS') : 'FAIL';
  write(
    `${word}: ${c.verified} verified, ${c.failed} failed, ${c.notVerified} not verified of ${total} interactions`,
  );
  write(`verifier log: ${log}`);
}

export function registerVerifyCommand(contracts: Command, helpers: VerifyCommandHelpers): void {
  contracts
    .command('verify')
    .description(
      'verify the pacts against the simulators (in-process, the default) or any implementation at --provider-base-url',
    )
    .option(
      '--provider-base-url <url>',
      'the implementation to verify; provider states are set over its own API with the live settings (.env)',
    )
    .option('--dotenv <path>', 'live settings: credentials, path values (default .env when present)')
    .option('--allow-writes', 'send the write interactions, creating (then cancelling) jobs for the states')
    .option(
      '--budget <n>',
      'requests the provider-state adapter may send per API (the verifier sends one per interaction)',
    )
    .option('--create-cooldown <seconds>', 'how long the provider refuses a create after one (default 30)')
    .option(
      '--state-control-url <url>',
      'set provider states through a simulator control surface (/__simulator/...) instead, e.g. a jobs-conformance mock',
    )
    .option('--verbose', "also print the verifier's full log")
    .option('--report-dir <dir>', "where <run-id>/verify.log (the verifier's full log) goes", 'reports')
    .option('--pact-dir <dir>', 'the pacts to verify (default contracts/pacts)')
    .option('--api <ids>', 'API ids (providers), comma-separated, or all', (v: string, p: string[] = []) => [
      ...p,
      ...v.split(',').filter(Boolean),
    ])
    .option('--publish-verification-results', 'fetch the pacts from the broker and publish the results to it')
    .option('--broker-url <url>', 'Pact Broker (default PACT_BROKER_BASE_URL)')
    .option('--provider-version <v>', 'provider version for published results (default: git short commit)')
    .option('--branch <name>', 'provider branch for published results (default: current git branch)')
    .addHelpText(
      'after',
      `
Verifying an implementation: put its credentials and path values in .env (as for run --target live;
see .env.example) and run
  jobs-conformance contracts verify --api <id> --provider-base-url https://your.service/base
Read-only unless --allow-writes: interactions that need a write are reported as not verified, with why.
Exit 0 when every verified interaction conforms, 1 on a mismatch, 2 on bad settings or nothing verified.`,
    )
    .addOption(new Option('--log-level <level>').hideHelp().choices(['error', 'warn', 'info', 'debug']))
    .action(async (opts: VerifyFlags & { logLevel?: VerifyOptions['logLevel'] }) => {
      let apis = helpers.apisOf(opts.api);
      const budget = positiveInt('--budget', opts.budget);
      const cooldown =
        opts.createCooldown === undefined ? undefined : positiveInt('--create-cooldown', opts.createCooldown);
      let publish: Pick<VerifyOptions, 'broker' | 'publish'> = {};
      if (opts.publishVerificationResults) {
        const settings = brokerSettings({ brokerUrl: opts.brokerUrl });
        const branch = opts.branch ?? gitDefaults().branch;
        publish = {
          broker: { settings },
          publish: {
            settings,
            providerVersion: helpers.versionOrFail(opts.providerVersion, '--provider-version'),
            ...(branch ? { branch } : {}),
          },
        };
      }
      let targets: VerifyOptions['targets'];
      if (opts.providerBaseUrl && !opts.stateControlUrl) {
        try {
          new URL(opts.providerBaseUrl);
        } catch {
          throw new UsageError(`--provider-base-url is not a URL: '${opts.providerBaseUrl}'`);
        }
        const env = readEnv(opts.dotenv, process.env);
        const skipped = unconfiguredApis(opts.api?.join(',') ?? 'all', apis, env);
        for (const { api, reason } of skipped)
          process.stderr.write(`jobs-conformance: ${api} not verified: ${reason}\n`);
        apis = apis.filter((api) => !skipped.some((s) => s.api === api));
        targets = liveTargets(env, apis).targets;
      }
      const runId = newRunId();
      const logFile = join(opts.reportDir, runId, 'verify.log');
      const report = await verifyPacts({
        apis,
        ...(opts.publishVerificationResults ? {} : { pactDir: helpers.pactDirOf(opts.pactDir) }),
        ...(opts.providerBaseUrl ? { providerBaseUrl: opts.providerBaseUrl } : {}),
        ...(opts.stateControlUrl ? { stateControlUrl: opts.stateControlUrl } : {}),
        ...(targets ? { targets } : {}),
        allowWrites: opts.allowWrites === true,
        ...(budget ? { budget } : {}),
        ...(cooldown ? { createCooldownMs: cooldown * 1000 } : {}),
        logFile,
        ...(opts.verbose ? { onLog: (text: string) => process.stdout.write(text) } : {}),
        ...(opts.logLevel ? { logLevel: opts.logLevel } : {}),
        ...publish,
      });
      const redact = (text: string) =>
        publish.publish ? redactSecrets(text, publish.publish.settings) : text;
      printReport(report, redact, shownPath(logFile));
      if (!report.ok) process.exitCode = EXIT.failures;
      else if (report.counts.verified === 0) {
        process.stderr.write(
          'jobs-conformance: no interaction was verified (see the reasons above; --allow-writes sends the writes)\n',
        );
        process.exitCode = EXIT.usage;
      }
    });
}
