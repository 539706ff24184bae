/**
 * What the generic simulator reads once from an API's folder: the job schema and where its id, state
 * and times live, the running and ended states (x-lifecycle), the operations by role, and each list
 * with what it lists (the jobs, or the items of one job such as a batch's files).
 */
import type { Api, Catalogue, JsonSchema, Operation, ResponseSpec } from '../../catalogue/index.ts';
import {
  enumValues,
  isTimestamp,
  type Json,
  type Node,
  properties,
  resolve,
  type TimeKind,
} from './values.ts';

export interface ListModel {
  op: Operation;
  /** 'jobs': the API's jobs; 'children': the items of the job named by the path's job id. */
  lists: 'jobs' | 'children';
  item: Node;
}

export interface ApiModel {
  api: Api;
  catalogue: Catalogue;
  job: Node;
  idParam?: string;
  idPointer: string;
  idSchema?: JsonSchema;
  statePointer?: string;
  states: string[];
  /** The state a created job is in until its duration passes. */
  running?: string;
  /** The state it ends in on its own, and the one a cancel moves it to. */
  completed?: string;
  cancelled?: string;
  ended: string[];
  createdAtPointer?: string;
  createdAtKind?: TimeKind;
  /** Optional top-level timestamp fields: present once the job has ended (finishedAt, completed_at …). */
  endTimes: { name: string; kind: TimeKind }[];
  /** The start time (x-lifecycle startedAt): absent in the waiting states, set in the others. */
  startTime?: { name: string; kind: TimeKind; waiting: string[] };
  /**
   * Where no state says it, the fields whose presence says a job has ended (x-lifecycle ended
   * `present` conditions: ended_at, end_reason): absent while it runs, set when it ends.
   */
  endedFields: string[];
  endReason?: NonNullable<Api['lifecycle']>['endReason'];
  /** Path parameters naming the collection the jobs live in (x-lifecycle collection). */
  collection: string[];
  create?: Operation;
  get?: Operation;
  cancel?: Operation;
  delete?: Operation;
  lists: ListModel[];
}

const top = (pointer: string | undefined) =>
  pointer !== undefined && /^\/[^/]+$/.test(pointer) ? pointer.slice(1) : undefined;

export function successResponse(op: Operation): ResponseSpec | undefined {
  for (const status of op.statuses)
    if (status >= 200 && status < 300) return op.responses.get(String(status));
  return undefined;
}

/** The schema node at a pointer of object properties below `node`. */
export function nodeAt(catalogue: Catalogue, node: Node, pointer: string): Node | undefined {
  let at: Node = resolve(catalogue, node);
  for (const key of pointer.split('/').slice(1)) {
    const prop = properties(catalogue, at).find((p) => p.name === key);
    if (!prop) return undefined;
    at = prop.node;
  }
  return at;
}

/** The schema node of `op`'s success payload: at the envelope's data pointer (x-envelope data), else the body. */
export function payloadNode(catalogue: Catalogue, api: Api, op: Operation): Node | undefined {
  const body = successResponse(op)?.body;
  if (!body) return undefined;
  const node: Node = { schema: body.schema, base: body.ref };
  const data = api.envelope?.data;
  return (data && nodeAt(catalogue, node, data)) || resolve(catalogue, node);
}

/** The schema node of the items a list answer holds, at its items pointer. */
function itemsNode(catalogue: Catalogue, op: Operation): Node | undefined {
  const body = successResponse(op)?.body;
  if (!body || !op.pagination) return undefined;
  const node = nodeAt(catalogue, { schema: body.schema, base: body.ref }, op.pagination.response.items);
  if (!node) return undefined;
  const items = node.schema.items;
  if (!items || typeof items !== 'object') return undefined;
  return resolve(catalogue, { schema: items as JsonSchema, base: node.base });
}

export function buildModel(catalogue: Catalogue, api: Api): ApiModel {
  const lc = api.lifecycle;
  const role = (r: keyof NonNullable<typeof lc>['operations']) => {
    const id = lc?.operations[r];
    return id ? api.operation(id) : undefined;
  };
  const idParam = lc?.jobId?.parameter;
  const lists: ListModel[] = [];
  for (const op of api.operations) {
    if (!op.pagination) continue;
    const item = itemsNode(catalogue, op);
    if (!item) continue;
    const nested = idParam !== undefined && op.path.includes(`{${idParam}}`);
    const isJobs = lc?.operations.list === op.id || (!nested && lc?.operations.logs !== op.id);
    lists.push({ op, lists: isJobs ? 'jobs' : 'children', item });
  }
  const get = role('get');
  const create = role('create');
  const jobList = lists.find((l) => l.lists === 'jobs');
  const job: Node = (get && payloadNode(catalogue, api, get)) ??
    (create && payloadNode(catalogue, api, create)) ??
    jobList?.item ?? { schema: { type: 'object' }, base: '' };

  const statePointer = lc?.state;
  const stateName = top(statePointer);
  const stateProp = stateName ? properties(catalogue, job).find((p) => p.name === stateName) : undefined;
  const states = ((stateProp && enumValues(catalogue, stateProp.node)) ?? []).filter(
    (s): s is string => typeof s === 'string',
  );
  const ended = lc?.ended?.flatMap((c) => (c.pointer === statePointer ? (c.in ?? []) : [])) ?? [];
  const notEnded = states.filter((s) => !ended.includes(s));
  const running = notEnded.find((s) => /run|progress|process/i.test(s)) ?? notEnded[0];
  const cancelled = ended.find((s) => /cancel/i.test(s)) ?? ended[ended.length - 1];
  const completed =
    ended.find((s) => /complet|succe|done|finish/i.test(s)) ?? ended.find((s) => s !== cancelled) ?? ended[0];

  const props = properties(catalogue, job);
  const createdName = top(lc?.createdAt);
  const createdProp = createdName ? props.find((p) => p.name === createdName) : undefined;
  const endedFields = statePointer
    ? []
    : (lc?.ended ?? []).flatMap((c) => (c.present && top(c.pointer) ? [top(c.pointer) as string] : []));
  const startedName = top(lc?.startedAt?.pointer);
  const startedProp = startedName ? props.find((p) => p.name === startedName) : undefined;
  const startKind = startedProp ? isTimestamp(startedProp.node.schema) : undefined;
  const endTimes = props
    .filter((p) => (endedFields.length > 0 ? endedFields.includes(p.name) : !p.required))
    .filter((p) => p.name !== createdName && p.name !== startedName && isTimestamp(p.node.schema))
    .map((p) => ({ name: p.name, kind: isTimestamp(p.node.schema) as TimeKind }));
  const idOp = [get, role('cancel'), role('delete')].find((o) => o !== undefined);
  const idSchema = idParam ? idOp?.parameters.find((p) => p.name === idParam)?.schema.schema : undefined;

  return {
    api,
    catalogue,
    job,
    idParam,
    idPointer: lc?.jobId?.pointer ?? '/id',
    idSchema,
    statePointer,
    states,
    running,
    completed,
    cancelled,
    ended,
    createdAtPointer: lc?.createdAt,
    createdAtKind: createdProp ? isTimestamp(createdProp.node.schema) : undefined,
    endTimes,
    startTime:
      startedName && startKind
        ? { name: startedName, kind: startKind, waiting: lc?.startedAt?.waiting ?? [] }
        : undefined,
    endedFields,
    endReason: lc?.endReason,
    collection: lc?.collection ?? [],
    create,
    get,
    cancel: role('cancel'),
    delete: role('delete'),
    lists,
  };
}

export type { Json };
