/**
 * An API the project has never seen, described only by its folder: a copy of a new API's folder under
 * another id (x-api-id and every $id replaced), added through JOBS_CONFORMANCE_SCHEMAS_DIR, is served
 * by the generic simulator and checked with no code change.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const SCHEMAS = new URL('../../schemas/', import.meta.url).pathname;
const COPIES = [
  { from: 'pinecone-bulk-imports', to: 'acme-vector-imports' },
  { from: 'openai-vector-store-file-batches', to: 'acme-file-batches' },
];

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'copied-api-'));
  for (const { from, to } of COPIES) {
    cpSync(join(SCHEMAS, from), join(dir, to), { recursive: true });
    for (const file of readdirSync(join(dir, to))) {
      const path = join(dir, to, file);
      writeFileSync(path, readFileSync(path, 'utf8').replaceAll(from, to));
    }
  }
  // Set before anything loads the catalogue (it is loaded once per process, on first use).
  process.env.JOBS_CONFORMANCE_SCHEMAS_DIR = dir;
});

afterAll(() => {
  delete process.env.JOBS_CONFORMANCE_SCHEMAS_DIR;
  rmSync(dir, { recursive: true, force: true });
});

describe('a copied API folder is served and checked with no code change', () => {
  test.each(COPIES)('$to (a copy of $from)', async ({ to }) => {
    const { apiIds } = await import('../../src/catalogue/index.ts');
    const { runConformance } = await import('../../src/runner/run.ts');
    expect(apiIds()).toContain(to);
    const run = await runConformance({ apis: [to], target: 'mock', allowWrites: true });
    const bad = run.results.filter((r) => r.status === 'fail' || r.status === 'error');
    expect(bad.map((r) => `${r.id}: ${r.status} ${r.message}`)).toEqual([]);
    expect(run.summary.pass).toBeGreaterThan(0);
    expect(run.results.every((r) => r.api === to)).toBe(true);
  });
});
