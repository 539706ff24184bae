import { isRecord, jobIdParam, jobOf } from '../context.ts';
import { judgeRejection, sourceOf, transportProblem } from '../judge.ts';
import type { CheckDefinition } from '../types.ts';
import { cancelOp, firstCreatedJob, requiredBody } from './jobs.ts';

export const lifecycleCancel: CheckDefinition = {
  id: 'lifecycle.cancel',
  category: 'lifecycle',
  description:
    'A running job the run created can be cancelled once; a second cancel is rejected with 400 "Job cannot be cancelled."',
  source: (api, op) =>
    sourceOf(
      api,
      op,
      'PATCH {action: cancel}; responses.400',
      'provider-docs/README.md#cloudflare-ai-search-jobs',
    ),
  writes: true,
  appliesTo: (op, api) => op === cancelOp(api),
  faults: ['lifecycle.cancel-ended-accepted'],
  async run(ctx, op) {
    if (!ctx.options.allowWrites)
      return { status: 'skip', message: 'write operation: not sent without --allow-writes' };
    const created = await firstCreatedJob(ctx);
    if (!created?.id)
      return created?.problem
        ? {
            status: 'error',
            message: `no job was created to cancel (${created.problem})`,
            evidence: created.exchange ? [created.exchange] : [],
          }
        : { status: 'skip', message: 'no job was created to cancel' };
    const idParam = jobIdParam(op)!;
    const body = requiredBody(ctx.catalogue, op);
    const first = await ctx.send(op, 'lifecycle', {
      pathParams: { [idParam]: created.id },
      body,
      label: `cancel ${created.id}`,
    });
    const problem = transportProblem(first);
    if (problem) return { status: 'error', message: problem, evidence: [first] };
    const job = jobOf(op, first.json);
    if (first.response!.status !== 200 || !isRecord(job) || job.id !== created.id) {
      return {
        status: 'fail',
        message: `cancel of running job ${created.id} answered ${first.response!.status}`,
        evidence: [first],
      };
    }
    const second = await ctx.send(op, 'lifecycle', {
      pathParams: { [idParam]: created.id },
      body,
      label: `cancel ${created.id} again`,
    });
    const outcome = judgeRejection(ctx.api, op, second, [400], 'lifecycle', 'second cancel');
    const message = op.responses.get('400')?.errorMessage;
    if (outcome.status === 'pass' && message && !JSON.stringify(second.json).includes(message)) {
      return {
        status: 'fail',
        message: `second cancel: 400 without the documented message "${message}"`,
        evidence: [first, second],
      };
    }
    return {
      ...outcome,
      evidence: [first, second],
      message:
        outcome.status === 'pass'
          ? `cancelled ${created.id}; the second cancel was rejected with 400`
          : outcome.message,
    };
  },
};
