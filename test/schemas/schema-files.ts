// Test helpers: the schema and OpenAPI files as they lie on disk, a strict ajv like the catalogue's,
// and walkers for $refs, examples and the JSON blocks of the captured provider pages.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { DEFAULT_SCHEMAS_DIR, getAtPointer, type JsonSchema } from '../../src/catalogue/index.ts';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

export const SCHEMAS_DIR = DEFAULT_SCHEMAS_DIR;
export const SCHEMA_BASE = 'https://schemas.jobs-conformance.dev/';
/** The captured provider pages: ../shared/provider-docs/ beside the repository (the repo root's parent holds shared/). */
export const PROVIDER_DOCS_DIR = fileURLToPath(new URL('../../../shared/provider-docs/', import.meta.url));

export interface JsonFile {
  /** Folder under schemas/ (the API id, or the folder the namespaced API borrows from). */
  folder: string;
  name: string;
  path: string;
  /** The URI $refs inside the file resolve against: its $id, or the openapi.json's conventional URI. */
  baseUri: string;
  doc: JsonSchema;
}

function readJsonFile(path: string): JsonSchema {
  return JSON.parse(readFileSync(path, 'utf8')) as JsonSchema;
}

function folders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Every schemas/<folder>/*.schema.json, with its $id as base URI. */
export function schemaFiles(dir: string = SCHEMAS_DIR): JsonFile[] {
  return folders(dir).flatMap((folder) =>
    readdirSync(join(dir, folder))
      .filter((name) => name.endsWith('.schema.json'))
      .sort()
      .map((name) => {
        const path = join(dir, folder, name);
        const doc = readJsonFile(path);
        return { folder, name, path, baseUri: String(doc.$id), doc };
      }),
  );
}

/** Every schemas/<api>/openapi.json, with https://schemas.jobs-conformance.dev/<api>/openapi.json as base. */
export function openApiFiles(dir: string = SCHEMAS_DIR): JsonFile[] {
  return folders(dir)
    .filter((folder) => readdirSync(join(dir, folder)).includes('openapi.json'))
    .map((folder) => ({
      folder,
      name: 'openapi.json',
      path: join(dir, folder, 'openapi.json'),
      baseUri: `${SCHEMA_BASE}${folder}/openapi.json`,
      doc: readJsonFile(join(dir, folder, 'openapi.json')),
    }));
}

function extensionKeywords(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) extensionKeywords(item, into);
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-')) into.add(key);
      extensionKeywords(value, into);
    }
  }
  return into;
}

/** Ajv 2020-12 in strict mode with formats, the x- keywords registered (as the catalogue does) and the files added. */
export function strictAjv(files: JsonFile[]): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  const keywords = new Set<string>();
  for (const file of files) extensionKeywords(file.doc, keywords);
  for (const keyword of keywords) ajv.addKeyword({ keyword });
  for (const file of files) ajv.addSchema(file.doc);
  return ajv;
}

const escapeSegment = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** Every $ref string in a document, with the JSON pointer of the object holding it. */
export function refsIn(doc: unknown): { pointer: string; ref: string }[] {
  const found: { pointer: string; ref: string }[] = [];
  const walk = (node: unknown, pointer: string): void => {
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) walk(item, `${pointer}/${i}`);
    } else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') found.push({ pointer, ref: value });
        else walk(value, `${pointer}/${escapeSegment(key)}`);
      }
    }
  };
  walk(doc, '');
  return found;
}

/**
 * Resolves every $ref of every file against its base URI; returns one line per ref that names no
 * known file or points at nothing inside it (empty when all resolve).
 */
export function danglingRefs(files: JsonFile[]): string[] {
  const byUri = new Map(files.map((file) => [file.baseUri, file]));
  const problems: string[] = [];
  for (const file of files) {
    for (const { pointer, ref } of refsIn(file.doc)) {
      const absolute = new URL(ref, file.baseUri);
      const fragment = decodeURIComponent(absolute.hash.replace(/^#/, ''));
      absolute.hash = '';
      const target = byUri.get(absolute.href);
      if (!target) problems.push(`${file.path}#${pointer}: $ref ${ref} names no file (${absolute.href})`);
      else if (getAtPointer(target.doc, fragment) === undefined)
        problems.push(`${file.path}#${pointer}: $ref ${ref} points at nothing in ${target.path}`);
    }
  }
  return problems;
}

/** Every `examples` keyword in a schema document, with the pointer of the schema it annotates. */
export function examplesIn(doc: unknown): { pointer: string; examples: unknown[] }[] {
  const found: { pointer: string; examples: unknown[] }[] = [];
  // Below these keywords the keys are names (properties, definitions), not schema keywords.
  const NAME_MAPS = new Set(['properties', '$defs', 'patternProperties', 'dependentSchemas']);
  const walk = (node: unknown, pointer: string, isNameMap: boolean): void => {
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) walk(item, `${pointer}/${i}`, false);
    } else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (!isNameMap && key === 'examples' && Array.isArray(value))
          found.push({ pointer, examples: value });
        else if (
          !isNameMap &&
          (key === 'const' || key === 'enum' || key === 'default' || key.startsWith('x-'))
        )
          continue;
        else walk(value, `${pointer}/${escapeSegment(key)}`, !isNameMap && NAME_MAPS.has(key));
      }
    }
  };
  walk(doc, '', false);
  return found;
}

/** Reads a captured provider page. */
export function providerPage(name: string): string {
  return readFileSync(join(PROVIDER_DOCS_DIR, name), 'utf8');
}

/**
 * The JSON objects printed in a captured page: each block starts with a `{` at the start of a line
 * and ends where its braces balance (braces inside strings are skipped).
 */
export function jsonBlocks(text: string): unknown[] {
  const blocks: unknown[] = [];
  let from = 0;
  for (const match of text.matchAll(/^\{/gm)) {
    if (match.index < from) continue;
    let depth = 0;
    let inString = false;
    for (let i = match.index; i < text.length; i++) {
      const ch = text[i];
      if (inString) {
        if (ch === '\\') i++;
        else if (ch === '"') inString = false;
      } else if (ch === '"') inString = true;
      else if (ch === '{' || ch === '[') depth++;
      else if ((ch === '}' || ch === ']') && --depth === 0) {
        blocks.push(JSON.parse(text.slice(match.index, i + 1)));
        from = i + 1;
        break;
      }
    }
  }
  return blocks;
}

/** The ```json fences of a Markdown page, parsed. */
export function jsonFences(text: string): unknown[] {
  return [...text.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => JSON.parse(m[1] ?? 'null'));
}
