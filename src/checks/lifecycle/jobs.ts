import {
  type Api,
  type Catalogue,
  enumTierOf,
  type JsonSchema,
  type LifecycleRole,
  type Operation,
} from '../../catalogue/index.ts';
import type { Exchange } from '../../core/index.ts';
import type { ProbeContext } from '../context.ts';
import { transportProblem } from '../judge.ts';
import { retryAfterMs } from '../open-points.ts';
import { jobIdOf, jobOf } from '../probe.ts';
import { conditionHolds } from '../response/envelope-rules.ts';

/** The operation an API's x-lifecycle names for a role (create, get, list, cancel, delete, logs). */
export function lifecycleOp(api: Api, role: LifecycleRole): Operation | undefined {
  const id = api.lifecycle?.operations[role];
  return id === undefined ? undefined : api.operations.find((o) => o.id === id);
}

export const createOp = (api: Api) => lifecycleOp(api, 'create');
export const getOp = (api: Api) => lifecycleOp(api, 'get');
export const logsOp = (api: Api) => lifecycleOp(api, 'logs');
export const cancelOp = (api: Api) => lifecycleOp(api, 'cancel');
export const deleteOp = (api: Api) => lifecycleOp(api, 'delete');

/** A body with every required enum property set to its first documented value ({action: "cancel"}). */
export function requiredBody(catalogue: Catalogue, op: Operation): Record<string, unknown> {
  const handle = op.requestBody?.body;
  const body: Record<string, unknown> = {};
  if (!handle) return body;
  const props = (handle.schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const name of (handle.schema.required as string[] | undefined) ?? []) {
    const prop = props[name] ?? {};
    const node =
      typeof prop.$ref === 'string' ? catalogue.schema(new URL(prop.$ref, handle.ref).href).schema : prop;
    const tier = enumTierOf(name, handle.ref, node);
    if (tier?.current[0] !== undefined) body[name] = tier.current[0];
  }
  return body;
}

/** The body a cancel sends: x-lifecycle cancelBody, else the required enum values of its schema. */
export function cancelBody(catalogue: Catalogue, api: Api, op: Operation): unknown {
  const declared = api.lifecycle?.cancelBody;
  if (declared !== undefined) return declared;
  return op.requestBody ? requiredBody(catalogue, op) : undefined;
}

/** The body a create sends: the live one, x-lifecycle createBody, else the required enum values of its schema. */
export function createBody(ctx: ProbeContext, op: Operation): unknown {
  if (ctx.options.createBody !== undefined) return ctx.options.createBody;
  const declared = ctx.api.lifecycle?.createBody;
  if (declared !== undefined) return declared;
  return op.requestBody ? requiredBody(ctx.catalogue, op) : undefined;
}

/** The success statuses an operation documents (200 where it documents none). */
export function successStatuses(op: Operation): number[] {
  const ok = op.statuses.filter((s) => s >= 200 && s < 300);
  return ok.length > 0 ? ok : [200];
}

export interface CreatedJob {
  exchange: Exchange;
  id?: string;
  problem?: string;
}

/**
 * Creates a job, waiting out the cooldown status x-lifecycle createCooldown declares by its
 * retry-after (bounded); the context records the job for clean-up.
 */
export async function createJob(ctx: ProbeContext, op: Operation, label: string): Promise<CreatedJob> {
  const deadline = ctx.now() + ctx.options.pollTimeoutMs;
  const cooldown = ctx.api.lifecycle?.createCooldown;
  const body = createBody(ctx, op);
  let exchange: Exchange;
  for (let attempt = 1; ; attempt++) {
    exchange = await ctx.send(op, 'lifecycle', {
      ...(body !== undefined ? { body } : {}),
      noRetry: true,
      label: `create (${label}), attempt ${attempt}`,
    });
    const status = exchange.response?.status;
    if (cooldown === undefined || status !== cooldown || attempt >= 4) break;
    // Seconds or an HTTP date (RFC 9110); 1 s when absent.
    const wait = retryAfterMs(exchange.response!.headers['retry-after'], ctx.now()) ?? 1000;
    if (ctx.now() + wait > deadline) break;
    await ctx.sleep(wait);
  }
  const problem = transportProblem(exchange);
  if (problem) return { exchange, problem };
  if (!successStatuses(op).includes(exchange.response!.status))
    return { exchange, problem: `create answered ${exchange.response!.status}` };
  const id = jobIdOf(ctx.api, jobOf(ctx.api, exchange.json));
  if (!id)
    return {
      exchange,
      problem: exchange.jsonError
        ? `create answered ${exchange.response!.status} with a body that is not JSON (${exchange.jsonError})`
        : 'create returned no job id',
    };
  // ctx.send has registered the job for clean-up.
  return { exchange, id };
}

/** The run's first created job, shared by the create and cancel checks. */
export function firstCreatedJob(ctx: ProbeContext): Promise<CreatedJob | undefined> {
  return ctx.once('lifecycle:first-created', async () => {
    const op = createOp(ctx.api);
    return op ? createJob(ctx, op, 'lifecycle') : undefined;
  });
}

/** A job has ended when one of the API's x-lifecycle ended conditions holds. */
export function hasEnded(api: Api, job: unknown): boolean {
  return (api.lifecycle?.ended ?? []).some((condition) => conditionHolds(job, condition));
}

/** The ended conditions in words, for the checks' assumptions ("/ended_at is set or /end_reason is set"). */
export function endedText(api: Api): string {
  const conditions = api.lifecycle?.ended ?? [];
  if (conditions.length === 0) return 'no ended condition is declared';
  return conditions
    .map((c) => (c.in ? `${c.pointer} is ${c.in.join(', ')}` : `${c.pointer} is set`))
    .join(' or ');
}
