import { readFileSync } from 'node:fs';
import { delimiter } from 'node:path';
import { Command, CommanderError } from 'commander';
import { SCHEMAS_DIR_ENV } from '../catalogue/index.ts';
import { CatalogueError, UsageError } from '../core/index.ts';
import { registerCatalogueCommand } from './catalogue-command.ts';
import { registerContractsCommand } from './contracts-command.ts';
import { EXIT } from './exit.ts';
import { registerMockCommand } from './mock-command.ts';
import { registerReportCommand } from './report-command.ts';
import { registerRunCommand } from './run-command.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export function buildProgram(): Command {
  const program = new Command('jobs-conformance')
    .description('Conformance and contract testing for the job APIs of AI-search providers.')
    .version(pkg.version)
    .option('--debug', 'show stack traces for errors')
    .option(
      '--schemas <dir>',
      `another folder of API folders: adds APIs, or replaces the shipped folder of the same id (also ${SCHEMAS_DIR_ENV})`,
    )
    // As soon as it is parsed, before any subcommand reads the catalogue: --schemas joins the
    // folders the environment names.
    .on('option:schemas', (dir: string) => {
      const previous = process.env[SCHEMAS_DIR_ENV];
      process.env[SCHEMAS_DIR_ENV] = previous ? `${previous}${delimiter}${dir}` : dir;
    })
    // Commander's own errors (unknown option, missing value) as one line with the way to help.
    .configureOutput({
      outputError: (text, write) =>
        write(`${text.trim().replace(/\s*\n\s*/g, ' ')} (add --help for usage)\n`),
    })
    .exitOverride();
  // Each subcommand lives in its own module: src/cli/<name>-command.ts.
  registerCatalogueCommand(program);
  registerMockCommand(program);
  registerRunCommand(program);
  registerReportCommand(program);
  registerContractsCommand(program);
  return program;
}

async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.pass;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its one-line message; help and version exit 0.
      return error.exitCode === 0 ? EXIT.pass : EXIT.usage;
    }
    const debug = argv.includes('--debug');
    if (error instanceof UsageError || error instanceof CatalogueError) {
      // One line per problem (a usage error may name several, e.g. one per unconfigured API).
      for (const line of error.message.split('\n')) process.stderr.write(`jobs-conformance: ${line}\n`);
      if (debug) process.stderr.write(`${error.stack}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`jobs-conformance: internal error: ${(error as Error)?.message ?? String(error)}\n`);
    if (debug) process.stderr.write(`${(error as Error)?.stack}\n`);
    return EXIT.usage;
  }
}

process.exitCode = await main(process.argv);
