import type { Operation } from '../../catalogue/index.ts';
import type { ProbeContext } from '../context.ts';
import { inputFor, mayProbe, validPathParams } from '../input/requests.ts';
import { judgeRejection, sourceOf } from '../judge.ts';
import { DOCS, docOf } from '../open-points.ts';
import type { ProbeInput } from '../probe.ts';
import type { CheckDefinition } from '../types.ts';

/** A request with no or wrong credentials must get the documented auth rejection status and body. */
export function authRejectionCheck(
  id: string,
  auth: ProbeInput['auth'] & string,
  what: string,
  faults: CheckDefinition['faults'],
): CheckDefinition {
  return {
    id,
    category: 'auth',
    description: `Requests with ${what} are rejected with the documented status and error shape.`,
    source: (api, op) =>
      sourceOf(
        api,
        op,
        `security + x-auth-rejection (${api.authRejection.statuses.join('/')})`,
        [
          `Any of ${api.authRejection.statuses.join(', ')} with the provider's error body is the documented rejection (${docOf(api, '/x-auth-rejection')}${(api.openapi['x-auth-rejection'] as { 'x-why'?: string } | undefined)?.['x-why'] ? ' and its x-why' : ''}; ${DOCS.readme}, the provider's "Auth" line).`,
          "Credentials are checked before the request's other parts, so an otherwise valid request shows the rejection (suite's choice).",
        ],
        'provider-docs/README.md',
      ),
    appliesTo: (op) => op.security.length > 0,
    faults,
    async run(ctx: ProbeContext, op: Operation) {
      const skip = mayProbe(ctx, op);
      if (skip) return { status: 'skip', message: skip };
      const pathParams = await validPathParams(ctx, op);
      if (!pathParams) return ctx.noJobOutcome();
      const exchange = await ctx.send(op, 'auth', inputFor(ctx, op, pathParams, { auth, label: what }));
      return judgeRejection(ctx.api, op, exchange, ctx.api.authRejection.statuses, 'auth', what);
    },
  };
}

export const authMissing = authRejectionCheck('auth.missing', 'none', 'no credentials', [
  'auth.not-enforced',
]);
export const authWrong = authRejectionCheck('auth.wrong', 'wrong', 'wrong credentials', [
  'auth.wrong-credentials-accepted',
]);
