import { getAtPointer } from '../../catalogue/index.ts';
import { baselineInput } from '../context.ts';
import { sourceOf, transportProblem } from '../judge.ts';
import { walkSizes } from '../paging.ts';
import type { CheckDefinition } from '../types.ts';
import { recordsOf } from './filters.ts';

/** Sort keys that every Job schema here has: the id, and Emporix's metadata.createdAt. */
const SORTS = [
  { field: 'id', dir: 'desc' },
  { field: 'metadata.createdAt', dir: 'asc' },
] as const;

function sortKeyOf(item: Record<string, unknown>, field: string): string {
  return String(getAtPointer(item, `/${field.split('.').join('/')}`) ?? '');
}

export const sortOrder: CheckDefinition = {
  id: 'sort.order',
  category: 'consistency',
  description: 'The sort parameter (field:asc|desc) returns jobs in that order.',
  source: (api, op) => sourceOf(api, op, 'parameter sort (field:asc|desc, comma-separated)'),
  appliesTo: (op) => op.parameters.some((p) => p.name === 'sort') && op.pagination !== undefined,
  faults: ['sort.ignored'],
  async run(ctx, op) {
    const sizeRef = op.pagination!.request.size;
    const size = String(walkSizes(op).large);
    const evidence = [];
    for (const { field, dir } of SORTS) {
      const base = baselineInput(op);
      const exchange = await ctx.send(op, 'consistency', {
        ...base,
        query: { sort: `${field}:${dir}`, [sizeRef.name]: size },
        label: `sort=${field}:${dir}`,
      });
      evidence.push(exchange);
      const problem = transportProblem(exchange);
      if (problem) return { status: 'error', message: problem, evidence: [exchange] };
      const items = recordsOf(op, exchange);
      if (exchange.response!.status !== 200 || !items)
        return {
          status: 'fail',
          message: `sort=${field}:${dir} answered ${exchange.response!.status}`,
          evidence: [exchange],
        };
      for (let i = 1; i < items.length; i++) {
        const a = sortKeyOf(items[i - 1]!, field);
        const b = sortKeyOf(items[i]!, field);
        const inOrder = dir === 'asc' ? a <= b : a >= b;
        if (!inOrder) {
          return {
            status: 'fail',
            message: `sort=${field}:${dir}: item ${i} (${a}) comes before item ${i + 1} (${b})`,
            evidence: [exchange],
          };
        }
      }
    }
    return {
      status: 'pass',
      message: `sorted as asked: ${SORTS.map((s) => `${s.field}:${s.dir}`).join(', ')}`,
      evidence,
    };
  },
};
