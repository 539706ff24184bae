import type { LifecycleRole } from '../../catalogue/index.ts';

/** One step of a generated sequence: a lifecycle role, and which known job it acts on. */
export interface Step {
  role: LifecycleRole;
  /** Index into the jobs the sequence knows (modulo their number). */
  job: number;
}

/** What the sequence knows of one job, from the answers it has had. */
export interface JobModel {
  id: string;
  /** This run created it (only such a job may be cancelled or deleted on a live target). */
  created: boolean;
  /** An answer has shown it ended (x-lifecycle ended): it must never show running again. */
  ended: boolean;
  /** A cancel of it succeeded. */
  cancelled: boolean;
  /** A delete of it succeeded: every operation on it must answer 404. */
  deleted: boolean;
}

/** The model of one sequence: its jobs and what the list's total should be. */
export class SequenceModel {
  readonly jobs: JobModel[] = [];
  /** The total the last list reported, and the creates minus deletes since. */
  lastTotal?: number;
  delta = 0;

  add(id: string, created: boolean, ended: boolean): JobModel {
    const job = { id, created, ended, cancelled: false, deleted: false };
    this.jobs.push(job);
    return job;
  }

  /** The job a step acts on, among those it may act on; undefined when there is none. */
  pick(step: Step, eligible: (job: JobModel) => boolean): JobModel | undefined {
    const candidates = this.jobs.filter(eligible);
    return candidates.length === 0 ? undefined : candidates[step.job % candidates.length];
  }

  sawTotal(total: number): void {
    this.lastTotal = total;
    this.delta = 0;
  }
}

/** The roles a sequence draws from, in lifecycle order (the coverage sequence follows it). */
export const ROLE_ORDER: readonly LifecycleRole[] = ['create', 'get', 'list', 'cancel', 'logs', 'delete'];

/** The coverage sequence: each role once in lifecycle order, a read after each write, a list at the end. */
export function coverageSequence(roles: readonly LifecycleRole[]): Step[] {
  const has = (r: LifecycleRole) => roles.includes(r);
  const steps: Step[] = [];
  const add = (role: LifecycleRole) => {
    if (has(role)) steps.push({ role, job: 0 });
  };
  add('list');
  add('create');
  add('get');
  add('logs');
  add('cancel');
  add('get');
  add('delete');
  add('get');
  add('list');
  return steps;
}
