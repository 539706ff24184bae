export { type DiffInput, diffApi } from './diff.ts';
export { diffCatalogueApi } from './diff-catalogue-api.ts';
export { diffMarkdown } from './markdown.ts';
export type { ChangeKind, Difference, DiffResult, Recorded } from './types.ts';
