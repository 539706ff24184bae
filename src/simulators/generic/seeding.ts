/**
 * Seeded jobs and list items, made from the job schema alone: same seed, same data. Ids take the
 * documented shape (a pattern's prefix, or the examples' prefix or digits), states are spread over the
 * listed values, every other enum takes each listed value in turn before it is drawn at random,
 * timestamps are ordered (created before ended, newest job first), and what the envelope says a body
 * of a given state holds (x-envelope successSays with when) is made true.
 */
import { getAtPointer } from '../../catalogue/index.ts';
import { createRng, DAY_MS, type Rng, spreadTimestamps, spreadValue } from '../data.ts';
import { endsByFields, markEnded, markRunning, OUTCOMES } from './ending.ts';
import type { ApiModel, ListModel } from './model.ts';
import {
  deleteAt,
  enumValues,
  formatTime,
  generate,
  type IdShape,
  idShape,
  type Json,
  makeId,
  properties,
  setAt,
  typesOf,
} from './values.ts';

export type Body = Record<string, Json>;

export interface JobRecord {
  id: string;
  body: Body;
  createdMs: number;
  /** A created job runs until this instant, then ends in `model.completed`. */
  endsAtMs?: number;
  /** The items of the job (a batch's files), made on first use. */
  children?: Body[];
}

/** The values the path parameters other than the job id take on the simulator (vector_store_id …). */
export function pathValues(model: ApiModel, seed: number): Record<string, string> {
  const out: Record<string, string> = {};
  const rng = createRng(seed, `${model.api.id}-path`);
  for (const op of model.api.operations)
    for (const p of op.parameters) {
      if (p.in !== 'path' || p.name === model.idParam || out[p.name] !== undefined) continue;
      const example = Array.isArray(p.schema.schema.examples) ? p.schema.schema.examples[0] : undefined;
      const value =
        typeof example === 'string'
          ? example
          : generate(model.catalogue, { schema: p.schema.schema, base: p.schema.ref }, rng, { timeMs: 0 });
      out[p.name] = typeof value === 'string' && value !== '' ? value : `sim-${p.name}`;
    }
  return out;
}

/** Sets the state and the fields that follow from it (end times, successSays conditions). */
export function applyState(
  model: ApiModel,
  job: JobRecord,
  state: string | undefined,
  endedMs?: number,
): void {
  if (model.statePointer && state !== undefined) setAt(job.body, model.statePointer, state);
  const ended = state !== undefined && model.ended.includes(state);
  const endMs = endedMs ?? job.createdMs + 60_000;
  for (const t of model.endTimes) {
    if (ended) job.body[t.name] = formatTime(t.kind, endMs);
    else delete job.body[t.name];
  }
  // Started once it left the waiting states: halfway to its end, or as it was created while it runs.
  const start = model.startTime;
  if (start && state !== undefined) {
    if (start.waiting.includes(state)) delete job.body[start.name];
    else job.body[start.name] = formatTime(start.kind, ended ? (job.createdMs + endMs) / 2 : job.createdMs);
  }
  for (const rule of model.api.envelope?.successSays ?? []) {
    if (!rule.when || rule.pointer.includes('*')) continue;
    const value = getAtPointer(job.body, rule.when.pointer);
    const holds = rule.when.present ? value !== undefined : (rule.when.in ?? []).includes(value as string);
    if (holds && !rule.allowed.includes(getAtPointer(job.body, rule.pointer)))
      setAt(job.body, rule.pointer, rule.allowed[0] as Json);
  }
}

