import type { Operation } from '../../catalogue/index.ts';
import type { ProbeContext } from '../context.ts';
import { inputFor, mayProbe, validPathParams } from '../input/requests.ts';
import { sourceOf } from '../judge.ts';
import { cancelBody, cancelOp, createJob, createOp } from '../lifecycle/jobs.ts';
import { declaredAt } from '../open-points.ts';
import { jobIdParam } from '../probe.ts';
import type { CheckDefinition } from '../types.ts';
import { accepted, bodyEnumRejected, expectationOf, judgeAnswer, rejectionDocumented } from './answers.ts';
import { applyPicks, bodyFields } from './body-fields.ts';
import { shown } from './cases.ts';
import { coverage, describePicks, picksArbitrary } from './fields.ts';
import { budgetSpent, paced, runProperty } from './property.ts';

const CHECK_ID = 'generated.body';

/** The valid body a generated one starts from: the create's or cancel's, else the required values. */
function baseBody(ctx: ProbeContext, op: Operation, fallback: unknown): unknown {
  if (op === createOp(ctx.api)) {
    const declared = ctx.options.createBody ?? ctx.api.lifecycle?.createBody;
    if (declared !== undefined) return declared;
  }
  if (op === cancelOp(ctx.api)) return cancelBody(ctx.catalogue, ctx.api, op) ?? fallback;
  return fallback ?? {};
}

/**
 * The job a generated body acts on. A cancel's body is judged on a job created for it (this run's own,
 * live too), so that a body read as valid shows as a cancel, not as the rejection an ended job gets
 * whatever its body.
 */
async function targetJob(ctx: ProbeContext, op: Operation): Promise<Record<string, string> | undefined> {
  const idParam = jobIdParam(ctx.api, op);
  const create = createOp(ctx.api);
  if (op === cancelOp(ctx.api) && idParam && create) {
    // A fresh job (the create waits out a documented cooldown): the near misses come first, while it runs.
    const made = await createJob(ctx, create, 'generated cancel bodies');
    if (made.id !== undefined) return { [idParam]: made.id };
  }
  return validPathParams(ctx, op);
}

export const generatedBody: CheckDefinition = {
  id: CHECK_ID,
  category: 'generated',
  description:
    'Generated request bodies (each bound and one past it, wrong JSON types, enum values in another case, required fields left out, unknown fields, bodies that are not JSON) are answered as documented: a body the documents reject with a documented 4xx and error shape.',
  source: (api, op) =>
    sourceOf(api, op, `requestBody ${op.requestBody?.body.ref.split('/').pop() ?? ''}`, [
      rejectionDocumented(op)
        ? `A body that breaks its schema is rejected with the documented 400 (${declaredAt(api, op, 'responses 400')}).`
        : `No documented 400 (${declaredAt(api, op, 'responses')}): a body that breaks its schema may be accepted; its answer must be a documented one.`,
      "A valid body gets a documented answer; a read's body of numbers, booleans and enum values is served with success (suite's reading).",
      "Bodies are made with fast-check from the request schema, starting from the valid body the lifecycle sends: every single-field case first, then random combinations of up to three, bounded by --max-examples; a failure is shrunk to the smallest body (suite's choice).",
    ]),
  appliesTo: (op) => op.requestBody !== undefined,
  faults: ['input.overlong-string-accepted', 'input.enum-case-ignored'],
  faultExceptions: [
    {
      fault: 'input.enum-case-ignored',
      when: (api, catalogue) => !bodyEnumRejected(api, catalogue),
      why: 'no body enum on an operation that documents a 400: the enums are in the query (generated.parameters)',
    },
  ],
  async run(ctx, op) {
    const skip = mayProbe(ctx, op);
    if (skip) return { status: 'skip', message: skip };
    const fields = bodyFields(ctx.catalogue, op);
    const pathParams = await targetJob(ctx, op);
    if (!pathParams) return ctx.noJobOutcome();
    const handle = op.requestBody!.body;
    return runProperty(ctx, op, {
      checkId: CHECK_ID,
      noun: 'request',
      arbitrary: picksArbitrary(fields),
      coverage: (seed) => coverage(fields, seed),
      async run(picks) {
        const base = inputFor(ctx, op, pathParams);
        const body = applyPicks(baseBody(ctx, op, base.body), picks);
        const what = describePicks(picks, shown);
        await paced(ctx);
        const exchange = await ctx.send(op, 'generated', {
          ...base,
          body,
          noRetry: true,
          label: `generated: ${what}`,
        });
        if (budgetSpent(exchange)) return { outcome: { status: 'skip', message: '' }, budgetSpent: true };
        const valid = typeof body !== 'string' && handle.validate(body);
        // Each change judged alone, so that a bound left open does not make its neighbour's rejection required.
        const invalid = valid
          ? []
          : picks.filter((p) => {
              const alone = applyPicks(baseBody(ctx, op, base.body), [p]);
              return typeof alone === 'string' || !handle.validate(alone);
            });
        const expect = expectationOf(ctx.api, op, picks, invalid, valid);
        const outcome = judgeAnswer(ctx.api, op, exchange, expect, what);
        return { outcome, open: !valid && expect !== 'reject' && accepted(exchange) };
      },
    });
  },
};
