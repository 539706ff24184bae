import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { apiIds, getCatalogue } from '../../src/catalogue/index.ts';

/**
 * The engine names no API and no provider: every string literal (and template text) in src/, outside
 * provider code and the tests, is free of the catalogue's API ids and of the providers' names. What
 * an API is and does comes from its folder under schemas/ (and provider code for what no document can
 * declare), so a folder the project has never seen works the same. Provider code is src/providers/
 * and, until they move there, the providers' own simulators under src/simulators/<x-provider>/.
 */
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const PROVIDER_CODE = new Set([
  'providers',
  ...[...getCatalogue().apis.values()].flatMap((api) => (api.provider ? [`simulators/${api.provider}`] : [])),
]);

function engineFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return PROVIDER_CODE.has(relative(SRC, path)) ? [] : engineFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every string literal and template text of a file, with its line. */
function literals(path: string): { text: string; line: number }[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: { text: string; line: number }[] = [];
  const visit = (node: ts.Node) => {
    // The import list that wires provider code in is not naming: skip module specifiers.
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    )
      out.push({ text: node.text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

describe('the engine names no provider', () => {
  const providers = new Set(
    [...getCatalogue().apis.values()].flatMap((api) => (api.provider ? [api.provider] : [])),
  );
  const names = [
    ...new Set([...apiIds(), ...providers, 'cloudflare', 'vectara', 'emporix', 'pinecone', 'openai']),
  ];
  const pattern = new RegExp(
    `(^|[^a-z0-9-])(${names.map((n) => n.replace(/[-]/g, '\\-')).join('|')})([^a-z0-9-]|$)`,
    'i',
  );

  test('no string literal in src/ outside src/providers/ names an API id or a provider', () => {
    const found = engineFiles(SRC).flatMap((path) =>
      literals(path)
        .filter(({ text }) => pattern.test(text))
        .map(({ text, line }) => `${relative(SRC, path)}:${line}: ${JSON.stringify(text.slice(0, 80))}`),
    );
    expect(found).toEqual([]);
  });

  test('the check itself sees a literal that names one', () => {
    expect(pattern.test('see the cloudflare docs')).toBe(true);
    expect(pattern.test(`${apiIds()[0]}`)).toBe(true);
    expect(pattern.test('openapi.json')).toBe(false);
  });
});
