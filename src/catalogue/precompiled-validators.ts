import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { EXTENSIONS_SCHEMA_PATH } from './extensions-check.ts';
import { SCHEMA_AJV_OPTIONS, type Validators } from './schema-validators.ts';

// The validators `npm run build` generated as Ajv standalone code (precompile-validators.ts), so a run
// from dist/ compiles no schema. They serve only schemas that hash the same as the build's.

/** Beside the compiled module: dist/catalogue/precompiled-validators/ (absent under the sources). */
export const DEFAULT_PRECOMPILED_DIR = fileURLToPath(new URL('./precompiled-validators/', import.meta.url));
/** The generated module: CommonJS, so the synchronous load can require it. */
export const PRECOMPILED_MODULE = 'validators.cjs';
/** Written last by the build: the key the module was generated for. */
export const PRECOMPILED_MANIFEST = 'manifest.json';

const require = createRequire(import.meta.url);

/** One file the validators depend on: its name within the schemas folders, and its text. */
export interface KeyInput {
  name: string;
  text: string;
}

function versionOf(pkg: string): string {
  return (require(`${pkg}/package.json`) as { version: string }).version;
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // the extensions check reports it
  }
}

/**
 * The content hash of exactly what the validators depend on: the API folders' schema files and
 * openapi.json documents (the inline schemas, the names), the x- vocabulary they were checked
 * against, and Ajv's version and options.
 */
export function validatorsKey(inputs: readonly KeyInput[]): string {
  const hash = createHash('sha256');
  const part = (text: string) => hash.update(`${text.length}:${text}`);
  part(`ajv ${versionOf('ajv')} ajv-formats ${versionOf('ajv-formats')}`);
  part(JSON.stringify(SCHEMA_AJV_OPTIONS));
  part(readOrEmpty(EXTENSIONS_SCHEMA_PATH));
  for (const { name, text } of [...inputs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    part(name);
    part(text);
  }
  return hash.digest('hex');
}

/**
 * The precompiled validators in `dir` when they were generated for `key`, else undefined. A ref the
 * build did not precompile (an arbitrary pointer) is compiled by `fallback`, made on first need.
 */
export function precompiledValidators(
  dir: string,
  key: string,
  fallback: () => Validators,
): Validators | undefined {
  let manifest: { key?: unknown };
  try {
    manifest = JSON.parse(readFileSync(join(dir, PRECOMPILED_MANIFEST), 'utf8')) as { key?: unknown };
  } catch {
    return undefined; // none built (running from the sources)
  }
  if (manifest.key !== key) return undefined;
  // The module is a function of the require its runtime imports resolve with (ajv, ajv-formats).
  const makeValidators = require(join(dir, PRECOMPILED_MODULE)) as (
    require: NodeJS.Require,
  ) => Record<string, ValidateFunction>;
  const generated = makeValidators(require);
  const find = (name: string) => (Object.hasOwn(generated, name) ? generated[name] : undefined);
  let compiling: Validators | undefined;
  const compiled = () => {
    compiling ??= fallback();
    return compiling;
  };
  return {
    ref: (ref) => find(ref) ?? compiled().ref(ref),
    inline: (ref, node) => find(ref) ?? compiled().inline(ref, node),
  };
}
