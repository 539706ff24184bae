import { jobIdParam } from '../context.ts';
import { judgeRejection, sourceOf } from '../judge.ts';
import type { CheckDefinition } from '../types.ts';
import { inputFor, mayProbe, validPathParams } from './requests.ts';

export const unknownId: CheckDefinition = {
  id: 'input.unknown-id',
  category: 'input',
  description:
    'A job id that does not exist answers 404 with the documented error shape (and message, where documented).',
  source: (api, op) => sourceOf(api, op, 'responses.404'),
  appliesTo: (op) => jobIdParam(op) !== undefined && op.statuses.includes(404),
  faults: ['input.unknown-id-found'],
  async run(ctx, op) {
    const skip = mayProbe(ctx, op);
    if (skip) return { status: 'skip', message: skip };
    const idParam = jobIdParam(op)!;
    const param = op.parameters.find((p) => p.name === idParam)!;
    const unknown = ['zz-unknown-4041', 'job_zzunknown4041'].find((id) => param.schema.validate(id));
    if (!unknown) return { status: 'skip', message: `no unknown id fits the ${idParam} schema` };
    const pathParams = (await validPathParams(ctx, op)) ?? {};
    const exchange = await ctx.send(
      op,
      'input',
      inputFor(ctx, op, pathParams, { pathParams: { [idParam]: unknown }, label: `${idParam}=${unknown}` }),
    );
    const outcome = judgeRejection(ctx.api, op, exchange, [404], 'input', `${idParam}=${unknown}`);
    const message = op.responses.get('404')?.errorMessage;
    if (outcome.status === 'pass' && message && !JSON.stringify(exchange.json).includes(message)) {
      return {
        status: 'fail',
        message: `${idParam}=${unknown}: 404 without the documented message "${message}"`,
        evidence: [exchange],
      };
    }
    return outcome;
  },
};
