/**
 * What a simulator reads from the catalogue instead of restating it: parameter schemas and bounds,
 * documented error messages, enum values. Small lookups; simulators call them once at creation.
 */
import type { Api, JsonSchema, Operation, Parameter, ResponseSpec } from '../catalogue/index.ts';

export function parameter(op: Operation, name: string, where?: Parameter['in']): Parameter {
  const found = op.parameters.find((p) => p.name === name && (where === undefined || p.in === where));
  if (!found) throw new Error(`${op.key} documents no parameter '${name}'`);
  return found;
}

export interface IntegerBounds {
  minimum?: number;
  maximum?: number;
  default?: number;
}

/** minimum/maximum/default of an integer parameter, from its schema. */
export function integerBounds(op: Operation, name: string): IntegerBounds {
  const schema = parameter(op, name).schema.schema as JsonSchema;
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  return { minimum: num(schema.minimum), maximum: num(schema.maximum), default: num(schema.default) };
}

export function response(op: Operation, status: number | string): ResponseSpec {
  const spec = op.responses.get(String(status));
  if (!spec) throw new Error(`${op.key} documents no ${status} response`);
  return spec;
}

export function documents(op: Operation, status: number): boolean {
  return op.responses.has(String(status));
}

/** The documented error message for a status (x-error-message), e.g. "Job not found.". */
export function documentedMessage(op: Operation, status: number): string {
  const message = response(op, status).errorMessage;
  if (message === undefined) throw new Error(`${op.key} documents no error message for ${status}`);
  return message;
}

/** Current values of a named enum ($defs name), e.g. enumValues(api, 'JobSource'). */
export function enumValues(api: Api, name: string): string[] {
  const tier = api.enums[name];
  if (!tier) throw new Error(`${api.id} has no enum '${name}' (has ${Object.keys(api.enums).join(', ')})`);
  return tier.current;
}

export function deprecatedEnumValues(api: Api, name: string): string[] {
  const tier = api.enums[name];
  if (!tier) throw new Error(`${api.id} has no enum '${name}'`);
  return tier.deprecated;
}

/** The first schema validation error of a value against a parameter, as one line; undefined if valid. */
export function parameterError(param: Parameter, value: unknown): string | undefined {
  if (param.schema.validate(value)) return undefined;
  const error = param.schema.validate.errors?.[0];
  return error ? `${param.name} ${error.message ?? 'is invalid'}` : `${param.name} is invalid`;
}
