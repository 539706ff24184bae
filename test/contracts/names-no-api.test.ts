/**
 * src/contracts/ names no API and no provider: the contracts come from the declarations (x-lifecycle,
 * x-envelope, x-filters, the security schemes) and the standard provider-state vocabulary. No string
 * literal of its code (tests aside) equals an API id or a provider name, case-insensitively.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { apiIds, getCatalogue } from '../../src/catalogue/index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIR = join(ROOT, 'src/contracts');

/** The names no literal may equal: every API id and provider the catalogue knows, and the known providers. */
function forbiddenNames(): Set<string> {
  const names = ['cloudflare', 'vectara', 'emporix', 'pinecone', 'openai'];
  for (const id of apiIds()) {
    names.push(id);
    const provider = getCatalogue().api(id).provider;
    if (provider) names.push(provider);
  }
  names.push('pinecone-bulk-imports', 'openai-vector-store-file-batches');
  return new Set(names.map((n) => n.toLowerCase()));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every quoted string literal ('…', "…", `…`) of a source text, with its line; comments skipped. */
function stringLiterals(text: string): { value: string; line: number }[] {
  const out: { value: string; line: number }[] = [];
  const pattern = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|(['"`])((?:\\[\s\S]|(?!\1)[^\\])*)\1/g;
  for (const match of text.matchAll(pattern)) {
    if (match[1] === undefined) continue; // a comment
    const line = text.slice(0, match.index).split('\n').length;
    out.push({ value: match[2] ?? '', line });
  }
  return out;
}

describe('src/contracts names no API and no provider', () => {
  it('finds string literals and skips comments (the scanner itself)', () => {
    const literals = stringLiterals(
      'const a = \'Vectara\'; // \'emporix\'\n/* "openai" */ const b = "x\\"y"; const c = `pinecone`;',
    ).map((l) => l.value);
    expect(literals).toEqual(['Vectara', 'x\\"y', 'pinecone']);
  });

  it('no string literal of src/contracts/**/*.ts (tests aside) equals an API id or a provider name', () => {
    const forbidden = forbiddenNames();
    const found: string[] = [];
    for (const file of sourceFiles(DIR)) {
      for (const { value, line } of stringLiterals(readFileSync(file, 'utf8'))) {
        if (forbidden.has(value.trim().toLowerCase()))
          found.push(`${relative(ROOT, file)}:${line}: '${value}'`);
      }
    }
    expect(found).toEqual([]);
  });
});
