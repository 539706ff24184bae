import type { Command } from 'commander';
import { getCatalogue } from '../catalogue/index.ts';
import { EXIT } from './exit.ts';

/** `schemas diff`: an official OpenAPI document against our schemas of one API. */
export async function schemasDiff(options: {
  api: string;
  official: string;
  json?: boolean;
}): Promise<number> {
  // Loaded on use: the YAML, $ref and upgrade libraries stay out of every other command's start-up.
  const { diffCatalogueApi, diffMarkdown } = await import('../drift/index.ts');
  const result = await diffCatalogueApi(getCatalogue(), options.api, options.official);
  process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : diffMarkdown(result));
  return result.unrecorded > 0 ? EXIT.failures : EXIT.pass;
}

export function registerSchemasCommand(program: Command): void {
  const schemas = program.command('schemas').description('work with the schemas of the APIs');
  schemas
    .command('diff')
    .description(
      "compare a provider's official OpenAPI document (3.0 or 3.1, YAML or JSON) with our schemas of one API: exit 0 when every difference is recorded (x-provenance, x-deviations), 1 when one is new",
    )
    .requiredOption('--api <id>', 'the API whose schemas to compare')
    .requiredOption('--official <file or URL>', "the provider's OpenAPI document")
    .option('--json', 'print the differences as JSON instead of Markdown')
    .action(async (opts: { api: string; official: string; json?: boolean }) => {
      process.exitCode = await schemasDiff(opts);
    });
}
