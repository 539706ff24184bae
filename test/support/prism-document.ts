/**
 * The official document as Prism can judge with it. Prism compiles each schema with Ajv in Unicode
 * mode and, when a schema does not compile, validates nothing against it and says nothing: a
 * pattern such as Vectara's `[a-zA-Z0-9_\=\-]+$` (an identity escape, invalid under the u flag)
 * would silently blind the judge to every body that holds one. So the judge loads a copy whose
 * patterns are rewritten to mean the same under the u flag, and checks that every response schema
 * of the copy compiles as Prism compiles it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { tempDir } from './cli.ts';

/** Characters that may be escaped under the u flag (SyntaxCharacter and `/`), and `-` inside a class. */
const ESCAPABLE = new Set([...'^$\\.*+?()[]{}|/-']);

/** The same pattern with needless escapes of plain characters removed (`\=` → `=`), as the u flag wants. */
export function unicodePattern(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    const next = pattern[i + 1];
    if (ch === '\\' && next !== undefined) {
      out += /[A-Za-z0-9]/.test(next) || ESCAPABLE.has(next) ? ch + next : next;
      i++;
    } else out += ch;
  }
  return out;
}

const compiles = (pattern: string) => {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
};

/** Every `pattern` keyword in the document rewritten where the u flag rejects it; returns what changed. */
function rewritePatterns(node: unknown, changed: string[]): void {
  if (Array.isArray(node)) for (const item of node) rewritePatterns(item, changed);
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
  const record = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (key === 'pattern' && typeof value === 'string' && !compiles(value)) {
      const fixed = unicodePattern(value);
      record[key] = fixed;
      changed.push(`${value} → ${fixed}`);
    } else rewritePatterns(value, changed);
  }
}

export interface JudgeableDocument {
  /** The copy Prism loads. */
  file: string;
  /** Each pattern rewritten, "before → after" (distinct). */
  rewritten: string[];
}

/** A copy of the official document (JSON) whose patterns all compile under the u flag. */
export function judgeableDocument(official: string): JudgeableDocument {
  const doc = JSON.parse(readFileSync(official, 'utf8')) as unknown;
  const changed: string[] = [];
  rewritePatterns(doc, changed);
  const file = join(tempDir('prism-document'), 'official.openapi.json');
  writeFileSync(file, JSON.stringify(doc));
  return { file, rewritten: [...new Set(changed)] };
}

/** Prism's own modules (the dev dependency), loaded as the CLI loads them. */
const requirePrism = createRequire(
  new URL('../../node_modules/@stoplight/prism-http/package.json', import.meta.url),
);

interface PrismOperation {
  method: string;
  path: string;
  responses: Array<{ code: string; contents?: Array<{ mediaType: string; schema?: object }> }>;
  __bundled__?: unknown;
}

/**
 * Response schemas of the document that do not compile as Prism compiles them (Ajv with its
 * options and formats): Prism would check nothing against them. Each as "METHOD path status: error".
 */
export async function blindResponses(document: string): Promise<string[]> {
  const { getHttpOperationsFromSpec } = requirePrism('@stoplight/prism-cli/dist/operations') as {
    getHttpOperationsFromSpec: (spec: string) => Promise<PrismOperation[]>;
  };
  const Ajv = (requirePrism('ajv') as { default: new (o: object) => { compile(s: object): unknown } })
    .default;
  const addFormats = (requirePrism('ajv-formats') as { default: (ajv: unknown) => void }).default;
  const ajv = new Ajv({
    allErrors: true,
    allowUnionTypes: true,
    allowMatchingProperties: true,
    strict: false,
    logger: false,
  });
  addFormats(ajv);
  const blind: string[] = [];
  for (const op of await getHttpOperationsFromSpec(document))
    for (const response of op.responses)
      for (const content of response.contents ?? []) {
        if (!content.schema) continue;
        try {
          ajv.compile({ ...content.schema, __bundled__: op.__bundled__ });
        } catch (error) {
          blind.push(`${op.method.toUpperCase()} ${op.path} ${response.code}: ${(error as Error).message}`);
        }
      }
  return blind;
}
