import { judgeRejection, sourceOf } from '../judge.ts';
import { DOCS, declaredAt, notFoundIsForParent } from '../open-points.ts';
import { itemsOf, jobIdParam } from '../probe.ts';
import type { CheckDefinition } from '../types.ts';
import { inputFor, mayProbe, validPathParams } from './requests.ts';

/**
 * Ids that name no job, shaped to fit an id parameter's schema: two fixed ones, then the pattern's
 * literal prefix (^vsfb_ → vsfb_zzunknown4041) and each example's start with its end replaced
 * (job_0a1b2c3d → job_zzzz4041), so that a documented pattern or length does not turn the probe into
 * a malformed-id one.
 */
export function unknownIdCandidates(schema: Record<string, unknown>): string[] {
  const candidates = ['zz-unknown-4041', 'job_zzunknown4041'];
  const pattern = typeof schema.pattern === 'string' ? schema.pattern : '';
  const prefix = /^\^((?:[A-Za-z0-9_-]|\\[-_.])*)/.exec(pattern)?.[1]?.replace(/\\/g, '');
  if (prefix) candidates.push(`${prefix}zzunknown4041`, `${prefix}zzzz4041`, `${prefix}4041`);
  const examples = Array.isArray(schema.examples) ? schema.examples : [];
  for (const example of examples) {
    if (typeof example !== 'string' || example.length < 5) continue;
    const tail = example.length > 8 ? 'zzzz4041' : '4041';
    const digits = example.length > 8 ? '99994041' : '4041';
    candidates.push(`${example.slice(0, example.length - tail.length)}${tail}`);
    candidates.push(`${example.slice(0, example.length - digits.length)}${digits}`);
  }
  return candidates;
}

export const unknownId: CheckDefinition = {
  id: 'input.unknown-id',
  category: 'input',
  description:
    'A job id that does not exist answers 404 with the documented error shape (and message, where documented).',
  source: (api, op) =>
    sourceOf(api, op, 'responses.404', [
      op.responses.get('404')?.errorMessage && !notFoundIsForParent(api, op)
        ? `The 404 body carries the documented message "${op.responses.get('404')?.errorMessage}" (${declaredAt(api, op, 'responses 404 x-error-message')}; ${DOCS.corrections}: the 404 description per operation).`
        : `No message is documented for this 404 (${DOCS.readme}), so only its status and error shape are checked.`,
      ...(notFoundIsForParent(api, op)
        ? [
            `This operation's documented 404 has no message naming the job, where the get of a job has one, so it may be for a parent resource (its message, if any, is not required of a 404 for an unknown job) (${DOCS.corrections}: the 404 description per operation): for an unknown job a 404 passes and an empty 200 list is a warning.`,
          ]
        : []),
      "The probe id (the first of 'zz-unknown-4041', 'job_zzunknown4041', the pattern's literal prefix or an example's start followed by zz…4041, that fits the parameter schema) names no job on the provider (suite's choice).",
    ]),
  appliesTo: (op, api) => jobIdParam(api, op) !== undefined && op.statuses.includes(404),
  faults: ['input.unknown-id-found'],
  async run(ctx, op) {
    const skip = mayProbe(ctx, op);
    if (skip) return { status: 'skip', message: skip };
    const idParam = jobIdParam(ctx.api, op)!;
    const param = op.parameters.find((p) => p.name === idParam)!;
    const unknown = unknownIdCandidates(param.schema.schema).find((id) => param.schema.validate(id));
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
    const message = notFoundIsForParent(ctx.api, op) ? undefined : op.responses.get('404')?.errorMessage;
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
