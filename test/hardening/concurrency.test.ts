import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { apiIds } from '../../src/catalogue/index.ts';
import type { RunResults } from '../../src/core/index.ts';
import { REPORT_FILES, resultsProblem } from '../../src/reports/index.ts';
import { runConformance } from '../../src/runner/run.ts';
import type { FaultId } from '../../src/simulators/index.ts';
import { runCli, tempDir } from '../support/cli.ts';
import { startSimulators } from '../support/simulators.ts';

/** The APIs the catalogue discovers in schemas/. */
const API_IDS = apiIds();

/** Results as ids and statuses, the part that must not depend on scheduling. */
function verdicts(run: RunResults): string[] {
  return run.results.map((r) => `${r.id} ${r.status}`).sort();
}

// Jobs that outlive a loaded machine's scheduling (the cancel check needs its job still running).
const SIMS = { jobDurationMs: 2_000, cooldownMs: 500 };
// One seed for both sides: without one each run draws its own, and the generated checks then send
// other examples (under a fault, other examples may or may not meet it).
const GENERATION = { seed: 7 };

describe.concurrent('APIs checked in parallel give the same results as one after another', () => {
  test.each([
    { name: 'clean simulators', faults: [] as FaultId[] },
    {
      name: 'duplicate items and unknown enum values',
      faults: ['pagination.duplicate-item', 'body.enum-unknown'] as FaultId[],
    },
  ])(
    '$name',
    async ({ faults }) => {
      const together = await startSimulators({ ...SIMS, faults });
      let parallel: RunResults;
      try {
        parallel = await runConformance({
          apis: API_IDS,
          target: 'mock',
          allowWrites: true,
          generation: GENERATION,
          simulators: together,
        });
      } finally {
        await together.close();
      }
      const sequential: string[] = [];
      for (const api of API_IDS) {
        const alone = await startSimulators({ ...SIMS, faults, apis: [api] });
        try {
          const run = await runConformance({
            apis: [api],
            target: 'mock',
            allowWrites: true,
            generation: GENERATION,
            simulators: alone,
          });
          sequential.push(...verdicts(run));
        } finally {
          await alone.close();
        }
      }
      expect(verdicts(parallel)).toEqual(sequential.sort());
      // The comparison has something to compare: with faults, failures on both sides.
      if (faults.length > 0) expect(parallel.summary.fail).toBeGreaterThan(0);
      // Every API of the catalogue twice over (together, then one by one); where body.enum-unknown puts
      // an unknown value in a job's state field, the lifecycle checks poll that job to their bound.
    },
    120_000,
  );
});

test('three runs at once into one --report-dir: every run folder whole and valid, latest/ one whole run', async () => {
  const reportDir = tempDir('concurrent-reports');
  const outs = await Promise.all(
    [0, 1, 2].map(() => runCli(['run', '--api', 'vectara-v2', '--report-dir', reportDir])),
  );
  expect(outs.map((o) => o.code)).toEqual([0, 0, 0]);
  const runDirs = outs.map((o) => /^reports: (.+)$/m.exec(o.stdout)?.[1] ?? '');
  expect(new Set(runDirs).size).toBe(3);

  const runIds: string[] = [];
  for (const dir of runDirs) {
    expect(readdirSync(dir).sort()).toEqual(Object.values(REPORT_FILES).sort());
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
    expect(resultsProblem(results)).toBeUndefined();
    for (const file of Object.values(REPORT_FILES).filter((f) => f !== REPORT_FILES.ndjson))
      expect(readFileSync(join(dir, file), 'utf8'), file).toContain(results.runId);
    const streamed = readFileSync(join(dir, REPORT_FILES.ndjson), 'utf8').trim().split('\n');
    expect(streamed.map((line) => (JSON.parse(line) as { id: string }).id)).toEqual(
      results.results.map((r) => r.id),
    );
    runIds.push(results.runId);
  }

  // latest/ is a copy of exactly one of the runs, file for file.
  const latest = join(reportDir, 'latest');
  const latestId = (JSON.parse(readFileSync(join(latest, 'results.json'), 'utf8')) as RunResults).runId;
  const source = runDirs[runIds.indexOf(latestId)];
  expect(source).toBeDefined();
  for (const file of Object.values(REPORT_FILES))
    expect(readFileSync(join(latest, file), 'utf8'), file).toBe(readFileSync(join(source!, file), 'utf8'));
  // Nothing half-written is left behind.
  expect(readdirSync(reportDir).filter((n) => n.startsWith('.'))).toEqual([]);
});
