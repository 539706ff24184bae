import type { FaultId } from './faults.ts';

/** What the simulators use when a fault breaks a served job body or a filter. */

/** Faults that rewrite each job a simulator serves (the API's own render applies those it supports). */
const JOB_BODY_FAULTS: readonly FaultId[] = [
  'body.required-missing',
  'body.enum-unknown',
  'body.enum-deprecated',
  'body.wrong-type',
  'body.pattern-violation',
];

/** True when a served job must be rewritten: a body fault is on, or get-disagrees for a single job. */
export function rewritesJob(has: (fault: FaultId) => boolean, single: boolean): boolean {
  return JOB_BODY_FAULTS.some(has) || (single && has('consistency.get-disagrees'));
}

/** body.enum-unknown: a value no schema lists. */
export const UNDOCUMENTED_ENUM_VALUE = 'undocumented_value';

/**
 * filter.non-matching: one job in this many (by position) passes every filter, matching or not,
 * so each page of a filtered walk shows a few jobs that should have been filtered out.
 */
export const NON_MATCHING_EVERY = 7;

/** consistency.get-disagrees: a documented value other than `current` (the next one, cyclically). */
export function otherEnumValue(values: readonly string[], current: string): string {
  if (values.length < 2) return UNDOCUMENTED_ENUM_VALUE;
  const at = values.indexOf(current);
  return values[(at + 1) % values.length] as string;
}
