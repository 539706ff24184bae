import type { JsonSchema } from '../../catalogue/index.ts';
import { typeOf, type ValueCase } from './cases.ts';

/**
 * Boundary values of a number or a string: each bound, one past it, 0, a negative, the largest safe
 * integer; the empty string, the longest allowed and one character more.
 */
export function boundaryCases(node: JsonSchema): ValueCase[] {
  const type = typeOf(node);
  if (type === 'integer' || type === 'number') return numberBounds(node);
  if (type === 'string') return stringBounds(node);
  return [];
}

function numberBounds(node: JsonSchema): ValueCase[] {
  const cases: ValueCase[] = [];
  const min = typeof node.minimum === 'number' ? node.minimum : undefined;
  const max = typeof node.maximum === 'number' ? node.maximum : undefined;
  if (min !== undefined) {
    cases.push({ kind: 'bound', label: `the minimum ${min}`, value: min });
    cases.push({ kind: 'bound', label: `one below the minimum ${min}`, value: min - 1 });
  }
  if (max !== undefined) {
    cases.push({ kind: 'bound', label: `the maximum ${max}`, value: max });
    cases.push({ kind: 'bound', label: `one past the maximum ${max}`, value: max + 1 });
  }
  cases.push({ kind: 'bound', label: 'zero', value: 0 });
  cases.push({ kind: 'bound', label: 'a negative number', value: -1 });
  cases.push({ kind: 'bound', label: 'a very large integer', value: Number.MAX_SAFE_INTEGER });
  // One case per value: a bound's neighbour may already be zero or -1.
  return cases.filter((c, i) => cases.findIndex((d) => d.value === c.value) === i);
}

function stringBounds(node: JsonSchema): ValueCase[] {
  const cases: ValueCase[] = [];
  const min = typeof node.minLength === 'number' ? node.minLength : 0;
  const max = typeof node.maxLength === 'number' ? node.maxLength : undefined;
  if (min > 0) cases.push({ kind: 'length', label: 'the empty string', value: '' });
  if (max !== undefined) {
    cases.push({ kind: 'length', label: `a string of the maximum length ${max}`, value: 'a'.repeat(max) });
    cases.push({
      kind: 'length',
      label: `a string one past the maximum length ${max}`,
      value: 'a'.repeat(max + 1),
    });
  }
  return cases;
}
