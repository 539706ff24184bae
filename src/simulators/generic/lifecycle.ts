/**
 * The jobs of one API and their life (x-lifecycle): seeded jobs keep their state; a created job is in
 * the running state until the simulator's job duration passes, then in the completed-like ended state;
 * a cancel moves a job that has not ended to the cancelled-like ended state; a delete removes it.
 * The lifecycle faults (never-ends, created-not-listed, delete-not-deleting) are applied here.
 */
import { createRng, DAY_MS } from '../data.ts';
import { DEFERRED_CANCEL_MS } from '../open-readings.ts';
import { endsByFields, hasEnded, markEnded, markRunning } from './ending.ts';
import type { ApiModel } from './model.ts';
import { applyState, type Body, type JobRecord, makeJob, seedChildren, seedJobs } from './seeding.ts';
import { deleteAt, type Json, properties, setAt } from './values.ts';

export interface StoreOptions {
  seed: number;
  jobs: number;
  jobDurationMs: number;
  now: () => number;
  named: Record<string, Json>;
}

export class JobStore {
  private readonly seeded: JobRecord[];
  /** The seeded bodies as made, for reset(): one JSON text instead of a clone of every job up front. */
  private readonly seededBodies: string;
  private jobs: JobRecord[] = [];
  private byId = new Map<string, JobRecord>();
  /** Ids of created jobs (lifecycle.created-not-listed hides them from lists). */
  readonly created = new Set<string>();
  /** Jobs whose deferred cancel is under way. */
  private readonly cancelling = new Set<string>();
  /** When the last job was created (the 'a job was just created' state). */
  lastCreatedMs?: number;
  private counter = 0;
  private readonly anchorMs: number;

  constructor(
    private readonly model: ApiModel,
    private readonly options: StoreOptions,
  ) {
    // Anchored at the start of today, so a seed gives the same jobs all day long.
    this.anchorMs = Math.floor(options.now() / DAY_MS) * DAY_MS;
    this.seeded = seedJobs(model, options.jobs, options.seed, this.anchorMs, options.named);
    this.seededBodies = JSON.stringify(this.seeded.map((j) => j.body));
    this.start(this.seeded.map((j) => j.body));
  }

  reset(): void {
    this.start(JSON.parse(this.seededBodies) as Body[]);
  }

  private start(bodies: Body[]): void {
    this.jobs = this.seeded.map((j, i) => ({ ...j, body: bodies[i] as Body, children: undefined }));
    this.byId = new Map(this.jobs.map((j) => [j.id, j]));
    this.created.clear();
    this.cancelling.clear();
    this.lastCreatedMs = undefined;
    this.counter = 0;
  }

  clear(): void {
    this.jobs = [];
    this.byId.clear();
  }

  /** Created jobs whose duration has passed end now (never, with lifecycle.never-ends). */
  tick(neverEnds: boolean): void {
    if (neverEnds) return;
    const now = this.options.now();
    for (const job of this.created) {
      const j = this.byId.get(job);
      if (j?.endsAtMs !== undefined && j.endsAtMs <= now)
        this.end(j, this.cancelling.has(job) ? 'cancelled' : 'completed', j.endsAtMs);
    }
  }

  /** When the next job ends by time alone (tick): answers kept until then stay true; Infinity when none will. */
  nextEndMs(): number {
    let next = Number.POSITIVE_INFINITY;
    for (const id of this.created) {
      const endsAt = this.byId.get(id)?.endsAtMs;
      if (endsAt !== undefined && endsAt < next) next = endsAt;
    }
    return next;
  }

  private end(job: JobRecord, outcome: 'completed' | 'cancelled', atMs: number): void {
    job.endsAtMs = undefined;
    const state = outcome === 'cancelled' ? this.model.cancelled : this.model.completed;
    if (endsByFields(this.model)) markEnded(this.model, job, outcome, atMs);
    else applyState(this.model, job, state, atMs);
  }

  /** Every running created job ends now (none with lifecycle.never-ends); how many ended. */
  advance(neverEnds = false): number {
    if (neverEnds) return 0;
    let n = 0;
    for (const id of this.created) {
      const j = this.byId.get(id);
      if (j?.endsAtMs !== undefined) {
        this.end(j, 'completed', this.options.now());
        n++;
      }
    }
    return n;
  }

