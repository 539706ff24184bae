import type { Operation } from '../../catalogue/index.ts';
import type { ProbeContext } from '../context.ts';
import { inputFor, mayProbe, validPathParams } from '../input/requests.ts';
import { sourceOf } from '../judge.ts';
import { declaredAt } from '../open-points.ts';
import type { CheckDefinition } from '../types.ts';
import { accepted, expectationOf, judgeAnswer, queryEnumRejected, rejectionDocumented } from './answers.ts';
import { ABSENT, shown } from './cases.ts';
import {
  casesOf,
  coverage,
  describePicks,
  type Field,
  isStructural,
  type Pick,
  picksArbitrary,
  randomValid,
} from './fields.ts';
import { budgetSpent, paced, runProperty } from './property.ts';

const CHECK_ID = 'generated.parameters';

/** The query parameters a generated request changes, with their cases (header and path values are the target's). */
export function queryFields(ctx: { catalogue: ProbeContext['catalogue'] }, op: Operation): Field[] {
  const paging = op.pagination?.request;
  const pagingNames = new Set([paging?.size.name, paging?.page?.name]);
  return op.parameters
    .filter((p) => p.in === 'query')
    .map((p): Field => {
      let base = p.schema.ref;
      const resolve = (node: Record<string, unknown>) => {
        const r = ctx.catalogue.resolveNode(node, base);
        base = r.base;
        return r.node;
      };
      const node = p.schema.schema;
      const random = randomValid(node, resolve);
      return {
        carrier: 'query',
        path: [p.name],
        paging: pagingNames.has(p.name),
        // A page number past the end is open (an empty page or an error): it need not be served.
        structural: isStructural(node, resolve) && p.name !== paging?.page?.name,
        cases: casesOf(node, 'query', resolve),
        ...(random ? { random } : {}),
      };
    })
    .filter((f) => f.cases.length > 0);
}

/** A schema that says more than 'any string': a type, an enum, bounds, a pattern or format. */
function generatable(schema: Record<string, unknown>): boolean {
  const keys = ['enum', 'anyOf', 'oneOf', 'pattern', 'format', 'maxLength', 'minimum', 'maximum', 'items'];
  return (
    schema.type !== 'string' || keys.some((k) => schema[k] !== undefined) || Number(schema.minLength) > 0
  );
}

/** Whether the changed query values are each valid by their parameter's own schema. */
function invalidPicks(op: Operation, picks: readonly Pick[]): Pick[] {
  return picks.filter((pick) => {
    const param = op.parameters.find((p) => p.in === 'query' && p.name === pick.field.path[0]);
    return param !== undefined && pick.case.value !== ABSENT && !param.schema.validate(pick.case.value);
  });
}

export const generatedParameters: CheckDefinition = {
  id: CHECK_ID,
  category: 'generated',
  description:
    'Generated query values (each bound and one past it, fractions and words for numbers, enum values in another case or with spaces, pattern breakers, arrays in both styles) are answered as documented: a value the documents reject with a documented 4xx and error shape, a documented value with success.',
  source: (api, op) =>
    sourceOf(api, op, 'query parameter schemas', [
      rejectionDocumented(op)
        ? `A value outside its parameter's schema is rejected with the documented 400 (${declaredAt(api, op, 'responses 400')}); a paging value outside its bounds only where x-pagination outOfBounds says rejected.`
        : `No documented 400 (${declaredAt(api, op, 'responses')}): a value outside its schema may be accepted; its answer must be a documented one.`,
      "A number, boolean or enum value inside its schema is served with a documented success; any other valid value (a free string, a page past the end) gets a documented answer (suite's reading).",
      "Inputs are made with fast-check from the parameter schemas: every single-value case first, then random combinations of up to three, bounded by --max-examples; a failure is shrunk to the smallest request (suite's choice).",
    ]),
  appliesTo: (op) => op.parameters.some((p) => p.in === 'query' && generatable(p.schema.schema)),
  faults: ['input.fraction-accepted', 'input.enum-case-ignored'],
  faultExceptions: [
    {
      fault: 'input.enum-case-ignored',
      when: (api) => !queryEnumRejected(api),
      why: 'no query enum on an operation that documents a 400: the enums are in bodies (generated.body)',
    },
  ],
  async run(ctx, op) {
    const skip = mayProbe(ctx, op);
    if (skip) return { status: 'skip', message: skip };
    const fields = queryFields(ctx, op);
    if (fields.length === 0)
      return { status: 'skip', message: 'no query parameter has a schema to generate from' };
    const pathParams = await validPathParams(ctx, op);
    if (!pathParams) return ctx.noJobOutcome();
    return runProperty(ctx, op, {
      checkId: CHECK_ID,
      noun: 'request',
      arbitrary: picksArbitrary(fields),
      coverage: (seed) => coverage(fields, seed),
      async run(picks) {
        const base = inputFor(ctx, op, pathParams);
        const query = { ...(base.query ?? {}) } as Record<string, unknown>;
        for (const pick of picks) {
          const name = pick.field.path[0]!;
          if (pick.case.value === ABSENT) delete query[name];
          else query[name] = typeof pick.case.value === 'boolean' ? String(pick.case.value) : pick.case.value;
        }
        const what = describePicks(picks, shown);
        await paced(ctx);
        const exchange = await ctx.send(op, 'generated', {
          ...base,
          query: query as never,
          label: `generated: ${what}`,
        });
        if (budgetSpent(exchange)) return { outcome: { status: 'skip', message: '' }, budgetSpent: true };
        const invalid = invalidPicks(op, picks);
        const expect = expectationOf(ctx.api, op, picks, invalid, invalid.length === 0);
        const outcome = judgeAnswer(ctx.api, op, exchange, expect, what);
        return { outcome, open: invalid.length > 0 && expect !== 'reject' && accepted(exchange) };
      },
    });
  },
};
