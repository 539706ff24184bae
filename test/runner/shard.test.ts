import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { apiIds } from '../../src/catalogue/index.ts';
import type { RunResults } from '../../src/core/index.ts';
import { simulatorPlugins } from '../../src/providers/index.ts';
import { mergeRuns } from '../../src/reports/index.ts';
import { parseShard, type RunOptions, runConformance, unitsOfShard } from '../../src/runner/index.ts';
import { startSimulators } from '../../src/simulators/index.ts';
import { runCli, tempDir } from '../support/cli.ts';

describe('--shard i/n', () => {
  test('parses i/n with 1 ≤ i ≤ n, else a usage error saying the form', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/3', '4/3', '1/0', '2', 'a/b', '1/2/3', '-1/2'])
      expect(() => parseShard(bad), bad).toThrow(/--shard '.*' must be i\/n with 1 ≤ i ≤ n/);
  });

  test('deals every unit to exactly one shard, sizes within one, whatever order the units come in', () => {
    const units = Array.from({ length: 23 }, (_, i) => `api-${i % 3}/op-${i % 5}/check-${i}`);
    for (const count of [1, 2, 3, 7, 30]) {
      const shards = Array.from({ length: count }, (_, i) => unitsOfShard(units, { index: i + 1, count }));
      const all = shards.flatMap((s) => [...s]);
      expect(all.sort()).toEqual([...units].sort());
      const sizes = shards.map((s) => s.size);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      const reversed = unitsOfShard([...units].reverse(), { index: 1, count });
      expect([...reversed].sort()).toEqual([...shards[0]!].sort());
    }
  });
});

/** A run with simulators of its own whose jobs last long enough that no cancel races a job's end on a loaded machine. */
async function runWith(options: Omit<RunOptions, 'simulators'>): Promise<RunResults> {
  const simulators = await startSimulators({
    apis: options.apis,
    plugins: simulatorPlugins,
    jobDurationMs: 2_000,
    cooldownMs: 1_000,
  });
  try {
    return await runConformance({ ...options, simulators });
  } finally {
    await simulators.close();
  }
}

const verdicts = (run: RunResults) =>
  Object.fromEntries(
    run.results.map((r) => [r.id, r.status] as const).sort(([a], [b]) => a.localeCompare(b)),
  );

describe('shards merged equal one full run', () => {
  test('every API, three shards: the same results by id and status, each in one shard', async () => {
    // Without the generated checks: their error answers reach the response checks of their own shard
    // only, so a response check with no other error exchange may judge nothing in another shard.
    const options = { apis: apiIds(), target: 'mock', allowWrites: true, checks: '!generated.*' } as const;
    const full = await runWith(options);
    const shards: RunResults[] = [];
    for (const index of [1, 2, 3]) shards.push(await runWith({ ...options, shard: { index, count: 3 } }));
    expect(shards.map((s) => s.options.shard)).toEqual(['1/3', '2/3', '3/3']);
    const ids = shards.flatMap((s) => s.results.map((r) => r.id));
    expect(new Set(ids).size).toBe(ids.length);
    const merged = mergeRuns(shards);
    expect(verdicts(merged)).toEqual(verdicts(full));
    expect(merged.summary).toEqual(full.summary);
    expect(full.summary.fail + full.summary.error).toBe(0);
  }, 300_000);

  test('the CLI: run --shard 1/2 and 2/2, then report merge, has the results of one run', async () => {
    const dir = tempDir('shard-cli');
    const args = ['run', '--api', 'vectara-v2,vectara-v1', '--allow-writes'];
    const full = await runCli([...args, '--report-dir', join(dir, 'full')], { timeoutMs: 120_000 });
    expect(full.code).toBe(0);
    for (const i of [1, 2]) {
      const out = await runCli([...args, '--shard', `${i}/2`, '--report-dir', join(dir, `shard-${i}`)], {
        timeoutMs: 120_000,
      });
      expect(out.code).toBe(0);
    }
    const merge = await runCli(
      [
        'report',
        'merge',
        join(dir, 'shard-1/latest'),
        join(dir, 'shard-2/latest'),
        '--out',
        join(dir, 'merged'),
      ],
      { timeoutMs: 60_000 },
    );
    expect(merge.code).toBe(0);
    const read = (path: string) => JSON.parse(readFileSync(join(dir, path), 'utf8')) as RunResults;
    const shard1 = read('shard-1/latest/results.json');
    expect(shard1.options.shard).toBe('1/2');
    expect(verdicts(read('merged/results.json'))).toEqual(verdicts(read('full/latest/results.json')));
  }, 300_000);

  test('a bad --shard is a usage error before anything runs', async () => {
    const dir = tempDir('shard-bad');
    const out = await runCli([
      'run',
      '--api',
      'vectara-v2',
      '--shard',
      '3/2',
      '--report-dir',
      join(dir, 'r'),
    ]);
    expect(out.stderr).toMatch(/^jobs-conformance: --shard '3\/2' must be i\/n/);
    expect(out.code).toBe(2);
  });
});
