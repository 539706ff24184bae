/** The providers' official OpenAPI extracts (../shared/provider-docs/official/), as x-official names them. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Api } from '../../src/catalogue/index.ts';

/** ../shared/ beside the repository: x-official's document paths start at provider-docs/. */
export const SHARED_DIR = fileURLToPath(new URL('../../../shared/', import.meta.url));

/** The file of the official document an API was last diffed against. */
export function officialFile(api: Api): string {
  if (!api.official) throw new Error(`${api.id} has no x-official`);
  return `${SHARED_DIR}${api.official.document}`;
}

/** The official document, parsed, to alter one thing in a copy. */
// biome-ignore lint/suspicious/noExplicitAny: a provider document that tests alter freely
export function officialDoc(api: Api): Record<string, any> {
  return JSON.parse(readFileSync(officialFile(api), 'utf8'));
}
