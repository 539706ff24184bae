import type { Operation, Parameter } from '../../catalogue/index.ts';
import type { ProbeInput } from '../context.ts';
import { inputRejectionStatuses, judgeRejection, sourceOf } from '../judge.ts';
import type { CheckDefinition, CheckOutcome } from '../types.ts';
import { walkBase } from './walks.ts';

interface OutOfBounds {
  name: string;
  where: 'query' | 'body';
  value: number | string;
}

/** Values just outside each paging parameter's documented bounds, read from its schema. */
export function outOfBoundsValues(op: Operation): OutOfBounds[] {
  const spec = op.pagination;
  if (!spec) return [];
  const values: OutOfBounds[] = [];
  for (const ref of [spec.request.size, spec.request.page]) {
    if (!ref) continue;
    const param: Parameter | undefined = op.parameters.find((p) => p.name === ref.name);
    const schema =
      param?.schema.schema ??
      (op.requestBody?.body.schema.properties as Record<string, Record<string, unknown>> | undefined)?.[
        ref.name
      ] ??
      {};
    if (typeof schema.maximum === 'number')
      values.push({ name: ref.name, where: ref.in, value: schema.maximum + 1 });
    if (typeof schema.minimum === 'number')
      values.push({ name: ref.name, where: ref.in, value: schema.minimum - 1 });
    if (schema.type === 'string' && param && !param.schema.validate('0'))
      values.push({ name: ref.name, where: ref.in, value: '0' });
  }
  return values;
}

export const bounds: CheckDefinition = {
  id: 'pagination.bounds',
  category: 'pagination',
  description:
    'Paging parameters outside their documented bounds are rejected with the documented status and error shape.',
  source: (api, op) =>
    sourceOf(api, op, 'parameter schemas (minimum, maximum, pattern) of the paging parameters'),
  appliesTo: (op) => outOfBoundsValues(op).length > 0,
  faults: ['pagination.bounds-not-enforced'],
  async run(ctx, op) {
    const base = await walkBase(ctx, op);
    if (!base) return ctx.noJobOutcome('no job is known to page through');
    const outcomes: CheckOutcome[] = [];
    for (const { name, where, value } of outOfBoundsValues(op)) {
      const input: ProbeInput =
        where === 'query' ? { ...base, query: { [name]: value } } : { ...base, body: { [name]: value } };
      const exchange = await ctx.send(op, 'bounds', { ...input, label: `${name}=${value}` });
      outcomes.push(
        judgeRejection(ctx.api, op, exchange, inputRejectionStatuses(op), 'bounds', `${name}=${value}`),
      );
    }
    const bad = outcomes.find((o) => o.status !== 'pass');
    if (bad) return bad;
    return {
      status: 'pass',
      message: `rejected as documented: ${outOfBoundsValues(op)
        .map((v) => `${v.name}=${v.value}`)
        .join(', ')}`,
      evidence: outcomes.flatMap((o) => o.evidence ?? []),
    };
  },
};
