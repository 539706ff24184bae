import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { apiIds, getCatalogue } from '../../src/catalogue/index.ts';

/**
 * src/checks/ names no API and no provider: every check reads what it needs from the catalogue's
 * declarations. A string literal (in quotes, or a static part of a template) equal to an API id of
 * the catalogue or a provider name, in any case, fails this test.
 */
const CHECKS_DIR = join(import.meta.dirname, '../../src/checks');

const PROVIDERS = ['cloudflare', 'vectara', 'emporix', 'pinecone', 'openai'];

function forbiddenNames(): Set<string> {
  const catalogue = getCatalogue();
  const names = [
    ...PROVIDERS,
    ...apiIds(),
    ...[...catalogue.apis.values()].flatMap((api) => (api.provider ? [api.provider] : [])),
  ];
  return new Set(names.map((n) => n.toLowerCase()));
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The string literals of a source: quoted strings, and the static parts of template literals. */
function stringLiterals(code: string): string[] {
  const literals: string[] = [];
  const pattern = /'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\]|\\.)*)`/g;
  for (const match of code.matchAll(pattern)) {
    const [, single, double, template] = match;
    if (single !== undefined) literals.push(single);
    else if (double !== undefined) literals.push(double);
    else if (template !== undefined) literals.push(...template.split(/\$\{[^}]*\}/));
  }
  return literals.map((l) => l.trim());
}

function offenders(code: string, names: Set<string>): string[] {
  return stringLiterals(code).filter((l) => names.has(l.toLowerCase()));
}

describe('src/checks/ names no API and no provider', () => {
  const names = forbiddenNames();

  test('the detector finds a name in any case and in any kind of quotes', () => {
    const sample = [
      "const a = 'Vectara';",
      'const b = "cloudflare-ai-search";',
      ['const c = `', '$', '{x}EMPORIX`;'].join(''),
      "const d = ['pinecone', 'openai'];",
      "const fine = 'a vectara page';",
    ].join('\n');
    expect(offenders(sample, names)).toEqual([
      'Vectara',
      'cloudflare-ai-search',
      'EMPORIX',
      'pinecone',
      'openai',
    ]);
  });

  test.each(sources(CHECKS_DIR).map((path) => relative(CHECKS_DIR, path)))('%s', (file) => {
    const code = readFileSync(join(CHECKS_DIR, file), 'utf8');
    expect(offenders(code, names)).toEqual([]);
  });
});
