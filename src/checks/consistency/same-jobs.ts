import { sourceOf, transportProblem } from '../judge.ts';
import { docOf } from '../open-points.ts';
import { isRecord, jobIdOf, jobIdParam, jobOf } from '../probe.ts';
import type { CheckDefinition } from '../types.ts';

/**
 * x-lifecycle sameJobsAs: the jobs of this API are another API's jobs at some path values
 * (Cloudflare's instance paths are the namespace 'default'). A listed job is read at the other API's
 * get: read-only, so it runs without --allow-writes.
 */
export const sameJobs: CheckDefinition = {
  id: 'consistency.same-jobs',
  category: 'consistency',
  description:
    "A job of this API is the same job at the other API's paths that its folder names (sameJobsAs).",
  source: (api, op) =>
    sourceOf(api, op, 'x-lifecycle sameJobsAs', [
      `The jobs are ${api.lifecycle?.sameJobsAs?.api ?? 'another API'}'s at ${JSON.stringify(api.lifecycle?.sameJobsAs?.pathValues ?? {})} (${docOf(api, '/x-lifecycle/sameJobsAs')}).`,
      "A listed job is read once at the other API's get; its id must come back (suite's reading: the same job, not an equal copy, so only the id is compared).",
    ]),
  appliesTo: (op, api) =>
    api.lifecycle?.sameJobsAs !== undefined &&
    op.id === api.lifecycle.operations.get &&
    jobIdParam(api, op) !== undefined,
  faults: ['consistency.same-jobs-apart'],
  async run(ctx) {
    const same = ctx.api.lifecycle?.sameJobsAs;
    const other = same ? ctx.catalogue.apis.get(same.api) : undefined;
    const getId = other?.lifecycle?.operations.get;
    const get = getId ? other?.operations.find((o) => o.id === getId) : undefined;
    const idParam = other && get ? jobIdParam(other, get) : undefined;
    if (!same || !other || !get || !idParam)
      return {
        status: 'skip',
        message: `sameJobsAs names ${same?.api ?? 'no API'}, which this catalogue has no job get for`,
      };
    const { items } = await ctx.firstPage();
    const listed = items.map((i) => jobIdOf(ctx.api, i)).find((id) => id !== undefined);
    if (listed === undefined) return ctx.noJobOutcome('the list returned no job to look for');
    const id = String(listed);
    const where = Object.entries(same.pathValues)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    const exchange = await ctx.send(get, 'consistency', {
      pathParams: { ...same.pathValues, [idParam]: id },
      label: `get ${id} at ${other.id} (${where})`,
    });
    const problem = transportProblem(exchange);
    if (problem) return { status: 'error', message: problem, evidence: [exchange] };
    const status = exchange.response!.status;
    const got = jobOf(other, exchange.json);
    const gotId = isRecord(got) ? jobIdOf(other, got) : undefined;
    if (status !== 200 || String(gotId) !== id)
      return {
        status: 'fail',
        message:
          status !== 200
            ? `job ${id} is listed here, but ${other.id} (${where}) answered ${status} for it`
            : `job ${id} is listed here, but ${other.id} (${where}) returned ${gotId === undefined ? 'no job' : `job ${String(gotId)}`}`,
        evidence: [exchange],
      };
    return {
      status: 'pass',
      message: `job ${id} is the same job at ${other.id} (${where})`,
      evidence: [exchange],
    };
  },
};