/** Filter fields an item schema holds as enums: seeded so that every value shows up. */
function spreadFields(model: ApiModel, list: ListModel | undefined): { name: string; values: Json[] }[] {
  if (!list) return [];
  const props = properties(model.catalogue, list.item);
  return list.op.filters.flatMap((f) => {
    const name = (f.field ?? f.name).replace(/^\//, '');
    const prop = props.find((p) => p.name === name);
    const values = prop ? enumValues(model.catalogue, prop.node) : undefined;
    return values && values.length > 0 ? [{ name, values }] : [];
  });
}

export function makeJob(
  model: ApiModel,
  rng: Rng,
  index: number,
  createdMs: number,
  named: Record<string, Json>,
  cycle?: Map<string, number>,
): JobRecord {
  const body = generate(model.catalogue, model.job, rng, { timeMs: createdMs, named, cycle }) as Body;
  const id = makeId(jobIdShape(model), index, rng);
  setAt(body, model.idPointer, id);
  if (model.createdAtPointer && model.createdAtKind)
    setAt(body, model.createdAtPointer, formatTime(model.createdAtKind, createdMs));
  return { id, body, createdMs };
}

const idShapes = new WeakMap<ApiModel, IdShape>();

/** The shape of job ids: the id parameter's schema and the job's id field (worked out once per model). */
export function jobIdShape(model: ApiModel): IdShape {
  let shape = idShapes.get(model);
  if (!shape) {
    const field = properties(model.catalogue, model.job).find((p) => `/${p.name}` === model.idPointer);
    shape = idShape(model.idSchema, field?.node.schema);
    idShapes.set(model, shape);
  }
  return shape;
}

/** `count` jobs, newest first, states spread over the listed values. */
export function seedJobs(
  model: ApiModel,
  count: number,
  seed: number,
  anchorMs: number,
  named: Record<string, Json>,
) {
  const rng = createRng(seed, `${model.api.id}-jobs`);
  const times = spreadTimestamps(count, anchorMs, 30 * DAY_MS, rng);
  const jobList = model.lists.find((l) => l.lists === 'jobs');
  const spread = spreadFields(model, jobList);
  const jobs: JobRecord[] = [];
  const byFields = endsByFields(model);
  // Every closed enum, at any depth, takes each listed value in turn first: the newest jobs show them all.
  const cycle = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const job = makeJob(model, rng, count - 1 - i, times[i] as number, named, cycle);
    for (const f of spread) job.body[f.name] = spreadValue(f.values, i, rng);
    if (byFields) {
      // The newest job still runs; the others ended, every way, within two hours of starting.
      if (i === 0) markRunning(model, job);
      else
        markEnded(model, job, spreadValue(OUTCOMES, i - 1, rng), job.createdMs + rng.int(30_000, 7_200_000));
    } else {
      const state = model.states.length > 0 ? spreadValue(model.states, i, rng) : undefined;
      applyState(model, job, state, job.createdMs + rng.int(1, 3_600_000));
    }
    jobs.push(job);
  }
  return jobs;
}

/**
 * The items of one job for a list of 'children' (a batch's files, a job's logs): 25 to 45, made from
 * the item schema; `many`: more than two pages of the largest page size. Integer ids count up from 1.
 */
export function seedChildren(
  model: ApiModel,
  list: ListModel,
  job: JobRecord,
  seed: number,
  named: Record<string, Json>,
  many = false,
): Body[] {
  const rng = createRng(seed, `${model.api.id}-children-${job.id}`);
  const sizeName = list.op.pagination?.request.size.name;
  const largest = list.op.parameters.find((p) => p.name === sizeName)?.schema.schema.maximum;
  // Enough for several pages at a small page size, so that paging faults show.
  const count = many ? 2 * (typeof largest === 'number' ? largest : 100) + 234 : 25 + rng.int(0, 20);
  const cursor = list.op.pagination?.request.cursor?.name;
  const cursorSchema = cursor ? list.op.parameters.find((p) => p.name === cursor)?.schema.schema : undefined;
  const shape = idShape(cursorSchema);
  const itemId = list.op.pagination?.response.itemId ?? '/id';
  const idField = properties(model.catalogue, list.item).find((p) => `/${p.name}` === itemId);
  const countsUp = idField !== undefined && typesOf(idField.node.schema).includes('integer');
  const spread = spreadFields(model, list);
  const cycle = new Map<string, number>();
  const out: Body[] = [];
  for (let i = 0; i < count; i++) {
    // Added in no particular order within a minute: whole-second timestamps often tie, as they do at
    // providers, and the stored order is no sort order (a list that ignores its sort shows it).
    const at = job.createdMs + rng.int(0, 60_000);
    const item = generate(model.catalogue, list.item, rng, { timeMs: at, named, cycle }) as Body;
    setAt(item, itemId, countsUp ? i + 1 : makeId(shape, i, rng));
    for (const f of spread) item[f.name] = spreadValue(f.values, i, rng);
    out.push(item);
  }
  return out;
}

export { deleteAt };
