/**
 * jobs-conformance.config.json: the defaults of `run` and the expectations (known deviations).
 * It is read from the working directory, or from --config PATH, and validated against
 * schemas/config.schema.json; a bad file is one line naming the file, the JSON pointer and the fix.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { Ajv2020, ErrorObject } from 'ajv/dist/2020.js';
import { ajvWithFormats } from '../catalogue/index.ts';
import { UsageError } from '../core/index.ts';
import type { Expectation } from '../runner/index.ts';

export const CONFIG_FILE = 'jobs-conformance.config.json';
export const CONFIG_SCHEMA_URL = new URL('../../schemas/config.schema.json', import.meta.url);

/** The run options a config file may set, as `run` names its flags (camelCase). */
export interface RunDefaults {
  api?: string;
  target?: 'mock' | 'live';
  allowWrites?: boolean;
  check?: string | string[];
  reportDir?: string;
  dotenv?: string;
  baseline?: string;
  failOn?: 'any' | 'new';
  budget?: number;
  pageLimit?: number;
  timeout?: number;
  requestTimeout?: number;
  contracts?: boolean;
}

export interface Config {
  /** The file as shown to the user (relative to the working directory). */
  source: string;
  run: RunDefaults;
  expectations: Expectation[];
}

type Schema = { 'x-fix'?: string; properties?: Record<string, Schema>; items?: Schema };

let compiled: ReturnType<Ajv2020['compile']> | undefined;
function validator() {
  if (!compiled) {
    const ajv = ajvWithFormats({ allErrors: true, strict: true, verbose: true });
    // Each property says how to fix a bad value; the messages below quote it.
    ajv.addKeyword({ keyword: 'x-fix', schemaType: 'string' });
    compiled = ajv.compile(JSON.parse(readFileSync(CONFIG_SCHEMA_URL, 'utf8')) as object);
  }
  return compiled;
}

/** The deepest error first; at one place, an anyOf's own error (it carries the fix) beats its branches'. */
function firstError(errors: ErrorObject[]): ErrorObject {
  const ranked = [...errors].sort(
    (a, b) =>
      b.instancePath.length - a.instancePath.length ||
      Number(b.keyword === 'anyOf') - Number(a.keyword === 'anyOf'),
  );
  return ranked[0]!;
}

/** The one-line problem and fix of a schema error. */
function explain(error: ErrorObject): { pointer: string; problem: string; fix: string } {
  const parent = (error.parentSchema ?? {}) as Schema;
  const pointer = error.instancePath || '/';
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') {
    const name = String(params.missingProperty);
    const fix = parent.properties?.[name]?.['x-fix'] ?? `add ${name}`;
    return { pointer, problem: `${name} is missing`, fix: `add "${name}": ${fix}` };
  }
  if (error.keyword === 'anyOf')
    return { pointer, problem: 'has the wrong type', fix: parent['x-fix'] ?? '' };
  if (error.keyword === 'additionalProperties') {
    const name = String(params.additionalProperty);
    const allowed = Object.keys(parent.properties ?? {}).join(', ');
    return {
      pointer: `${pointer === '/' ? '' : pointer}/${name}`,
      problem: `${name} is not a known setting`,
      fix: `remove it or correct its name (allowed here: ${allowed})`,
    };
  }
  const allowed = Array.isArray(params.allowedValues) ? ` (${params.allowedValues.join(', ')})` : '';
  return {
    pointer,
    problem: `${error.message ?? 'is not valid'}${allowed}`,
    fix: parent['x-fix'] ?? 'see schemas/config.schema.json',
  };
}

function fail(source: string, pointer: string, problem: string, fix: string): never {
  throw new UsageError(`${source} ${pointer}: ${problem}: ${fix}`);
}

/** Relative paths in the file are taken from its folder. */
function fromFile(file: string, path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  return relative(process.cwd(), resolve(dirname(file), path)) || '.';
}

/**
 * Reads a config file: `path` (--config, must exist), else jobs-conformance.config.json in the
 * working directory when there is one; undefined when there is none.
 */
export function loadConfig(path?: string): Config | undefined {
  const file = path ?? (existsSync(CONFIG_FILE) ? CONFIG_FILE : undefined);
  if (file === undefined) return undefined;
  const source = relative(process.cwd(), resolve(file)) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(`--config ${source}: cannot read it (${code}): give the path of a config file`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const why = (error as Error).message.replace(/\s+/g, ' ');
    fail(source, '/', `not JSON (${why})`, 'write it as JSON');
  }
  const validate = validator();
  if (!validate(value)) {
    const { pointer, problem, fix } = explain(firstError(validate.errors ?? []));
    fail(source, pointer, problem, fix);
  }
  const config = value as { run?: RunDefaults; expectations?: Expectation[] };
  const expectations = config.expectations ?? [];
  expectations.forEach((e, i) => {
    if (e.message === undefined) return;
    try {
      new RegExp(e.message);
    } catch (error) {
      fail(
        source,
        `/expectations/${i}/message`,
        `not a regular expression (${(error as Error).message})`,
        'put a backslash before a special character such as ( [ { . * + ? (written \\\\ in JSON)',
      );
    }
  });
  const run = { ...config.run };
  for (const key of ['reportDir', 'dotenv', 'baseline'] as const) {
    const shown = fromFile(file, run[key]);
    if (shown !== undefined) run[key] = shown;
  }
  return { source, run, expectations };
}

/** The flag values (strings, as commander gives them) a config's run defaults stand for. */
export function defaultsAsFlags(run: RunDefaults): Record<string, string | boolean> {
  const flags: Record<string, string | boolean> = {};
  for (const [key, value] of Object.entries(run)) {
    if (value === undefined) continue;
    flags[key] = Array.isArray(value) ? value.join(',') : typeof value === 'number' ? String(value) : value;
  }
  return flags;
}
