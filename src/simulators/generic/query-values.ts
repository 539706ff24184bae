/**
 * Whether a query or header parameter's values fit its schema. Both carry text: a number or a
 * boolean is read as one where the schema asks for it, and an array parameter (repeated `state=a&state=b`) is checked
 * as the list of its values.
 */
import type { Parameter } from '../../catalogue/index.ts';

const NUMERIC = /^-?\d+(\.\d+)?$/;

function fits(p: Parameter, value: unknown): boolean {
  return p.schema.validate(value);
}

/** Each text as itself, or as the number or boolean it reads as: the first form the schema takes. */
function oneFits(p: Parameter, raw: string): boolean {
  if (fits(p, raw)) return true;
  if (NUMERIC.test(raw) && fits(p, Number(raw))) return true;
  const flag = raw.trim().toLowerCase();
  return (flag === 'true' || flag === 'false') && fits(p, flag === 'true');
}

export function queryValid(p: Parameter, raws: readonly string[]): boolean {
  if (raws.length === 0) return true;
  if (raws.every((raw) => oneFits(p, raw))) return true;
  const asText = [...raws];
  const asNumbers = raws.map((raw) => (NUMERIC.test(raw) ? Number(raw) : raw));
  return fits(p, asText) || fits(p, asNumbers);
}
