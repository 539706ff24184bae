import { readFileSync } from 'node:fs';
import { delimiter } from 'node:path';
import { Command, CommanderError } from 'commander';
import { CatalogueError, SCHEMAS_DIR_ENV, UsageError } from '../core/index.ts';
import { EXIT } from './exit.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

type Register = (program: Command) => void;

/**
 * Each subcommand lives in its own module (src/cli/<name>-command.ts), loaded only when its name is
 * on the command line: the engine and its libraries (Pact, undici, Ajv) are most of the start-up time.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  catalogue: async () => (await import('./catalogue-command.ts')).registerCatalogueCommand,
  mock: async () => (await import('./mock-command.ts')).registerMockCommand,
  run: async () => (await import('./run-command.ts')).registerRunCommand,
  report: async () => (await import('./report-command.ts')).registerReportCommand,
  contracts: async () => (await import('./contracts-command.ts')).registerContractsCommand,
  schemas: async () => (await import('./schemas-command.ts')).registerSchemasCommand,
};

/** Global options that take a value (so the value is not read as the subcommand's name). */
const GLOBAL_VALUE_OPTIONS = new Set(['--schemas']);

/**
 * The subcommands a command line needs: the one it names (also through `help <name>`); none for a
 * bare --version; all of them otherwise (the top-level help lists them; an unknown name gets
 * commander's suggestions).
 */
export function commandsFor(args: readonly string[]): string[] {
  const all = Object.keys(COMMANDS);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (GLOBAL_VALUE_OPTIONS.has(arg)) i++;
    else if (arg === '--') break;
    else if (!arg.startsWith('-')) {
      const name = arg === 'help' ? args[i + 1] : arg;
      return name !== undefined && all.includes(name) ? [name] : all;
    }
  }
  return args.includes('--version') || args.includes('-V') ? [] : all;
}

export async function buildProgram(args: readonly string[] = []): Promise<Command> {
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
  for (const name of commandsFor(args)) (await COMMANDS[name]?.())?.(program);
  return program;
}

async function main(argv: string[]): Promise<number> {
  try {
    const program = await buildProgram(argv.slice(2));
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
