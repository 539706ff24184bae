/**
 * The reports on real runs against the simulators: a baseline diff marks a newly injected fault's
 * failures as new, and two shard runs (one per API) merge into what one run over both records.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/core/index.ts';
import { applyBaseline } from '../../src/reports/baseline.ts';
import { mergeRuns } from '../../src/reports/merge.ts';
import { resultsProblem } from '../../src/reports/validate.ts';
import { writeReports } from '../../src/reports/write.ts';
import { runConformance } from '../../src/runner/index.ts';

const outcomes = (run: RunResults) =>
  Object.fromEntries(
    run.results.map((r) => [r.id, r.status] as const).sort(([a], [b]) => a.localeCompare(b)),
  );

describe('reports of real runs', () => {
  it('marks the failures a newly injected fault causes as new, in results.json and summary.md', async () => {
    const clean = await runConformance({ apis: ['vectara-v2'], target: 'mock', allowWrites: false });
    const broken = await runConformance({
      apis: ['vectara-v2'],
      target: 'mock',
      allowWrites: false,
      simulator: { faults: ['content-type.wrong'] },
    });
    expect(clean.summary.fail).toBe(0);
    const diffed = applyBaseline(broken, clean, 'clean/results.json');
    // Errors count as failures for the baseline (the ratchet fails on a new one too).
    const failing = broken.results
      .filter((r) => r.status === 'fail' || r.status === 'error')
      .map((r) => r.id);
    expect(failing.length).toBeGreaterThan(0);
    expect(diffed.baseline?.newFailures).toEqual(failing);
    expect(failing.some((id) => id.endsWith('/content-type'))).toBe(true);
    const written = writeReports(diffed, {
      reportDir: mkdtempSync(join(tmpdir(), 'e2e-')),
      stepSummary: false,
    });
    const saved = JSON.parse(readFileSync(written.files.results, 'utf8'));
    expect(resultsProblem(saved)).toBeUndefined();
    expect(readFileSync(written.files.markdown, 'utf8')).toContain(`${failing.length} new failure(s)`);
  });

  it('merges two one-API shard runs into the results and counts of one run over both', async () => {
    const apis = ['vectara-v2', 'emporix-ai-service'] as const;
    // One seed for all three: the generated checks then send the same requests in each.
    const generation = { seed: 1 };
    const single = await runConformance({ apis: [...apis], target: 'mock', allowWrites: false, generation });
    const shards = [];
    for (const api of apis)
      shards.push(await runConformance({ apis: [api], target: 'mock', allowWrites: false, generation }));
    const merged = mergeRuns(shards);
    expect(resultsProblem(merged)).toBeUndefined();
    expect(outcomes(merged)).toEqual(outcomes(single));
    expect(merged.summary).toEqual(single.summary);
    expect(merged.requestCounts).toEqual(single.requestCounts);
    const requests = (run: RunResults) =>
      Object.fromEntries(run.operations.map((o) => [`${o.api} ${o.operation}`, [o.requests, o.statuses]]));
    expect(requests(merged)).toEqual(requests(single));
    expect(merged.shards?.map((s) => s.apis)).toEqual([['vectara-v2'], ['emporix-ai-service']]);
  });
});
