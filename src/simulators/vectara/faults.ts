/** Values the Vectara and Emporix simulators use when a fault breaks a job body or a filter. */

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
