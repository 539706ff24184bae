import { judgeRejection, sourceOf } from '../judge.ts';
import { DOCS, declaredAt, notFoundIsForParent } from '../open-points.ts';
import { itemsOf, jobIdParam } from '../probe.ts';
import type { CheckDefinition } from '../types.ts';
import { inputFor, mayProbe, validPathParams } from './requests.ts';

export const unknownId: CheckDefinition = {
  id: 'input.unknown-id',
  category: 'input',
  description:
    'A job id that does not exist answers 404 with the documented error shape (and message, where documented).',
  source: (api, op) =>
    sourceOf(api, op, 'responses.404', [
      op.responses.get('404')?.errorMessage
        ? `The 404 body carries the documented message "${op.responses.get('404')?.errorMessage}" (${declaredAt(api, op, 'responses 404 x-error-message')}; ${DOCS.corrections}: the 404 description per operation).`
        : `No message is documented for this 404 (${DOCS.readme}), so only its status and error shape are checked.`,
      ...(notFoundIsForParent(api, op)
        ? [
            `This operation's documented 404 has no message naming the job, where the get of a job has one, so it may be for a parent resource (${DOCS.corrections}: the 404 description per operation): for an unknown job a 404 passes and an empty 200 list is a warning.`,
          ]
        : []),
      "The probe ids ('zz-unknown-4041', 'job_zzunknown4041') name no job on the provider (suite's choice).",
    ]),
  appliesTo: (op, api) => jobIdParam(api, op) !== undefined && op.statuses.includes(404),
  faults: ['input.unknown-id-found'],
  async run(ctx, op) {
    const skip = mayProbe(ctx, op);
    if (skip) return { status: 'skip', message: skip };
    const idParam = jobIdParam(ctx.api, op)!;
    const param = op.parameters.find((p) => p.name === idParam)!;
    const unknown = ['zz-unknown-4041', 'job_zzunknown4041'].find((id) => param.schema.validate(id));
    if (!unknown) return { status: 'skip', message: `no unknown id fits the ${idParam} schema` };
    const pathParams = (await validPathParams(ctx, op)) ?? {};
    const exchange = await ctx.send(
      op,
      'input',
      inputFor(ctx, op, pathParams, { pathParams: { [idParam]: unknown }, label: `${idParam}=${unknown}` }),
    );
    if (notFoundIsForParent(ctx.api, op) && exchange.response?.status === 200) {
      // The documented 404 names the instance; an empty list for a job that does not exist is a reading.
      const items = itemsOf(op, exchange);
      if (items && items.length === 0)
        return {
          status: 'warn',
          message: `${idParam}=${unknown}: answered 200 with an empty list, not 404 (the documented 404 names the instance, not the job)`,
          evidence: [exchange],
        };
    }
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
