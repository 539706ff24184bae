import { authMissing, authWrong } from './auth/probes.ts';
import { authScope } from './auth/scope.ts';
import { filterMatches } from './consistency/filter-matches.ts';
import { getMatchesList } from './consistency/get-matches-list.ts';
import { sameJobs } from './consistency/same-jobs.ts';
import { sortOrder } from './consistency/sort-order.ts';
import { generatedBody } from './generated/body.ts';
import { generatedParameters } from './generated/parameters.ts';
import { generatedSequence } from './generated/sequence.ts';
import { idPattern } from './input/id-pattern.ts';
import { malformedBody } from './input/malformed-body.ts';
import { unknownId } from './input/unknown-id.ts';
import { lifecycleCancel } from './lifecycle/cancel.ts';
import { lifecycleCreate } from './lifecycle/create.ts';
import { lifecycleDelete } from './lifecycle/delete.ts';
import { lifecycleTerminalState } from './lifecycle/terminal-state.ts';
import { bounds } from './pagination/bounds.ts';
import { cursorTerminates } from './pagination/cursor-terminates.ts';
import { noDuplicates } from './pagination/no-duplicates.ts';
import { noSkips } from './pagination/no-skips.ts';
import { pageSize } from './pagination/page-size.ts';
import { pastEnd } from './pagination/past-end.ts';
import { totals } from './pagination/totals.ts';
import { bodySchema } from './response/body-schema.ts';
import { contentType } from './response/content-type.ts';
import { enumKnown } from './response/enum-known.ts';
import { envelopeConsistent } from './response/envelope-consistent.ts';
import { headers } from './response/headers.ts';
import { statusDocumented } from './response/status-documented.ts';
import type { CheckDefinition } from './types.ts';

/**
 * The check catalogue, in the order the runner runs them: the active checks send their probes first
 * (reads before writes, so a delete cannot disturb a walk); the response checks then judge every
 * exchange the run had with each operation.
 */
export const CHECKS: readonly CheckDefinition[] = [
  pageSize,
  noDuplicates,
  noSkips,
  totals,
  pastEnd,
  cursorTerminates,
  bounds,
  getMatchesList,
  sameJobs,
  filterMatches,
  sortOrder,
  idPattern,
  malformedBody,
  unknownId,
  authMissing,
  authWrong,
  authScope,
  lifecycleCreate,
  lifecycleCancel,
  lifecycleTerminalState,
  lifecycleDelete,
  generatedParameters,
  generatedBody,
  generatedSequence,
  statusDocumented,
  contentType,
  bodySchema,
  envelopeConsistent,
  enumKnown,
  headers,
];

export { ProbeContext } from './context.ts';
export {
  type GenerationOptions,
  LIVE_MAX_EXAMPLES,
  MOCK_MAX_EXAMPLES,
  randomSeed,
} from './generated/options.ts';
export { requestLine } from './judge.ts';
export { cancelBody, cancelOp, hasEnded, lifecycleOp, requiredBody } from './lifecycle/jobs.ts';
export type { ProbeInput, ProbeOptions, QueryLanguage, Send } from './probe.ts';
export { itemsOf, jobIdOf, jobIdParam, jobOf } from './probe.ts';
export type { CheckCategory, CheckDefinition, CheckOutcome } from './types.ts';
