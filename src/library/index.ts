// The package's programmatic API: `import { … } from 'jobs-conformance'` (package.json `exports`).
// A curated surface over the layers below, what the command line itself uses: run the checks,
// start the simulators, generate, verify and check contracts, read, merge and render reports.
// Everything here is compiled to dist/library/index.js with its declarations.

// The catalogue: which job APIs there are (the package's schemas/, plus JOBS_CONFORMANCE_SCHEMAS_DIR).
export {
  type Api,
  type ApiId,
  apiIds,
  type Catalogue,
  getCatalogue,
  loadCatalogue,
  type Operation,
  SCHEMAS_DIR_ENV,
} from '../catalogue/index.ts';
// Contracts: Pact V4 generation, verification against the simulators or any base URL, and the
// offline pact-vs-schema check (its findings as results).
export {
  comparePact,
  comparePactsToResults,
  DEFAULT_PACT_DIR,
  defaultPactDir,
  type Finding,
  type GenerateOptions,
  type GenerateReport,
  generatePacts,
  type PactFile,
  readPactDir,
  type VerifyOptions,
  type VerifyReport,
  verifyPacts,
} from '../contracts/index.ts';
// The shared vocabulary: results.json's types, targets, the errors that mean a usage problem.
export {
  CatalogueError,
  type Credentials,
  type Exchange,
  RESULT_STATUSES,
  type Result,
  type ResultStatus,
  type RunResults,
  type RunSummary,
  summarize,
  type Target,
  UsageError,
} from '../core/index.ts';
// Drift: an official OpenAPI document (3.0 or 3.1, YAML or JSON, file or URL) against our schemas of
// one API, each difference classified and marked recorded (x-provenance, x-deviations …) or new;
// diffSchemas below loads the diff engine (and its YAML and $ref libraries) only when called.
export type { ChangeKind, Difference, DiffResult, Recorded } from '../drift/index.ts';
// Reports: every format is a pure function of a RunResults; merging shards; reading results.json.
export {
  applyBaseline,
  mergeRuns,
  REPORT_FILES,
  readResultsFile,
  renderHar,
  renderHtml,
  renderJunit,
  renderMarkdown,
  renderReports,
  resultsFilesIn,
  type Verdict,
  verdictOf,
  type WriteOptions,
  type WrittenReports,
  writeReports,
} from '../reports/index.ts';
// Running the checks, against the simulators or live targets (settings from the environment).
export { liveTargets, type RunOptions, readEnv, runConformance } from '../runner/index.ts';
// The simulators: stateful HTTP servers of every API, with named faults that each break one rule.
export {
  FAULT_IDS,
  FAULTS,
  type FaultId,
  isFaultId,
  type SimulatorSet,
  type StartOptions,
} from '../simulators/index.ts';

import { getCatalogue } from '../catalogue/index.ts';
import type { DiffResult } from '../drift/index.ts';
import { simulatorPlugins } from '../providers/index.ts';
import { type SimulatorSet, type StartOptions, startSimulators as startSet } from '../simulators/index.ts';

/**
 * Starts the simulators (every API, or `options.apis`) with what the providers add (their filter
 * languages), as `jobs-conformance mock` and `runConformance` do. `close()` them when done.
 */
export function startSimulators(options: StartOptions = {}): Promise<SimulatorSet> {
  return startSet({ plugins: simulatorPlugins, ...options });
}

/**
 * Compares a provider's official OpenAPI document with our schemas of one API (`jobs-conformance
 * schemas diff`): `unrecorded` counts the differences no provenance or declared deviation covers.
 */
export async function diffSchemas(options: { api: string; official: string }): Promise<DiffResult> {
  // Loaded on use, as the command does: the YAML, $ref and upgrade libraries are heavy.
  const { diffCatalogueApi } = await import('../drift/index.ts');
  return diffCatalogueApi(getCatalogue(), options.api, options.official);
}
