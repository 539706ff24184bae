export { type DiffInput, diffApi } from './diff.ts';
export { diffMarkdown } from './markdown.ts';
export type { ChangeKind, Difference, DiffResult, Recorded } from './types.ts';
