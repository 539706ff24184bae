import type { JsonSchema } from '../../catalogue/index.ts';
import { type Carrier, typeOf, type ValueCase } from './cases.ts';

/**
 * Values of the wrong type. A query string carries only text, so there only what text can confuse:
 * a fraction or a word where a whole number is documented, a word for a boolean. A JSON body
 * carries types, so every other JSON type is tried.
 */
export function typeCases(node: JsonSchema, carrier: Carrier): ValueCase[] {
  const type = typeOf(node);
  if (type === undefined) return [];
  const cases: ValueCase[] = [];
  if (type === 'integer')
    cases.push({ kind: 'type', label: 'a fraction for an integer', value: integerBase(node) + 0.5 });
  if (type === 'integer' || type === 'number')
    cases.push({ kind: 'type', label: 'a word for a number', value: 'abc' });
  if (type === 'boolean' && carrier === 'query')
    cases.push({ kind: 'type', label: 'a word for a boolean', value: 'maybe' });
  if (carrier === 'query') return cases;
  const others: [string, unknown][] = [
    ['string', 'abc'],
    ['number', 1],
    ['boolean', true],
    ['null', null],
    ['array', ['abc']],
    ['object', { a: 1 }],
  ];
  const nullable = Array.isArray(node.type) && node.type.includes('null');
  for (const [name, value] of others) {
    if (name === type || (name === 'number' && type === 'integer') || (name === 'null' && nullable)) continue;
    cases.push({ kind: 'type', label: `a JSON ${name} for a ${type}`, value });
  }
  return cases;
}

/** A whole number inside the bounds, so that its fraction breaks only the type. */
function integerBase(node: JsonSchema): number {
  const min = typeof node.minimum === 'number' ? node.minimum : 1;
  const max = typeof node.maximum === 'number' ? node.maximum : min + 1;
  return max > min ? min : min - 1;
}
