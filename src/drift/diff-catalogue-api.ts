import type { ApiId, Catalogue } from '../catalogue/index.ts';
import { UsageError } from '../core/index.ts';
import { diffApi } from './diff.ts';
import type { DiffResult } from './types.ts';

/**
 * An official document against one API of a catalogue: its openapi.json and those of the APIs the
 * document also covers (x-official alsoIn). An unknown API id is a usage error naming the known ones.
 */
export function diffCatalogueApi(catalogue: Catalogue, apiId: string, official: string): Promise<DiffResult> {
  if (!catalogue.apis.has(apiId as ApiId)) {
    throw new UsageError(
      `unknown API '${apiId}' for --api (known: ${[...catalogue.apis.keys()].join(', ')})`,
    );
  }
  const api = catalogue.api(apiId as ApiId);
  const alsoIn = (api.official?.alsoIn ?? []).flatMap((id) =>
    catalogue.apis.has(id as ApiId) ? [catalogue.api(id as ApiId).openapiPath] : [],
  );
  return diffApi({ api: api.id, openapiPath: api.openapiPath, alsoIn, official });
}
