export { collectEnumSites, enumTierOf, valuesAtSite } from './enums.ts';
export { type Catalogue, DEFAULT_SCHEMAS_DIR, loadCatalogue } from './load.ts';
export { getAtPointer } from './pointer.ts';
export { resolveSchemaNode } from './resolve.ts';
export * from './types.ts';

import { CatalogueError } from '../core/index.ts';
import { type Catalogue, loadCatalogue } from './load.ts';

/** Points the catalogue at another schemas/ folder (a copy under test, a provider's newer schemas). */
export const SCHEMAS_DIR_ENV = 'JOBS_CONFORMANCE_SCHEMAS_DIR';

let shared: Catalogue | undefined;
/** The catalogue of the repository's schemas/ (or $JOBS_CONFORMANCE_SCHEMAS_DIR), loaded once per process. */
export function getCatalogue(): Catalogue {
  if (shared) return shared;
  const dir = process.env[SCHEMAS_DIR_ENV]?.trim() || undefined;
  try {
    shared = loadCatalogue(dir);
  } catch (error) {
    if (!(error instanceof CatalogueError)) throw error;
    const fix = dir
      ? `fix it, or point ${SCHEMAS_DIR_ENV} at a good copy of schemas/`
      : 'fix it (git checkout schemas/ restores the shipped schemas)';
    throw new CatalogueError(`${error.message.replace(/\s*\n\s*/g, ' ')}: ${fix}`);
  }
  return shared;
}
