/**
 * Cloudflare AI Search jobs of one instance: seeded jobs (newest first), created jobs, their
 * lifecycle (running → ended, by elapsed time or on demand) and their logs. Logs are computed from
 * (job, index) on demand, so a job with thousands of logs costs nothing until a page is asked for.
 */
import { createRng, DAY_MS, type Rng, SEED_EPOCH_MS, spreadTimestamps, spreadValue } from '../data.ts';

/**
 * `end_reason` is a plain string in the schema (no enum); these are the values the simulator uses.
 * 'cancelled' is what a cancel sets.
 */
export const END_REASONS = ['completed', 'failed', 'cancelled'] as const;
const CANCELLED = 'cancelled';
const COMPLETED = 'completed';

/** Log message templates (the schema types them only as strings and integers). */
const LOG_MESSAGES = [
  'Sync started',
  'Fetched {n} documents',
  'Indexed {n} chunks',
  'Skipped {n} unchanged files',
  'Retrying {n} failed fetches',
  'Sync finished',
] as const;

export interface StoredJob {
  id: string;
  source: string;
  description?: string;
  startedMs: number;
  /** Set once ended. */
  endedMs?: number;
  /** The formatted timestamps, cached on first use. */
  startedIso?: string;
  endedIso?: string;
  endReason?: string;
  /** When a created job ends on its own (undefined: only by advance or cancel). */
  endsAtMs?: number;
  /** A deferred cancel is under way: the job ends as cancelled at endsAtMs. */
  cancelling?: boolean;
  /** How many logs the job has (grows when it ends). */
  logCount: number;
  /** Seed of the job's logs. */
  logSeed: number;
  created: boolean;
}

export interface StoredLog {
  id: number;
  created_at: number;
  message: string;
  message_type: number;
}

export interface StoreOptions {
  seed: number;
  /** Distinguishes the stores' random streams (api + instance). */
  stream: string;
  jobs: number;
  sources: readonly string[];
}

export class JobStore {
  /** Newest first; created jobs are put in front. */
  jobs: StoredJob[] = [];
  private byId = new Map<string, StoredJob>();
  /** Created jobs that end on their own, checked on every request (few: creates have a cooldown). */
  private timed = new Set<StoredJob>();
  createdCount = 0;
  lastCreateMs: number | undefined;
  private createdRng: Rng;

  constructor(private readonly options: StoreOptions) {
    this.createdRng = createRng(options.seed, `${options.stream}:created`);
    this.seed();
  }

  private seed(): void {
    const { seed, stream, jobs: count, sources } = this.options;
    const rng = createRng(seed, `${stream}:jobs`);
    const starts = spreadTimestamps(count, SEED_EPOCH_MS, 90 * DAY_MS, rng);
    const jobs = new Array<StoredJob>(count);
    for (let i = 0; i < count; i++) {
      const startedMs = starts[i] as number;
      // The newest seeded job is still running (a sync in progress); the rest ended in every way.
      const running = i === 0;
      const endReason = running ? undefined : spreadValue(END_REASONS, i - 1, rng);
      const job: StoredJob = {
        id: rng.uuid(),
        source: spreadValue(sources, i, rng),
        startedMs,
        endedMs: running ? undefined : startedMs + rng.int(30_000, 2 * 3_600_000),
        endReason,
        // Job 1 has many logs so that log paging past one page (max per_page) can be exercised.
        logCount: i === 1 ? 1_234 : rng.int(0, 40),
        logSeed: rng.int(0, 0x7fffffff),
        created: false,
      };
      if (rng.next() < 0.6) job.description = `Sync #${count - i} of the docs corpus`;
      jobs[i] = job;
    }
    this.jobs = jobs;
    this.byId = new Map(jobs.map((j) => [j.id, j]));
    this.timed.clear();
    this.createdCount = 0;
    this.lastCreateMs = undefined;
    this.createdRng = createRng(this.options.seed, `${this.options.stream}:created`);
  }

  get(id: string): StoredJob | undefined {
    return this.byId.get(id);
  }

  create(nowMs: number, source: string, durationMs: number | undefined, description?: string): StoredJob {
    const job: StoredJob = {
      id: this.createdRng.uuid(),
      source,
      startedMs: nowMs,
      endsAtMs: durationMs === undefined ? undefined : nowMs + durationMs,
      logCount: 2,
      logSeed: this.createdRng.int(0, 0x7fffffff),
      created: true,
    };
    if (description !== undefined) job.description = description;
    this.jobs.unshift(job);
    this.byId.set(job.id, job);
    if (job.endsAtMs !== undefined) this.timed.add(job);
    this.createdCount++;
    this.lastCreateMs = nowMs;
    return job;
  }

  /** Ends created jobs whose time is up. */
  tick(nowMs: number): void {
    for (const job of this.timed) {
      if (job.endsAtMs !== undefined && job.endsAtMs <= nowMs)
        this.end(job, job.endsAtMs, job.cancelling ? CANCELLED : COMPLETED);
    }
  }

  /** Ends every running job now (skipping created ones when they must never end); returns how many. */
  advance(nowMs: number, skipCreated: boolean): number {
    let ended = 0;
    // Running jobs are the created ones plus the newest seeded one: a short scan from the front.
    for (let i = 0; i <= this.createdCount && i < this.jobs.length; i++) {
      const job = this.jobs[i] as StoredJob;
      if (job.endedMs !== undefined || (skipCreated && job.created)) continue;
      this.end(job, nowMs, COMPLETED);
      ended++;
    }
    return ended;
  }

  cancel(job: StoredJob, nowMs: number): void {
    this.end(job, nowMs, CANCELLED);
  }

  /** A cancel that takes effect at `atMs` (a deferred reading, open-readings.ts); a second one changes nothing. */
  cancelLater(job: StoredJob, atMs: number): void {
    if (job.endedMs !== undefined || job.cancelling) return;
    job.cancelling = true;
    job.endsAtMs = Math.min(job.endsAtMs ?? atMs, atMs);
    this.timed.add(job);
  }

  private end(job: StoredJob, atMs: number, reason: string): void {
    if (job.endedMs !== undefined) return;
    job.endedMs = Math.max(atMs, job.startedMs);
    job.endReason = reason;
    job.logCount += 1;
    this.timed.delete(job);
  }

  /** Log `index` (0-based, oldest first) of a job. */
  log(job: StoredJob, index: number): StoredLog {
    const rng = createRng(job.logSeed, String(index));
    const isLast = job.endedMs !== undefined && index === job.logCount - 1;
    const template =
      index === 0 ? LOG_MESSAGES[0] : isLast ? LOG_MESSAGES[5] : rng.pick(LOG_MESSAGES.slice(1, 5));
    const spanMs = (job.endedMs ?? job.startedMs + job.logCount * 1_000) - job.startedMs;
    const atMs = job.startedMs + (job.logCount > 1 ? Math.floor((spanMs * index) / (job.logCount - 1)) : 0);
    return {
      id: index + 1,
      created_at: atMs / 1000,
      message:
        isLast && job.endReason
          ? `${template}: ${job.endReason}`
          : template.replace('{n}', String(rng.int(1, 500))),
      message_type: template.startsWith('Retrying') ? 1 : job.endReason === 'failed' && isLast ? 2 : 0,
    };
  }
}
