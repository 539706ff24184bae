import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { ajvWithFormats } from '../catalogue/index.ts';
import type { RunResults } from '../core/index.ts';

export const RESULTS_SCHEMA_URL = new URL('../../schemas/results.schema.json', import.meta.url);

let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = ajvWithFormats({ allErrors: false, strict: true });
    compiled = ajv.compile(JSON.parse(readFileSync(RESULTS_SCHEMA_URL, 'utf8')) as object);
  }
  return compiled;
}

/** The first way `value` breaks results.schema.json, as one line; undefined when it is valid. */
export function resultsProblem(value: unknown): string | undefined {
  const validate = validator();
  if (validate(value)) return undefined;
  const error = validate.errors?.[0];
  if (!error) return 'does not match results.schema.json';
  const where = error.instancePath || '/';
  const extra =
    error.keyword === 'additionalProperties'
      ? ` '${(error.params as { additionalProperty: string }).additionalProperty}'`
      : error.keyword === 'enum'
        ? ` (${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')})`
        : '';
  return `${where} ${error.message}${extra}`;
}

export function isRunResults(value: unknown): value is RunResults {
  return resultsProblem(value) === undefined;
}
