import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { comparePact, findingsToResults } from '../../src/contracts/compare.ts';
import { readPactFile } from '../../src/contracts/pact-file.ts';
import { ALL_FINDING_CODES, FINDING_CODES, RESULT_STATUSES } from '../../src/core/index.ts';

/**
 * Golden fixtures of the offline pact-vs-schema check: each folder holds a pact (most made wrong on
 * purpose, the `clean-*` ones as generated) and the findings it must give.
 */
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const folders = readdirSync(FIXTURES).sort();

interface Expected {
  code: string;
  status: string;
  operation: string | null;
  interaction: string;
  location: string | null;
}

const run = (folder: string) =>
  comparePact(readPactFile(join(FIXTURES, folder, 'pact.json'))).map((f) => ({
    code: f.code,
    status: f.status,
    operation: f.operation ?? null,
    interaction: f.interaction,
    location: f.location ?? null,
  }));

describe('pact-vs-schema compare: golden fixtures', () => {
  it.each(folders)('%s gives exactly its expected findings', (folder) => {
    const expected = JSON.parse(readFileSync(join(FIXTURES, folder, 'expected.json'), 'utf8')) as Expected[];
    expect(run(folder)).toEqual(expected);
  });

  it('proves every finding code with a pact made wrong on purpose', () => {
    const proven = new Set(folders.flatMap((folder) => run(folder).map((f) => f.code)));
    expect([...ALL_FINDING_CODES].filter((code) => !proven.has(code))).toEqual([]);
  });

  it('has clean generated pacts with no findings', () => {
    const clean = folders.filter((f) => f.startsWith('clean-'));
    expect(clean.length).toBeGreaterThan(0);
    for (const folder of clean) {
      expect(readPactFile(join(FIXTURES, folder, 'pact.json')).interactions.length).toBeGreaterThan(3);
      expect(run(folder)).toEqual([]);
    }
  });
});

describe('findings as results', () => {
  it('become results.json entries with check contract.<code>, the code, a stable unique id and a source', () => {
    const findings = comparePact(readPactFile(join(FIXTURES, 'response-body-unpromised-field', 'pact.json')));
    const results = findingsToResults(findings);
    expect(results).toHaveLength(2);
    for (const [i, result] of results.entries()) {
      expect(result.check).toBe(`contract.${findings[i]!.code}`);
      expect(result.code).toBe(findings[i]!.code);
      expect(result.status).toBe(FINDING_CODES[findings[i]!.code].status);
      expect(RESULT_STATUSES).toContain(result.status);
      expect(result.api).toBe('vectara-v2');
      expect(result.operation).toBe('getJob');
      expect(result.source.rule).toContain('job.schema.json');
      expect(result.message).toContain(findings[i]!.interaction);
    }
    expect(results.map((r) => r.id)).toEqual([
      'vectara-v2/getJob/contract.response.body.unpromised-field',
      'vectara-v2/getJob/contract.response.body.unpromised-field#2',
    ]);
    expect(results.map((r) => r.source.schemaPath)).toEqual(['/priority', '/metadata']);
  });
});
