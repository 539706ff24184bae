import {
  type Api,
  type Catalogue,
  enumTierOf,
  type JsonSchema,
  type Operation,
} from '../../catalogue/index.ts';
import type { Exchange } from '../../core/index.ts';
import type { ProbeContext } from '../context.ts';
import { transportProblem } from '../judge.ts';
import { retryAfterMs } from '../open-points.ts';
import { isRecord, jobIdParam, jobOf } from '../probe.ts';

/** Cloudflare: a job has ended once ended_at or end_reason is set (provider-docs/README.md). */
export const TERMINAL_FIELDS = ['ended_at', 'end_reason'] as const;

export const createOp = (api: Api) =>
  api.operations.find((o) => o.method === 'POST' && o.writes && !jobIdParam(o));
export const getOp = (api: Api) =>
  api.operations.find((o) => o.method === 'GET' && jobIdParam(o) && !o.pagination);
export const logsOp = (api: Api) =>
  api.operations.find((o) => o.method === 'GET' && jobIdParam(o) && o.pagination);
export const cancelOp = (api: Api) => api.operations.find((o) => o.method === 'PATCH' && jobIdParam(o));

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

export interface CreatedJob {
  exchange: Exchange;
  id?: string;
  problem?: string;
}

/** Creates a job, waiting out a cooldown 429 by its retry-after (bounded); records it for clean-up. */
export async function createJob(ctx: ProbeContext, op: Operation, label: string): Promise<CreatedJob> {
  const deadline = Date.now() + ctx.options.pollTimeoutMs;
  let exchange: Exchange;
  for (let attempt = 1; ; attempt++) {
    exchange = await ctx.send(op, 'lifecycle', {
      body: { description: `jobs-conformance ${label}` },
      noRetry: true,
      label: `create (${label}), attempt ${attempt}`,
    });
    const status = exchange.response?.status;
    if (status !== 429 || attempt >= 4) break;
    // Seconds or an HTTP date (RFC 9110; the official Cloudflare SDK reads both); 1 s when absent.
    const wait = retryAfterMs(exchange.response!.headers['retry-after']) ?? 1000;
    if (Date.now() + wait > deadline) break;
    await ctx.sleep(wait);
  }
  const problem = transportProblem(exchange);
  if (problem) return { exchange, problem };
  if (exchange.response!.status !== 200)
    return { exchange, problem: `create answered ${exchange.response!.status}` };
  const job = jobOf(op, exchange.json);
  const id = isRecord(job) && typeof job.id === 'string' ? job.id : undefined;
  if (!id)
    return {
      exchange,
      problem: exchange.jsonError
        ? `create answered 200 with a body that is not JSON (${exchange.jsonError})`
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

export function hasEnded(job: unknown): boolean {
  return (
    isRecord(job) && TERMINAL_FIELDS.some((f) => job[f] !== undefined && job[f] !== null && job[f] !== '')
  );
}
