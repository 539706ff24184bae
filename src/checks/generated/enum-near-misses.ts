import { enumTierOf, type JsonSchema } from '../../catalogue/index.ts';
import type { ValueCase } from './cases.ts';

/** The documented values of an enum node (enum, or anyOf of enum/const branches); undefined if none. */
export function enumOf(node: JsonSchema): { current: string[]; deprecated: string[] } | undefined {
  const tier = enumTierOf('', '', node);
  if (!tier) return undefined;
  return { current: tier.current, deprecated: tier.deprecated };
}

/**
 * Near misses of an enum: a documented value in another case, with a space before or after, a value
 * no document names; and the values the newer documents removed (still valid, deprecated).
 */
export function enumCases(node: JsonSchema): ValueCase[] {
  const values = enumOf(node);
  const first = values?.current[0];
  if (!values || first === undefined) return [];
  const known = new Set([...values.current, ...values.deprecated]);
  const cases: ValueCase[] = [{ kind: 'valid', label: 'a documented value', value: first }];
  const variants: [string, string][] = [
    ['upper-cased', first.toUpperCase()],
    ['lower-cased', first.toLowerCase()],
    ['capitalised', first.charAt(0).toUpperCase() + first.slice(1).toLowerCase()],
  ];
  const seen = new Set<string>();
  for (const [how, value] of variants) {
    if (known.has(value) || seen.has(value)) continue;
    seen.add(value);
    cases.push({ kind: 'enum', label: `a documented value ${how}`, value });
  }
  cases.push({ kind: 'enum', label: 'a documented value with a leading space', value: ` ${first}` });
  cases.push({ kind: 'enum', label: 'a documented value with a trailing space', value: `${first} ` });
  cases.push({ kind: 'enum', label: 'a value no document names', value: 'not-a-documented-value' });
  for (const removed of values.deprecated)
    cases.push({ kind: 'valid', label: 'a value the newer documents removed', value: removed });
  return cases;
}
