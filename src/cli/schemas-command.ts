import type { Command } from 'commander';
import { type ApiId, getCatalogue } from '../catalogue/index.ts';
import { UsageError } from '../core/index.ts';
import { EXIT } from './exit.ts';

/** `schemas diff`: an official OpenAPI document against our schemas of one API. */
export async function schemasDiff(options: {
  api: string;
  official: string;
  json?: boolean;
}): Promise<number> {
  const catalogue = getCatalogue();
  if (!catalogue.apis.has(options.api as ApiId)) {
    throw new UsageError(
      `unknown API '${options.api}' for --api (known: ${[...catalogue.apis.keys()].join(', ')})`,
    );
  }
  const api = catalogue.api(options.api as ApiId);
  const alsoIn = (api.official?.alsoIn ?? []).flatMap((id) =>
    catalogue.apis.has(id as ApiId) ? [catalogue.api(id as ApiId).openapiPath] : [],
  );
  // Loaded on use: the YAML, $ref and upgrade libraries stay out of every other command's start-up.
  const { diffApi, diffMarkdown } = await import('../drift/index.ts');
  const result = await diffApi({
    api: api.id,
    openapiPath: api.openapiPath,
    alsoIn,
    official: options.official,
  });
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
