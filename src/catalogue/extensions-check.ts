import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ErrorObject } from 'ajv/dist/2020.js';
import { CatalogueError } from '../core/index.ts';
import type { JsonSchema } from './types.ts';

/** The x- vocabulary: the engine's own, so always the project's copy. */
export const EXTENSIONS_SCHEMA_PATH = fileURLToPath(
  new URL('../../schemas/extensions.schema.json', import.meta.url),
);

/** The error a reader can act on: the deepest one, an unknown keyword named by its name. */
function describe(errors: ErrorObject[]): string {
  const deepest = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length)[0]!;
  const at = deepest.instancePath || '/';
  if (deepest.keyword === 'additionalProperties' || deepest.keyword === 'false schema') {
    const name =
      deepest.keyword === 'additionalProperties'
        ? String((deepest.params as { additionalProperty?: string }).additionalProperty)
        : at.split('/').pop();
    const where = deepest.keyword === 'additionalProperties' ? `${at === '/' ? '' : at}/${name}` : at;
    return `${where}: '${name}' is not a keyword of schemas/extensions.schema.json here (misspelt, or not defined at this place)`;
  }
  const allowed = (deepest.params as { allowedValues?: unknown[] }).allowedValues;
  return `${at}: ${deepest.message}${allowed ? ` (${allowed.map((v) => JSON.stringify(v)).join(', ')})` : ''}`;
}

/**
 * Checks an openapi.json's x- keywords against schemas/extensions.schema.json (compiled once); a
 * mistake is a CatalogueError naming the file and the JSON pointer.
 */
export function extensionsValidator(): (openapiPath: string, doc: JsonSchema) => void {
  let schema: JsonSchema;
  try {
    schema = JSON.parse(readFileSync(EXTENSIONS_SCHEMA_PATH, 'utf8')) as JsonSchema;
  } catch (error) {
    throw new CatalogueError(`cannot read ${EXTENSIONS_SCHEMA_PATH}: ${(error as Error).message}`);
  }
  // Required here, not imported: a load with precompiled validators skips this check (and Ajv's compiler).
  const { Ajv2020 } = createRequire(import.meta.url)('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const validate = ajv.compile(schema);
  return (openapiPath, doc) => {
    if (validate(doc)) return;
    throw new CatalogueError(`${openapiPath}: ${describe(validate.errors ?? [])}`);
  };
}
