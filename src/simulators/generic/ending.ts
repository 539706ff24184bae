/**
 * Jobs whose end no state says, only fields that appear when they end (x-lifecycle ended `present`
 * conditions, such as ended_at and end_reason): absent while a job runs; when it ends, its end time
 * is set and its end reason (x-lifecycle endReason) says how it ended.
 */
import type { ApiModel } from './model.ts';
import { formatTime, type Json, setAt } from './values.ts';

/** The part of a job record this module reads and sets (seeding.ts JobRecord). */
interface JobRecord {
  body: Record<string, Json>;
  createdMs: number;
}

export type Outcome = 'completed' | 'cancelled' | 'failed';

/** True when the API's jobs end by fields that appear, not by a state. */
export function endsByFields(model: ApiModel): boolean {
  return model.statePointer === undefined && model.endedFields.length > 0;
}

export function hasEnded(model: ApiModel, job: JobRecord): boolean {
  return model.endedFields.some((name) => job.body[name] !== undefined);
}

/** The job runs: none of the fields that say it ended. */
export function markRunning(model: ApiModel, job: JobRecord): void {
  for (const name of model.endedFields) delete job.body[name];
}

/** The job ended at `atMs` in the way `outcome` says. */
export function markEnded(model: ApiModel, job: JobRecord, outcome: Outcome, atMs: number): void {
  for (const t of model.endTimes) job.body[t.name] = formatTime(t.kind, Math.max(atMs, job.createdMs));
  const reason = model.endReason;
  if (reason) setAt(job.body, reason.pointer, reason[outcome] ?? reason.completed);
}

/** The ways a seeded job may have ended, spread over the seeded jobs. */
export const OUTCOMES: readonly Outcome[] = ['completed', 'failed', 'cancelled'];
