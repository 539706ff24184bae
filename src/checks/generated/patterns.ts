import type { JsonSchema } from '../../catalogue/index.ts';
import { typeOf, type ValueCase } from './cases.ts';

const BREAKERS = ['bad value!', 'UPPER-Case', '-', ' '];
const NOT_A_DATE = 'yesterday';

/**
 * Strings that may break a documented pattern or format (the field's own validator decides whether
 * each does), and the documented examples, which must not.
 */
export function patternCases(node: JsonSchema): ValueCase[] {
  if (typeOf(node) !== 'string' || node.enum !== undefined) return [];
  const cases: ValueCase[] = [];
  if (typeof node.pattern === 'string')
    for (const value of BREAKERS)
      cases.push({ kind: 'pattern', label: `"${value}" against /${node.pattern}/`, value });
  if (typeof node.format === 'string')
    cases.push({ kind: 'pattern', label: `text that is no ${node.format}`, value: NOT_A_DATE });
  const examples = Array.isArray(node.examples) ? node.examples : [];
  for (const example of examples.slice(0, 1))
    if (typeof example === 'string')
      cases.push({ kind: 'valid', label: 'the documented example', value: example });
  return cases;
}
