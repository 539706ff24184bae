import type { Operation, Parameter } from '../../catalogue/index.ts';
import { inputRejectionStatuses, judgeRejection, sourceOf, transportProblem } from '../judge.ts';
import { boundsRejectionDocumentedBy, boundsRejectionOpen, declaredAt } from '../open-points.ts';
import { itemsOf, type ProbeInput } from '../probe.ts';
import type { CheckDefinition, CheckOutcome } from '../types.ts';
import { walkBase } from './walks.ts';

interface OutOfBounds {
  name: string;
  where: 'query' | 'body';
  value: number | string;
  /** The documented maximum of a page size, when the value is one past it. */
  maxItems?: number;
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
      values.push({
        name: ref.name,
        where: ref.in,
        value: schema.maximum + 1,
        ...(ref === spec.request.size ? { maxItems: schema.maximum } : {}),
      });
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
    'Paging parameters outside their documented bounds are rejected with the documented status and error shape where a document says so; elsewhere an accepted value is a warning, and a page larger than the documented maximum fails.',
  source: (api, op) => {
    const documented = boundsRejectionDocumentedBy(api, op);
    return sourceOf(api, op, 'parameter schemas (minimum, maximum, pattern) of the paging parameters', [
      documented
        ? `Values outside the bounds are rejected with the documented input-validation status (${documented}).`
        : `No document says that values outside the bounds are rejected rather than clamped or ignored (${declaredAt(api, op, 'x-pagination')} declares no outOfBounds rejected with a documented 400): an accepted value is a warning.`,
      "A page size past the documented maximum must never give more items than the maximum, accepted or not (suite's reading of a documented maximum).",
    ]);
  },
  appliesTo: (op) => outOfBoundsValues(op).length > 0,
  faults: ['pagination.bounds-not-enforced'],
  faultExceptions: [
    {
      fault: 'pagination.bounds-not-enforced',
      when: boundsRejectionOpen,
      why: 'no x-pagination declares out-of-bounds values rejected with a documented 400: a clamped value is a warning',
    },
  ],
  async run(ctx, op) {
    const base = await walkBase(ctx, op);
    if (!base) return ctx.noJobOutcome('no job is known to page through');
    const documented = boundsRejectionDocumentedBy(ctx.api, op) !== undefined;
    const outcomes: CheckOutcome[] = [];
    for (const { name, where, value, maxItems } of outOfBoundsValues(op)) {
      const label = `${name}=${value}`;
      const input: ProbeInput =
        where === 'query' ? { ...base, query: { [name]: value } } : { ...base, body: { [name]: value } };
      const exchange = await ctx.send(op, 'bounds', { ...input, label });
      const status = exchange.response?.status;
      if (!transportProblem(exchange) && status !== undefined && status >= 200 && status < 300) {
        const items = itemsOf(op, exchange);
        if (maxItems !== undefined && items && items.length > maxItems) {
          outcomes.push({
            status: 'fail',
            message: `${label}: accepted, and the page holds ${items.length} items, more than the documented maximum ${maxItems}`,
            evidence: [exchange],
          });
          continue;
        }
        if (!documented) {
          outcomes.push({
            status: 'warn',
            message: `${label}: accepted (${status}), not rejected; no document says it must be`,
            evidence: [exchange],
          });
          continue;
        }
      }
      outcomes.push(judgeRejection(ctx.api, op, exchange, inputRejectionStatuses(op), 'bounds', label));
    }
    const worst =
      outcomes.find((o) => o.status === 'fail') ??
      outcomes.find((o) => o.status === 'error') ??
      outcomes.find((o) => o.status === 'warn');
    if (worst) return worst;
    return {
      status: 'pass',
      message: `rejected as documented: ${outOfBoundsValues(op)
        .map((v) => `${v.name}=${v.value}`)
        .join(', ')}`,
      evidence: outcomes.flatMap((o) => o.evidence ?? []),
    };
  },
};
