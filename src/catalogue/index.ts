export { collectEnumSites, enumTierOf, valuesAtSite } from './enums.ts';
export { type Catalogue, DEFAULT_SCHEMAS_DIR, loadCatalogue } from './load.ts';
export { getAtPointer, pointerSegments } from './pointer.ts';
export { resolveSchemaNode } from './resolve.ts';
export { responseFor, statusRange } from './responses.ts';
export { ajvWithFormats } from './schema-validators.ts';
export * from './types.ts';

import type { ApiId } from './types.ts';

export type * from './extensions.ts';
export { EXTENSIONS_SCHEMA_PATH } from './extensions-check.ts';

import { delimiter } from 'node:path';
import { CatalogueError, SCHEMAS_DIR_ENV } from '../core/index.ts';
import { type Catalogue, DEFAULT_SCHEMAS_DIR, loadCatalogue } from './load.ts';

export { SCHEMAS_DIR_ENV };

/** The extra schemas folders named by the environment. */
export function extraSchemasDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env[SCHEMAS_DIR_ENV] ?? '')
    .split(delimiter)
    .map((d) => d.trim())
    .filter(Boolean);
}

let shared: Catalogue | undefined;
/** The catalogue of the project's schemas/ plus $JOBS_CONFORMANCE_SCHEMAS_DIR, loaded once per process. */
export function getCatalogue(): Catalogue {
  if (shared) return shared;
  const extra = extraSchemasDirs();
  try {
    shared = loadCatalogue([DEFAULT_SCHEMAS_DIR, ...extra]);
  } catch (error) {
    if (!(error instanceof CatalogueError)) throw error;
    const fix = extra.length
      ? `fix it, or point ${SCHEMAS_DIR_ENV} at a good folder of API folders`
      : 'fix it (git checkout schemas/ restores the shipped schemas)';
    throw new CatalogueError(`${error.message.replace(/\s*\n\s*/g, ' ')}: ${fix}`);
  }
  return shared;
}

/** Every API id the catalogue knows, in folder-name order (discovered from the schemas folders). */
export function apiIds(): ApiId[] {
  return [...getCatalogue().apis.keys()];
}
