import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { RunResults } from '../core/index.ts';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

export const RESULTS_SCHEMA_URL = new URL('../../schemas/results.schema.json', import.meta.url);

let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: false, strict: true });
    addFormats(ajv);
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