  list(hideCreated: boolean): JobRecord[] {
    return hideCreated ? this.jobs.filter((j) => !this.created.has(j.id)) : this.jobs;
  }

  private listed?: { jobs: JobRecord[]; length: number; hideCreated: boolean; bodies: Body[] };

  /**
   * The listed jobs' bodies (the objects themselves: a job's change shows), kept while the list's
   * members stay the same, so a page of a large list does not copy the list.
   */
  bodies(hideCreated: boolean): Body[] {
    const kept = this.listed;
    if (kept?.jobs === this.jobs && kept.length === this.jobs.length && kept.hideCreated === hideCreated)
      return kept.bodies;
    const bodies = this.list(hideCreated).map((j) => j.body);
    this.listed = { jobs: this.jobs, length: this.jobs.length, hideCreated, bodies };
    return bodies;
  }

  get(id: string): JobRecord | undefined {
    return this.byId.get(id);
  }

  isEnded(job: JobRecord): boolean {
    if (endsByFields(this.model)) return hasEnded(this.model, job);
    if (!this.model.statePointer) return job.endsAtMs === undefined;
    const state = job.body[this.model.statePointer.slice(1)];
    return typeof state === 'string' && this.model.ended.includes(state);
  }

  /** A new running job, its fields from the request body where the job schema has them. */
  create(request: unknown): JobRecord {
    const now = this.options.now();
    this.counter += 1;
    const rng = createRng(this.options.seed + this.counter, `${this.model.api.id}-created`);
    const job = makeJob(this.model, rng, this.options.jobs + this.counter - 1, now, this.options.named);
    if (request !== null && typeof request === 'object' && !Array.isArray(request))
      for (const [k, v] of Object.entries(request as Record<string, Json>))
        if (k in job.body && typeof job.body[k] === typeof v && !Array.isArray(v))
          job.body[k] = typeof v === 'string' ? v.slice(0, this.maxLength(k)) : v;
    job.endsAtMs = now + this.options.jobDurationMs;
    applyState(this.model, job, this.model.running);
    if (endsByFields(this.model)) markRunning(this.model, job);
    this.jobs.unshift(job);
    this.byId.set(job.id, job);
    this.created.add(job.id);
    this.lastCreatedMs = now;
    return job;
  }

  /**
   * Cancels a job that has not ended; false when it had ended. Deferred (an open reading,
   * open-readings.ts): the job ends as cancelled a moment after the answer, and a cancel meanwhile
   * is accepted again.
   */
  cancel(job: JobRecord, deferred = false): boolean {
    if (this.isEnded(job)) return false;
    if (!deferred) this.end(job, 'cancelled', this.options.now());
    else if (!this.cancelling.has(job.id)) {
      this.cancelling.add(job.id);
      job.endsAtMs = Math.min(
        job.endsAtMs ?? Number.POSITIVE_INFINITY,
        this.options.now() + DEFERRED_CANCEL_MS,
      );
      this.created.add(job.id);
    }
    return true;
  }

  /** A job field's maxLength: a value taken from a body accepted unchecked (a fault) still fits the job. */
  private maxLength(field: string): number | undefined {
    const prop = properties(this.model.catalogue, this.model.job).find((p) => p.name === field);
    const max = prop?.node.schema.maxLength;
    return typeof max === 'number' ? max : undefined;
  }

  remove(job: JobRecord): void {
    this.jobs = this.jobs.filter((j) => j !== job);
    this.byId.delete(job.id);
    this.created.delete(job.id);
  }

  /** A running job (made for the provider state 'a running job exists'). */
  running(): JobRecord {
    const found = this.jobs.find((j) => !this.isEnded(j) && j.endsAtMs !== undefined);
    if (found) return found;
    // A job made for a provider state starts no create cool-down.
    const last = this.lastCreatedMs;
    const job = this.create(undefined);
    this.lastCreatedMs = last;
    return job;
  }

  endedJob(): JobRecord | undefined {
    return this.jobs.find((j) => this.isEnded(j));
  }

  children(listIndex: number, job: JobRecord): Body[] {
    const list = this.model.lists[listIndex];
    if (!list) return [];
    // The second newest seeded job has many items: walks past a full page of the largest size show.
    const many = this.seeded[1]?.id === job.id;
    job.children ??= seedChildren(this.model, list, job, this.options.seed, this.options.named, many);
    return job.children;
  }
}

export { deleteAt, setAt };
