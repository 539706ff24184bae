import type { Operation } from '../../catalogue/index.ts';
import type { ProbeContext } from '../context.ts';
import { firstCreatedJob, requiredBody } from '../lifecycle/jobs.ts';
import { baselineInput, jobIdParam, type ProbeInput } from '../probe.ts';

/**
 * The path parameters an operation needs, with a job id that exists. A write on a live target acts
 * only on a job this run created (or, for DELETE, the one EMPORIX_DELETABLE_JOB_ID names): a provider
 * that wrongly accepts a probe must never cancel or delete somebody's job.
 */
export async function validPathParams(
  ctx: ProbeContext,
  op: Operation,
): Promise<Record<string, string> | undefined> {
  const idParam = jobIdParam(ctx.api, op);
  if (!idParam) return {};
  if (op.writes && ctx.options.live) {
    const id =
      (await firstCreatedJob(ctx))?.id ?? (op.method === 'DELETE' ? ctx.options.deletableJobId : undefined);
    return id ? { [idParam]: id } : undefined;
  }
  const id = ctx.created.find((c) => c.op.api === op.api)?.id ?? (await ctx.knownJobId());
  return id ? { [idParam]: id } : undefined;
}

/** Reads always; writes only with --allow-writes. */
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
