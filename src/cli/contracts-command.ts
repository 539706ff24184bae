import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { type ApiId, apiIds } from '../catalogue/index.ts';
import {
  brokerSettings,
  canIDeploy,
  comparePactsToResults,
  consumerName,
  defaultPactDir,
  generatePacts,
  gitDefaults,
  publishPacts,
  readPactDir,
} from '../contracts/index.ts';
import { type RunResults, summarize, UsageError } from '../core/index.ts';
import { writeReports } from '../reports/index.ts';
import { registerStatesCommand } from './contracts-states-command.ts';
import { registerVerifyCommand } from './contracts-verify-command.ts';
import { EXIT } from './exit.ts';

const collect = (value: string, previous: string[] = []) => [
  ...previous,
  ...value.split(',').filter(Boolean),
];

/** --api values to API ids ('all' or none = every API); an unknown one is a usage error. */
function apisOf(values: readonly string[] | undefined): ApiId[] {
  if (!values || values.length === 0 || values.includes('all')) return apiIds();
  for (const value of values) {
    if (!apiIds().includes(value)) {
      throw new UsageError(`unknown --api '${value}' (valid: all, ${apiIds().join(', ')})`);
    }
  }
  return [...new Set(values)] as ApiId[];
}

const pactDirOf = (dir?: string) => (dir ? resolve(dir) : defaultPactDir());

function write(line: string): void {
  process.stdout.write(`${line}\n`);
}

function versionOrFail(given: string | undefined, flag: string): string {
  const version = given ?? gitDefaults().version;
  if (!version) throw new UsageError(`no version: pass ${flag} (git rev-parse --short HEAD gave none here)`);
  return version;
}

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export function registerContractsCommand(program: Command): void {
  const contracts = program
    .command('contracts')
    .description(
      'Pact consumer contracts from the schemas: generate, verify, check against the schemas, publish',
    );

  contracts
    .command('generate')
    .description(
      'write one Pact V4 file per consumer–provider pair into the pact folder (cleared per pair first)',
    )
    .option('--consumer <name>', 'consumer name (default: PACT_CONSUMER, else jobs-conformance)')
    .option('--pact-dir <dir>', 'where the pacts go (default contracts/pacts)')
    .option('--api <ids>', 'API ids, comma-separated, or all', collect)
    .action(async (opts: { consumer?: string; pactDir?: string; api?: string[] }) => {
      const report = await generatePacts({
        consumer: consumerName(opts.consumer),
        pactDir: pactDirOf(opts.pactDir),
        apis: apisOf(opts.api),
      });
      for (const pact of report.pacts) write(`wrote ${pact.file} (${pact.interactions} interactions)`);
      for (const u of report.uncovered)
        write(`not covered: ${u.api} ${u.operation} ${u.status}: ${u.reason}`);
    });

  registerVerifyCommand(contracts, { apisOf, pactDirOf, versionOrFail });
  registerStatesCommand(contracts);

  contracts
    .command('check')
    .description(
      'check every interaction against the OpenAPI document and schemas (offline); exit 1 on failures',
    )
    .option('--pact-dir <dir>', 'the pacts to check (default contracts/pacts)')
    .option(
      '--report-dir <dir>',
      'also write results.json and the reports to <dir>/<run-id>/ and <dir>/latest/',
    )
    .action((opts: { pactDir?: string; reportDir?: string }) => {
      const started = Date.now();
      const pacts = readPactDir(pactDirOf(opts.pactDir));
      const results = comparePactsToResults(pacts);
      for (const r of results)
        write(`${r.status.toUpperCase().padEnd(4)} ${r.api} ${r.operation} ${r.check}: ${r.message}`);
      const summary = summarize(results);
      write(`${results.length} results: ${summary.fail} fail, ${summary.warn} warn, ${summary.pass} pass`);
      if (opts.reportDir) {
        const run: RunResults = {
          schemaVersion: 1,
          tool: { name: 'jobs-conformance', version: pkg.version },
          runId: `contracts-${new Date(started).toISOString().replace(/[:.]/g, '-')}-${randomBytes(2).toString('hex')}`,
          target: 'mock',
          apis: [...new Set(pacts.map((p) => p.pact.provider.name))],
          baseUrls: {},
          startedAt: new Date(started).toISOString(),
          durationMs: Date.now() - started,
          options: { allowWrites: false, checks: 'contract.*' },
          summary,
          results,
          operations: [],
          requestCounts: {},
        };
        const written = writeReports(run, { reportDir: opts.reportDir });
        write(`reports: ${written.dir}`);
      }
      if (summary.fail > 0) process.exitCode = EXIT.failures;
    });

  contracts
    .command('publish')
    .description('publish the pacts to a Pact Broker with the official pact-cli (pact-broker publish)')
    .option('--pact-dir <dir>', 'the pacts to publish (default contracts/pacts)')
    .option('--broker-url <url>', 'Pact Broker (default PACT_BROKER_BASE_URL)')
    .option('--consumer-version <v>', 'consumer version (default: git short commit)')
    .option('--branch <name>', 'consumer branch (default: current git branch)')
    .option('--tag <tag>', 'consumer version tag (repeatable, or comma-separated)', collect)
    .action(
      async (opts: {
        pactDir?: string;
        brokerUrl?: string;
        consumerVersion?: string;
        branch?: string;
        tag?: string[];
      }) => {
        const settings = brokerSettings({ brokerUrl: opts.brokerUrl });
        const pactDir = pactDirOf(opts.pactDir);
        readPactDir(pactDir); // a missing or empty folder is a usage error before the broker is asked
        const branch = opts.branch ?? gitDefaults().branch;
        const run = await publishPacts(settings, {
          pactDir,
          consumerVersion: versionOrFail(opts.consumerVersion, '--consumer-version'),
          ...(branch ? { branch } : {}),
          ...(opts.tag ? { tags: opts.tag } : {}),
        });
        process.stdout.write(run.output.endsWith('\n') ? run.output : `${run.output}\n`);
        if (run.exitCode !== 0) process.exitCode = EXIT.failures;
      },
    );

  contracts
    .command('can-i-deploy')
    .description(
      'ask the broker whether a version can be deployed (pact-broker can-i-deploy); exit 0 yes, 1 no',
    )
    .option('--broker-url <url>', 'Pact Broker (default PACT_BROKER_BASE_URL)')
    .option('--pacticipant <name>', 'the application (default: the consumer name)')
    .option('--version <v>', 'its version (default: git short commit)')
    .option('--to-environment <env>', 'the environment to deploy to')
    .option('--consumer <name>', 'consumer name when --pacticipant is not given (default: PACT_CONSUMER)')
    .action(
      async (opts: {
        brokerUrl?: string;
        pacticipant?: string;
        version?: string;
        toEnvironment?: string;
        consumer?: string;
      }) => {
        const settings = brokerSettings({ brokerUrl: opts.brokerUrl });
        const run = await canIDeploy(settings, {
          pacticipant: opts.pacticipant ?? consumerName(opts.consumer),
          version: versionOrFail(opts.version, '--version'),
          ...(opts.toEnvironment ? { toEnvironment: opts.toEnvironment } : {}),
        });
        process.stdout.write(run.output.endsWith('\n') ? run.output : `${run.output}\n`);
        if (run.exitCode !== 0) process.exitCode = EXIT.failures;
      },
    );
}
