import type { Credentials } from '../../core/index.ts';
import { judgeRejection, sourceOf, transportProblem } from '../judge.ts';
import { docOf } from '../open-points.ts';
import { jobIdParam } from '../probe.ts';
import type { CheckDefinition } from '../types.ts';

/** The scopes a read-only token has: those of the API's read operations. */
function readScopes(
  op: import('../../catalogue/index.ts').Operation,
  api: import('../../catalogue/index.ts').Api,
): string[] {
  const reads = api.operations.filter((o) => !o.writes);
  return [
    ...new Set(reads.flatMap((o) => o.security.flatMap((s) => Object.values(s.schemes).flat()))),
  ].filter((scope) => !op.security.some((s) => Object.values(s.schemes).flat().includes(scope)));
}

export const authScope: CheckDefinition = {
  id: 'auth.scope',
  category: 'auth',
  description:
    'A token without the scope a write needs (its OAuth2 security requirement) is rejected with the x-auth-rejection insufficientScope status, and nothing changes.',
  source: (api, op) =>
    sourceOf(
      api,
      op,
      `security scopes ${op.security.map((s) => Object.values(s.schemes).flat().join(',')).join(' | ')}`,
      [
        `A token without the operation's scope is rejected with ${api.authRejection.insufficientScope?.status ?? 403} and its error body (${docOf(api)}: the operation's security names its scopes).`,
        `A rejected DELETE changes nothing: the job can still be read (suite's reading of a rejection).`,
      ],
    ),
  writes: true,
  appliesTo: (op, api) =>
    op.writes && api.authRejection.insufficientScope !== undefined && readScopes(op, api).length > 0,
  faults: ['auth.scope-not-enforced'],
  async run(ctx, op) {
    if (!ctx.options.allowWrites)
      return { status: 'skip', message: 'write operation: not sent without --allow-writes' };
    const idParam = jobIdParam(ctx.api, op);
    const id = ctx.options.live ? ctx.options.deletableJobId : await ctx.knownJobId();
    if (!idParam || !id)
      return ctx.options.live
        ? {
            status: 'skip',
            message: `no job the run may delete (${ctx.api.liveSettings?.deletableJobId?.env ?? 'no deletable job setting'})`,
          }
        : ctx.noJobOutcome();
    const creds = ctx.target.credentials;
    let auth: Credentials | undefined;
    let scope: string | undefined;
    const isClient = Object.values(creds.schemes).some(
      (c) => c.clientId !== undefined && c.token === undefined,
    );
    if (creds.readOnly) auth = { kind: 'schemes', schemes: creds.readOnly };
    else if (isClient) scope = readScopes(op, ctx.api).join(' ');
    else return { status: 'skip', message: 'needs client credentials to get a read-only token' };
    const exchange = await ctx.send(op, 'auth', {
      pathParams: { [idParam]: id },
      auth,
      scope,
      label: 'read-only token',
    });
    const outcome = judgeRejection(
      ctx.api,
      op,
      exchange,
      [ctx.api.authRejection.insufficientScope!.status],
      'auth',
      'read-only token',
    );
    if (outcome.status !== 'pass') return outcome;
    const get = ctx.api.operations.find((o) => o.method === 'GET' && jobIdParam(ctx.api, o) === idParam);
    if (get) {
      const after = await ctx.send(get, 'consistency', {
        pathParams: { [idParam]: id },
        label: 'still there after the rejected delete',
      });
      const problem = transportProblem(after);
      if (problem || after.response!.status !== 200) {
        return {
          status: 'fail',
          message: `the rejected delete removed job ${id}: GET answered ${problem ?? after.response!.status}`,
          evidence: [exchange, after],
        };
      }
    }
    return outcome;
  },
};
