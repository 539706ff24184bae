import type { Operation } from '../../catalogue/index.ts';
import { baselineInput, jobIdParam, type ProbeContext, type ProbeInput } from '../context.ts';
import { requiredBody } from '../lifecycle/jobs.ts';

/**
 * The path parameters an operation needs, with a job id that exists: a job this run created when
 * there is one (safe to act on live), else the first listed job.
 */
export async function validPathParams(
  ctx: ProbeContext,
  op: Operation,
): Promise<Record<string, string> | undefined> {
  const idParam = jobIdParam(op);
  if (!idParam) return {};
  const id = ctx.created.find((c) => c.op.api === op.api)?.id ?? (await ctx.knownJobId());
  return id ? { [idParam]: id } : undefined;
}

/** Reads always; writes only with --allow-writes, and on live only against jobs this run created. */
export function mayProbe(ctx: ProbeContext, op: Operation): string | undefined {
  if (!op.writes) return undefined;
  if (!ctx.options.allowWrites) return 'write operation: not sent without --allow-writes';
  return undefined;
}

/** A valid request for the operation (required body included), with one thing changed by `extra`. */
export function inputFor(
  ctx: ProbeContext,
  op: Operation,
  pathParams: Record<string, string>,
  extra: ProbeInput = {},
): ProbeInput {
  const base = baselineInput(op);
  if (op.requestBody?.required) base.body = requiredBody(ctx.catalogue, op);
  return { ...base, ...extra, pathParams: { ...pathParams, ...extra.pathParams } };
}
