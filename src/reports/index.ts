export { applyBaseline } from './baseline.ts';
export { type Har, renderHar } from './har.ts';
export {
  catalogueOperations,
  type DocumentedOperations,
  type HtmlOptions,
  renderHtml,
  resultAnchor,
} from './html.ts';
export { renderJunit } from './junit.ts';
export { renderMarkdown } from './markdown.ts';
export { mergeRuns } from './merge.ts';
export { createProgress, type Progress, type ProgressOptions } from './progress.ts';
export { readResultsFile, resultsFilesIn } from './read.ts';
export {
  ensureFolder,
  openRunFolder,
  RESULTS_NDJSON,
  type ResultStream,
} from './run-folder.ts';
export { safeJsonText } from './safe-json.ts';
export { type Verdict, verdictOf } from './stats.ts';
export { isRunResults, resultsProblem } from './validate.ts';
export {
  REPORT_FILES,
  type ReportFailure,
  type ReportPaths,
  renderReports,
  type WriteOptions,
  type WrittenReports,
  writeReports,
  writeReportsTo,
} from './write.ts';
