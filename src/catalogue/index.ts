export { collectEnumSites, enumTierOf, valuesAtSite } from './enums.ts';
export { type Catalogue, CatalogueError, DEFAULT_SCHEMAS_DIR, loadCatalogue } from './load.ts';
export { getAtPointer } from './pointer.ts';
export * from './types.ts';

import { type Catalogue, loadCatalogue } from './load.ts';

let shared: Catalogue | undefined;
/** The catalogue of the repository's schemas/, loaded once per process. */
export function getCatalogue(): Catalogue {
  shared ??= loadCatalogue();
  return shared;
}
