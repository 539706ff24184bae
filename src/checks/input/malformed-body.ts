import type { JsonSchema, Operation } from '../../catalogue/index.ts';
import { inputRejectionStatuses, judgeRejection, sourceOf } from '../judge.ts';
import type { CheckDefinition, CheckOutcome } from '../types.ts';
import { inputFor, mayProbe, validPathParams } from './requests.ts';

export const NOT_JSON = '{"unterminated": ';

/** A body that is JSON but breaks the request schema's first enum (Cloudflare action, Vectara state). */
export function enumBreakingBody(op: Operation): Record<string, unknown> | undefined {
  const body = op.requestBody?.body;
  const props = (body?.schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const [name, prop] of Object.entries(props)) {
    const value = 'not-a-documented-value';
    const candidate = { [name]: prop.type === 'array' ? [value] : value };
    // The body's own validator says whether the value breaks an enum (or const) there.
    if (
      !body!.validate(candidate) &&
      body!.validate.errors?.some((e) => e.keyword === 'enum' || e.keyword === 'const')
    ) {
      return candidate;
    }
  }
  return undefined;
}

export const malformedBody: CheckDefinition = {
  id: 'input.malformed-body',
  category: 'input',
  description:
    'A request body that is not JSON, or breaks its schema, is rejected with a documented 4xx and error shape.',
  source: (api, op) => sourceOf(api, op, `requestBody ${op.requestBody?.body.ref.split('/').pop() ?? ''}`),
  appliesTo: (op) => op.requestBody !== undefined,
  faults: ['input.malformed-body-accepted'],
  async run(ctx, op) {
    const skip = mayProbe(ctx, op);
    if (skip) return { status: 'skip', message: skip };
    const pathParams = await validPathParams(ctx, op);
    if (!pathParams) return ctx.noJobOutcome();
    const bodies: [string, unknown][] = [['body that is not JSON', NOT_JSON]];
    const enumBody = enumBreakingBody(op);
    if (enumBody) bodies.push([`body ${JSON.stringify(enumBody)}`, enumBody]);
    const outcomes: CheckOutcome[] = [];
    for (const [label, body] of bodies) {
      const exchange = await ctx.send(op, 'input', inputFor(ctx, op, pathParams, { body, label }));
      outcomes.push(judgeRejection(ctx.api, op, exchange, inputRejectionStatuses(op), 'input', label));
    }
    return (
      outcomes.find((o) => o.status !== 'pass') ?? {
        status: 'pass',
        message: `malformed bodies rejected (${bodies.length})`,
        evidence: outcomes.flatMap((o) => o.evidence ?? []),
      }
    );
  },
};
