// The ground floor: the vocabulary every folder shares. It imports nothing of ours (the
// dependency rules in .dependency-cruiser.cjs hold it to that).
export { type Clock, SimulatedTime, systemClock } from './clock.ts';
export { CatalogueError, UsageError } from './errors.ts';
export type {
  Exchange,
  RecordedRequest,
  RecordedResponse,
  RetryRecord,
  TransportErrorKind,
} from './exchange.ts';
export { ALL_FINDING_CODES, FINDING_CODES, type FindingCode } from './finding-codes.ts';
export { SCHEMAS_DIR_ENV, shownPath } from './paths.ts';
export {
  type Finding,
  type OperationStats,
  RESULT_STATUSES,
  type Result,
  type ResultStatus,
  type RuleSource,
  type RunResults,
  type RunSummary,
  type SchemaReading,
  summarize,
} from './results.ts';
export { LATENCY_SAMPLES_KEPT, latencyStats, percentile } from './stats.ts';
export type { Credentials, SchemeCredentialSet, SchemeCredentials, Target } from './target.ts';
