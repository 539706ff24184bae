import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runConformance } from '../../src/runner/run.ts';

test('run with contracts generates the pacts of its APIs and adds the pact-vs-schema results', async () => {
  const pactDir = mkdtempSync(join(tmpdir(), 'run-pacts-'));
  const run = await runConformance({
    apis: ['vectara-v2'],
    target: 'mock',
    allowWrites: true,
    contracts: { pactDir },
  });
  expect(readdirSync(pactDir).filter((f) => f.endsWith('.json'))).toHaveLength(1);
  const contract = run.results.filter((r) => r.check.startsWith('contract.'));
  expect(contract.map((r) => `${r.api} ${r.check} ${r.status}`)).toEqual([
    'vectara-v2 contract.compare pass',
  ]);
  expect(run.summary.total).toBe(run.results.length);
}, 60_000);
