import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { type ApiId, apiIds, getCatalogue } from '../../src/catalogue/index.ts';
import { CHECKS } from '../../src/checks/index.ts';
import { writeReportsTo } from '../../src/reports/index.ts';
import { planChecks } from '../../src/runner/plan.ts';
import { runConformance } from '../../src/runner/run.ts';
import { type FaultId, faultApplies } from '../../src/simulators/faults.ts';
import { INPUT_FAULTS } from '../../src/simulators/generic/index.ts';

/**
 * The generated checks (generated.*) find the faults that only generated inputs find, within their
 * default example count, on every seed tried; the clean simulators give them no failure on any seed;
 * a failure's replay command sends the same counterexample again.
 */
const catalogue = getCatalogue();
const SEEDS = [1, 42, 2024];
const CLEAN_SEEDS = [3, 5, 8, 13, 21, 34];
const GENERATED = CHECKS.filter((c) => c.category === 'generated');

function pairs(): { check: string; fault: FaultId; api: ApiId }[] {
  return GENERATED.flatMap((check) =>
    check.faults
      .filter((fault) => (INPUT_FAULTS as readonly string[]).includes(fault))
      .flatMap((fault) =>
        apiIds()
          .filter(
            (api) =>
              faultApplies(fault, api) &&
              !check.faultExceptions?.some(
                (e) => e.fault === fault && e.when(catalogue.api(api), catalogue),
              ) &&
              planChecks(catalogue.api(api), [check]).length > 0,
          )
          .map((api) => ({ check: check.id, fault, api })),
      ),
  );
}

describe('the generated-input faults', () => {
  test('each is claimed by a generated check on some API', () => {
    const claimed = new Set(pairs().map((p) => p.fault));
    expect([...INPUT_FAULTS].filter((f) => !claimed.has(f))).toEqual([]);
  });
});

describe.concurrent('each generated check finds its faults on every seed tried', () => {
  const cases = pairs().flatMap((p) => SEEDS.map((seed) => ({ ...p, seed })));
  test.each(cases)('$check finds $fault ($api, seed $seed)', async ({ check, fault, api, seed }) => {
    const run = await runConformance({
      apis: [api],
      target: 'mock',
      allowWrites: true,
      checks: check,
      simulator: { faults: [fault] },
      generation: { seed },
      pollTimeoutMs: 2_000,
    });
    const failed = run.results.filter((r) => r.check === check && r.status === 'fail');
    expect(
      failed.map((r) => r.operation),
      run.results.map((r) => `${r.id}: ${r.message}`).join('\n'),
    ).not.toEqual([]);
    // Reported with the run's seed and the command that replays the smallest counterexample.
    for (const r of failed) {
      expect(r.message).toContain(`seed ${seed}`);
      expect(r.message).toMatch(
        /replay: npx jobs-conformance run --api \S+ --check '[^']+' --seed \d+ --replay '\S+'/,
      );
      expect(r.data?.replay).toEqual(expect.stringContaining(`--seed ${seed}`));
    }
  });
});

describe.concurrent('the clean simulators give the generated checks no failure, on any seed', () => {
  test.each(CLEAN_SEEDS.flatMap((seed) => apiIds().map((api) => ({ api, seed }))))(
    '$api, seed $seed',
    async ({ api, seed }) => {
      const run = await runConformance({
        apis: [api],
        target: 'mock',
        allowWrites: true,
        checks: 'generated.*',
        generation: { seed },
        pollTimeoutMs: 2_000,
      });
      const bad = run.results.filter((r) => r.status !== 'pass' && r.status !== 'skip');
      expect(bad.map((r) => `${r.id}: ${r.status} ${r.message}`)).toEqual([]);
    },
  );
});

describe('a replay', () => {
  test('sends exactly the counterexample again, and only it', async () => {
    const base = {
      apis: ['cloudflare-ai-search'] as ApiId[],
      target: 'mock' as const,
      allowWrites: true,
      checks: 'generated.parameters',
      simulator: { faults: ['input.fraction-accepted' as FaultId] },
    };
    const found = await runConformance({ ...base, generation: { seed: 99 } });
    const failure = found.results.find((r) => r.status === 'fail');
    const replay = /--replay '([^']+)'/.exec(failure?.message ?? '')?.[1];
    expect(replay).toBeDefined();
    const again = await runConformance({ ...base, generation: { seed: 99, replay } });
    const replayed = again.results.filter((r) => r.status !== 'skip');
    expect(replayed.map((r) => r.operation)).toEqual([failure?.operation]);
    expect(replayed[0]?.status).toBe('fail');
    expect(replayed[0]?.message.split(' — ')[0]).toBe(failure?.message.split(' — ')[0]);
    // One generated request, no search and no shrinking (the other requests find a job id).
    expect(replayed[0]?.data).toMatchObject({ generated: 1, shrinks: 0, seed: 99 });

    // Every report format names the seed and the replay command.
    const dir = mkdtempSync(join(tmpdir(), 'generated-reports-'));
    writeReportsTo(found, dir, { stepSummary: false });
    const command = String(failure?.data?.replay);
    for (const file of ['results.json', 'junit.xml', 'summary.md', 'index.html', 'exchanges.har']) {
      const text = readFileSync(join(dir, file), 'utf8').replace(/&#39;|&apos;|\\u0027/g, "'");
      expect(text, file).toContain(command);
    }
  });
});
