/**
 * How a simulator reads what the provider documents leave open. The clean simulators take one reading
 * of each point (every option's default); a variant takes another that the documents allow just as
 * well. These are not faults: no check may fail on them (test/checks/open-boundaries.test.ts), and
 * src/checks/open-points.ts says, point by point, which document leaves it open.
 */
export interface OpenReadings {
  /**
   * Vectara v2 `after` ("created after") and v1 `epochSecs` ("created since"): whether a job created
   * exactly at the bound is included. Default 'inclusive'.
   */
  timeBound?: 'inclusive' | 'strict';
  /**
   * Vectara v1 with `state` unset: the page says both "all job states are fetched" and "QUEUED and
   * STARTED are returned". Default: the schema's x-default-when-unset (QUEUED and STARTED).
   */
  v1UnsetState?: 'queued-and-started' | 'all-states';
  /** Vectara v1: a `state` value the enum does not know is dropped instead of rejected. */
  unknownRequestEnum?: 'rejected' | 'ignored';
  /** Vectara v2: the second page of a walk is empty, and its cursor leads on to the rest. */
  emptyCursorPage?: boolean;
  /** Vectara v2 `corpus_key`: matched regardless of case; every other job's keys are upper-cased. */
  corpusKeyCase?: 'sensitive' | 'insensitive';
  /** Emporix `q` lists come oldest first, though the unfiltered list comes newest first. */
  filteredOrder?: 'as-list' | 'oldest-first';
  /** Vectara cursor pages hold one job fewer than asked (limit and numResults are maxima). */
  shortCursorPages?: boolean;
  /** List items leave out optional fields that a GET of the job carries. */
  listOmitsOptional?: boolean;
  /**
   * Totals are estimates (rounded up to a multiple of 64): Cloudflare total_count (and count, read as
   * the total), Emporix X-Total-Count.
   */
  estimatedTotals?: boolean;
  /** Emporix: a page past the last answers 400 ErrorMessage instead of an empty list. */
  pastEnd?: 'empty' | 'error';
  /** Cloudflare: a malformed instance id is answered as not found (404) even where 400 is documented. */
  malformedId?: 'validated' | 'not-found';
  /** Cloudflare: the logs of a job that does not exist are an empty list, not a 404. */
  unknownJobLogs?: 'not-found' | 'empty';
  /** Cloudflare: the job list comes oldest first (created jobs last). */
  listOrder?: 'newest-first' | 'oldest-first';
  /** Cloudflare: a cancel takes effect shortly after its 200; cancelling a job still ending answers 200. */
  cancel?: 'immediate' | 'deferred';
  /** retry-after as delay-seconds or as an HTTP date. */
  retryAfter?: 'seconds' | 'http-date';
  /** JSON bodies labelled `application/json; charset=utf-8`. */
  charset?: boolean;
  /** Vectara and Emporix error bodies carry the least their schemas allow (every field is optional). */
  minimalErrors?: boolean;
  /** Emporix: only these fields are sortable (others answer 400). Default: every field. */
  sortableFields?: readonly string[];
  /** Emporix: some jobs carry no metadata (it is optional), wherever a sort puts them. */
  jobsWithoutMetadata?: boolean;
}

/** Milliseconds before a deferred cancel ends the job. */
export const DEFERRED_CANCEL_MS = 150;

/** An estimate of a count: rounded up to a multiple of 64. */
export function estimate(count: number): number {
  return Math.ceil(count / 64) * 64;
}
