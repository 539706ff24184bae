import { type Command, Option } from 'commander';
import { releaseContractThread, warmContractThread } from '../contract-thread/index.ts';
import type { RunFlags } from './run-flags.ts';

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description(
      'Check one or all APIs against the simulators (default) or a live provider, and write the reports.',
    )
    .option('--config <path>', 'the config file (default ./jobs-conformance.config.json when present)')
    .option(
      '--api <id>',
      'API id, comma-separated ids, or all (`jobs-conformance catalogue` lists them)',
      'all',
    )
    .option('--target <target>', 'mock (embedded simulators) or live (settings from .env)', 'mock')
    .option('--allow-writes', 'send POST/PATCH/DELETE (create, cancel, delete jobs); off by default')
    .option(
      '--check <pattern>',
      'only these checks: comma-separated ids or globs, e.g. pagination.*; !pattern excludes (e.g. !enum.known)',
    )
    .option('--report-dir <dir>', 'where reports/<run-id>/ and reports/latest/ go', 'reports')
    .option('--dotenv <path>', 'live settings file (default .env when present)')
    // The old name: Node 20 itself claims --env-file anywhere on its command line (npx fails on it).
    .addOption(new Option('--env-file <path>', 'same as --dotenv').hideHelp())
    .option('--baseline <results.json>', 'mark what is new since this earlier results.json')
    .option(
      '--fail-on <which>',
      'any: every failure or error fails the run; new: only failures and errors new against --baseline',
      'any',
    )
    .option('--budget <n>', 'live: requests allowed per API (default 60, or 150 with --allow-writes)')
    .option('--page-limit <n>', 'live: pages a pagination walk may fetch (default 5)')
    .option('--timeout <seconds>', 'the whole run time limit (live default 600)')
    .option('--request-timeout <seconds>', 'time limit of each request, body included (live default 15)')
    .option(
      '--contracts',
      'also generate the Pact contracts (contracts/pacts/) and check them against the schemas',
    )
    .option(
      '--shard <i/n>',
      'run the i-th of n parts of the checks (split by API, operation and check); `report merge` joins the parts',
    )
    .option(
      '--seed <n>',
      'seed of the generated checks (generated.*); random when absent, named in their results',
    )
    .option(
      '--max-examples <n>',
      'generated requests per operation and generated check (mock default 30; live: the generated checks run only when given)',
    )
    .option(
      '--replay <operation:path>',
      'replay one generated counterexample (with its --seed, as its result says)',
    )
    .addOption(new Option('--fault <ids>', 'mock: inject simulator faults (comma-separated)').hideHelp())
    .action(async (flags: RunFlags, command: Command) => {
      // The contract thread starts first and loads Pact and its catalogue while this thread loads the
      // engine (imported only now) and its own catalogue.
      if (flags.contracts) warmContractThread();
      try {
        const { runAction } = await import('./run-action.ts');
        await runAction(flags, command);
      } finally {
        releaseContractThread();
      }
    });
}
