import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiIds } from '../catalogue/index.ts';
import { contractCases } from './cases.ts';
import { generateApiPact } from './generate.ts';
import { pool } from './pool.ts';

describe('pool', () => {
  it('runs at most its limit at a time and gives the results in the items’ order', async () => {
    let running = 0;
    let most = 0;
    const results = await pool(2)([30, 10, 20, 0, 5], async (ms) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
      return ms * 2;
    });
    expect(results).toEqual([60, 20, 40, 0, 10]);
    expect(most).toBe(2);
  });

  it('passes on the first failure', async () => {
    const run = pool(1)([1, 2], async (n) => {
      if (n === 2) throw new Error('two');
      return n;
    });
    await expect(run).rejects.toThrow('two');
  });
});

describe('generateApiPact', () => {
  it('writes the same pact file whatever number of interactions are checked at once', async () => {
    // The smallest API with a few interactions keeps this quick.
    const [api] = apiIds()
      .map((id) => ({ id, cases: contractCases(id).cases.length }))
      .filter((a) => a.cases >= 3)
      .sort((a, b) => a.cases - b.cases);
    const files = await Promise.all(
      [1, 8].map(async (mockChecksAtOnce) => {
        const pactDir = mkdtempSync(join(tmpdir(), 'jc-generate-'));
        const made = await generateApiPact(api!.id, { pactDir, mockChecksAtOnce });
        expect(made.interactions).toBe(api!.cases);
        return readFileSync(made.file, 'utf8');
      }),
    );
    expect(files[1]).toBe(files[0]);
    const descriptions = (
      JSON.parse(files[0]!) as { interactions: { description: string }[] }
    ).interactions.map((i) => i.description);
    expect(descriptions).toHaveLength(api!.cases);
    expect(descriptions).toEqual([...descriptions].sort());
  });
});
