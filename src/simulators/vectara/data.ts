/**
 * Seeded Vectara jobs, v1 and v2 shapes. Enum values come from the catalogue; every value appears
 * once the set holds at least as many jobs as the enum has values. Jobs are ordered newest first
 * (the order both lists serve), created within the last 175 days of `anchorMs` so that all of them
 * fall inside v1's 180-day window.
 */
import type { Api } from '../../catalogue/index.ts';
import { DAY_MS, type Rng, spreadTimestamps, spreadValue } from '../data.ts';
import { enumValues } from '../facts.ts';

export interface V1Job {
  id: string;
  type: string;
  corpusId: number[];
  state: string;
  tsCreate: string;
  tsStart?: string;
  tsComplete?: string;
  userHandle: string;
}

export interface V2Job {
  id: string;
  type: string;
  corpus_keys: string[];
  state: string;
  created_at: string;
  started_at?: string;
  completed_at?: string;
  created_by_username: string;
}

/** Spread of creation times: inside v1's 180-day window with room for the anchor's day rounding. */
export const SPAN_MS = 175 * DAY_MS;

/**
 * Which timestamps a state implies. The schemas name the states but not their lifecycle, so this
 * one reading of the names says it: queued/unknown jobs have not started; started and retrying jobs
 * run; every other state has ended.
 */
export type Phase = 'waiting' | 'running' | 'ended';
export function phaseOf(state: string): Phase {
  let phase = phases.get(state);
  if (phase === undefined) {
    phase = /queued|unknown/i.test(state) ? 'waiting' : /started|retry/i.test(state) ? 'running' : 'ended';
    phases.set(state, phase);
  }
  return phase;
}
const phases = new Map<string, Phase>();

const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];
const CORPUS_IDS = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233];
const CORPUS_KEYS = [
  'products-en',
  'support_docs',
  'faq',
  'legal=2026',
  'Manuals-DE',
  'kb_internal',
  'release-notes',
  'tickets_2025',
];

interface Times {
  create: number;
  start?: number;
  complete?: number;
}

function timesFor(state: string, createdMs: number, rng: Rng, nowMs: number): Times {
  const phase = phaseOf(state);
  if (phase === 'waiting') return { create: createdMs };
  const start = Math.min(nowMs, createdMs + rng.int(1_000, 10 * 60_000));
  if (phase === 'running') return { create: createdMs, start };
  return { create: createdMs, start, complete: Math.min(nowMs, start + rng.int(5_000, 6 * 3_600_000)) };
}

function sample<T>(pool: readonly T[], rng: Rng, min: number, max: number): T[] {
  const count = rng.int(min, max);
  const picked = new Set<T>();
  while (picked.size < count) picked.add(rng.pick(pool));
  return [...picked];
}

/** `count` v1 jobs, newest first. */
export function seedV1Jobs(api: Api, count: number, rng: Rng, anchorMs: number): V1Job[] {
  const types = enumValues(api, 'JobType');
  const states = enumValues(api, 'JobState');
  const created = spreadTimestamps(count, anchorMs, SPAN_MS, rng);
  const jobs = new Array<V1Job>(count);
  const secs = (ms: number) => String(Math.floor(ms / 1000));
  for (let i = 0; i < count; i++) {
    const state = spreadValue(states, i, rng);
    const t = timesFor(state, created[i] as number, rng, anchorMs);
    const job: V1Job = {
      id: `${rng.hex(8)}-${(count - i).toString(36)}`,
      type: spreadValue(types, i, rng),
      corpusId: rng.next() < 0.1 ? [] : sample(CORPUS_IDS, rng, 1, 3),
      state,
      tsCreate: secs(t.create),
      userHandle: rng.pick(USERS),
    };
    if (t.start !== undefined) job.tsStart = secs(t.start);
    if (t.complete !== undefined) job.tsComplete = secs(t.complete);
    jobs[i] = job;
  }
  return jobs;
}

/** `count` v2 jobs, newest first. */
export function seedV2Jobs(api: Api, count: number, rng: Rng, anchorMs: number): V2Job[] {
  const types = enumValues(api, 'JobType');
  const states = enumValues(api, 'JobState');
  const created = spreadTimestamps(count, anchorMs, SPAN_MS, rng);
  const jobs = new Array<V2Job>(count);
  const iso = (ms: number) => new Date(ms).toISOString();
  for (let i = 0; i < count; i++) {
    const state = spreadValue(states, i, rng);
    const t = timesFor(state, created[i] as number, rng, anchorMs);
    const job: V2Job = {
      id: `job_${(count - i).toString(36)}${rng.hex(6)}`,
      type: spreadValue(types, i, rng),
      corpus_keys: sample(CORPUS_KEYS, rng, 1, 3),
      state,
      created_at: iso(t.create),
      created_by_username: rng.pick(USERS),
    };
    if (t.start !== undefined) job.started_at = iso(t.start);
    if (t.complete !== undefined) job.completed_at = iso(t.complete);
    jobs[i] = job;
  }
  return jobs;
}
