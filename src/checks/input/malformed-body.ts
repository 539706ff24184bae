import type { JsonSchema, Operation } from '../../catalogue/index.ts';
import type { Exchange } from '../../core/index.ts';
import { inputRejectionStatuses, judgeRejection, sourceOf, transportProblem } from '../judge.ts';
import { declaredAt } from '../open-points.ts';
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

/** An enum-breaking body must be rejected only where the operation documents a 400 (not inferred). */
function enumRejectionDocumented(op: Operation): boolean {
  const spec = op.responses.get('400');
  return spec !== undefined && !spec.inferred;
}

function accepted(exchange: Exchange): boolean {
  const status = exchange.response?.status;
  return !transportProblem(exchange) && status !== undefined && status >= 200 && status < 300;
}

export const malformedBody: CheckDefinition = {
  id: 'input.malformed-body',
  category: 'input',
  description:
    'A request body that is not JSON, or breaks its schema, is rejected with a documented 4xx and error shape.',
  source: (api, op) =>
    sourceOf(api, op, `requestBody ${op.requestBody?.body.ref.split('/').pop() ?? ''}`, [
      "A body that is not JSON is rejected with a 4xx under any reading: nothing can be read from it (suite's reading of a JSON request body).",
      enumRejectionDocumented(op)
        ? `A body with a value outside a request enum is rejected with the documented 400 (${declaredAt(api, op, 'responses 400')}).`
        : `Only a 'default' error response is documented (${declaredAt(api, op, 'responses')}), so an accepted body with a value outside a request enum is a warning: no document says it is rejected rather than ignored.`,
      "The rejection status is 400 where the operation documents it, else any 4xx (suite's choice).",
    ]),
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
      if (body !== NOT_JSON && !enumRejectionDocumented(op) && accepted(exchange)) {
        outcomes.push({
          status: 'warn',
          message: `${label}: accepted (${exchange.response!.status}); no document says it is rejected`,
          evidence: [exchange],
        });
        continue;
      }
      outcomes.push(judgeRejection(ctx.api, op, exchange, inputRejectionStatuses(op), 'input', label));
    }
    return (
      outcomes.find((o) => o.status === 'fail') ??
      outcomes.find((o) => o.status === 'error') ??
      outcomes.find((o) => o.status !== 'pass') ?? {
        status: 'pass',
        message: `malformed bodies rejected (${bodies.length})`,
        evidence: outcomes.flatMap((o) => o.evidence ?? []),
      }
    );
  },
};
