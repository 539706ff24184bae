import type { Operation, Parameter } from '../../catalogue/index.ts';
import { judgeRejection, sourceOf } from '../judge.ts';
import { DOCS, declaredAt, malformedIdStatuses } from '../open-points.ts';
import type { CheckDefinition, CheckOutcome } from '../types.ts';
import { inputFor, mayProbe, validPathParams } from './requests.ts';

const CANDIDATES = ['UPPER-Case', 'bad id!', '-leading-hyphen', 'x'];

/**
 * The official documents do not anchor every pattern at the start (Vectara v2 job_id is `job_.+$`, so
 * `xjob_1` matches it): a probe id must break the pattern read either way.
 */
function breaksUnanchored(pattern: string, id: string): boolean {
  try {
    return !new RegExp(pattern.replace(/^\^/, ''), 'u').test(id);
  } catch {
    return true;
  }
}

/** Ids that break a path parameter's documented pattern or length, found by asking its own validator. */
export function invalidIds(param: Parameter): string[] {
  const schema = param.schema.schema;
  const ids: string[] = [];
  if (typeof schema.maxLength === 'number') {
    const tooLong = 'a'.repeat(schema.maxLength + 1);
    if (!param.schema.validate(tooLong)) ids.push(tooLong);
  }
  const pattern = schema.pattern;
  if (typeof pattern === 'string') {
    const bad = CANDIDATES.find((c) => !param.schema.validate(c) && breaksUnanchored(pattern, c));
    if (bad) ids.push(bad);
  }
  return ids;
}

const constrained = (op: Operation) =>
  op.parameters.filter((p) => p.in === 'path' && invalidIds(p).length > 0);

export const idPattern: CheckDefinition = {
  id: 'input.id-pattern',
  category: 'input',
  description:
    'A path id that breaks its documented pattern or length is rejected with a documented 4xx and error shape.',
  source: (api, op) =>
    sourceOf(
      api,
      op,
      `path parameter schemas (${constrained(op)
        .map((p) => p.name)
        .join(', ')})`,
      [
        `A malformed id may be rejected as invalid (400) or answered as not found (404), whichever of the two the operation documents: no document says which (${DOCS.corrections}).`,
        `A probe id breaks the pattern read anchored or not (${DOCS.corrections}: some documented patterns are not anchored at the start), and the documented text where there is one (the parameter's description and length bounds, ${declaredAt(api, op)}).`,
      ],
    ),
  appliesTo: (op) => constrained(op).length > 0,
  faults: ['input.id-not-validated'],
  async run(ctx, op) {
    const skip = mayProbe(ctx, op);
    if (skip) return { status: 'skip', message: skip };
    const pathParams = await validPathParams(ctx, op);
    if (!pathParams) return ctx.noJobOutcome();
    const outcomes: CheckOutcome[] = [];
    for (const param of constrained(op)) {
      for (const bad of invalidIds(param)) {
        const label = `${param.name}=${bad.length > 20 ? `${bad.slice(0, 8)}…(${bad.length} chars)` : bad}`;
        const exchange = await ctx.send(
          op,
          'input',
          inputFor(ctx, op, pathParams, { pathParams: { [param.name]: bad }, label }),
        );
        outcomes.push(judgeRejection(ctx.api, op, exchange, malformedIdStatuses(op), 'input', label));
      }
    }
    return (
      outcomes.find((o) => o.status !== 'pass') ?? {
        status: 'pass',
        message: `invalid ids rejected: ${outcomes.map((o) => o.message.split(':')[0]).join(', ')}`,
        evidence: outcomes.flatMap((o) => o.evidence ?? []),
      }
    );
  },
};
