import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mergeReportDirs } from '../../src/cli/report-command.ts';
import { type Result, type RunResults, UsageError } from '../../src/core/index.ts';
import { mergeRuns } from '../../src/reports/merge.ts';
import { assembleRun, sampleRun } from './fixtures/build.ts';

const single = sampleRun();
const end = (r: RunResults) => Date.parse(r.startedAt) + r.durationMs;

/** Two shards of the single run's work, as two CI jobs would record them. */
function split(keep: (r: Result) => boolean): [RunResults, RunResults] {
  const a = assembleRun(
    {
      runId: 'shard-a',
      startedAt: '2026-11-22T10:00:00.000Z',
      durationMs: 5_000,
      apis: undefined,
      shard: '1/2',
    },
    single.results.filter(keep),
  );
  const b = assembleRun(
    { runId: 'shard-b', startedAt: '2026-11-22T10:00:02.000Z', durationMs: 7_500, shard: '2/2' },
    single.results.filter((r) => !keep(r)),
  );
  return [a, b];
}

const byId = (results: Result[]) => [...results].sort((x, y) => x.id.localeCompare(y.id));
const byOp = (ops: RunResults['operations']) =>
  [...ops].sort((x, y) => `${x.api} ${x.operation}`.localeCompare(`${y.api} ${y.operation}`));

function expectEqualToSingle(merged: RunResults, shards: RunResults[]): void {
  expect(byId(merged.results)).toEqual(byId(single.results));
  expect(merged.summary).toEqual(single.summary);
  expect(merged.requestCounts).toEqual(single.requestCounts);
  const sortSamples = (ops: RunResults['operations']) =>
    byOp(ops).map((o) => ({ ...o, latencyMs: { ...o.latencyMs, samples: [...o.latencyMs.samples].sort() } }));
  expect(sortSamples(merged.operations)).toEqual(sortSamples(single.operations));
  expect([...merged.apis].sort()).toEqual([...single.apis].sort());
  expect(merged.baseUrls).toEqual(single.baseUrls);
  const start = Math.min(...shards.map((s) => Date.parse(s.startedAt)));
  expect(merged.startedAt).toBe(new Date(start).toISOString());
  expect(merged.durationMs).toBe(Math.max(...shards.map(end)) - start);
  expect(merged.shards?.map((s) => s.runId)).toEqual(shards.map((s) => s.runId));
}

describe('mergeRuns', () => {
  it('merges one-job-per-API shards into what a single run records', () => {
    const shards = split((r) => r.api.startsWith('cloudflare'));
    expect(shards[0].apis).toEqual(['cloudflare-ai-search', 'cloudflare-ai-search-namespaced']);
    const merged = mergeRuns([shards[1], shards[0]]);
    expectEqualToSingle(merged, shards);
    expect(merged.durationMs).toBe(9_500);
  });

  it('merges a split of the checks (operations hit by both shards: requests, statuses and latency summed)', () => {
    const shards = split((r) => /^(pagination|auth|contract)\./.test(r.check));
    const shared = shards[0].operations.filter((o) =>
      shards[1].operations.some((p) => p.api === o.api && p.operation === o.operation),
    );
    expect(shared.length).toBeGreaterThan(3);
    expectEqualToSingle(mergeRuns(shards), shards);
  });

  it('counts a shard given twice (its folder and latest/) once', () => {
    const shards = split((r) => r.api === 'vectara-v1');
    const merged = mergeRuns([shards[0], shards[1], structuredClone(shards[0])]);
    expect(merged.summary).toEqual(single.summary);
    expect(merged.requestCounts).toEqual(single.requestCounts);
  });

  it('renames exchange ids that two shards used for different requests', () => {
    const [a, b] = split((r) => r.api === 'vectara-v2');
    const clash = b.results.find((r) => r.evidence.length)!.evidence[0]!;
    const taken = a.results.find((r) => r.evidence.length)!.evidence[0]!.id;
    clash.id = taken;
    const merged = mergeRuns([a, b]);
    const ids = merged.results.flatMap((r) =>
      r.evidence.map((x) => `${x.id} ${x.request.url} ${x.startedAt}`),
    );
    const distinct = new Map<string, string>();
    for (const entry of ids) {
      const [id, rest] = [entry.split(' ')[0]!, entry.slice(entry.indexOf(' '))];
      expect(distinct.get(id) ?? rest).toBe(rest);
      distinct.set(id, rest);
    }
    expect(ids.some((i) => i.startsWith(`${taken}@2 `))).toBe(true);
  });

  it('refuses shards that disagree about a result, or mix mock and live, naming them', () => {
    const [a, b] = split((r) => r.api === 'vectara-v2');
    const clash = structuredClone(a.results[0]!);
    clash.status = clash.status === 'pass' ? 'fail' : 'pass';
    b.results.push(clash);
    expect(() => mergeRuns([a, b], ['dir-a', 'dir-b'])).toThrow(UsageError);
    expect(() => mergeRuns([a, b], ['dir-a', 'dir-b'])).toThrow(/result .* is in both dir-a and dir-b/);
    const live = { ...sampleRun({ runId: 'live-1' }), target: 'live' as const };
    expect(() => mergeRuns([single, live])).toThrow(/cannot merge mock and live runs/);
    expect(() => mergeRuns([])).toThrow(/no results to merge/);
  });
});

function writeShard(dir: string, run: RunResults): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'results.json'), JSON.stringify(run));
}

describe('report merge', () => {
  it('reads shard folders (or a folder of them), writes all five formats and exits 1 on failures', () => {
    const root = mkdtempSync(join(tmpdir(), 'merge-'));
    const [a, b] = split((r) => r.api.startsWith('vectara'));
    writeShard(join(root, 'artifacts', 'shard-a'), a);
    writeShard(join(root, 'artifacts', 'shard-b'), b);
    const out = join(root, 'merged');
    const bin = fileURLToPath(new URL('../../bin/jobs-conformance.js', import.meta.url));
    const proc = spawnSync(
      process.execPath,
      [bin, 'report', 'merge', join(root, 'artifacts'), '--out', out],
      {
        encoding: 'utf8',
        env: { ...process.env, GITHUB_STEP_SUMMARY: '' },
      },
    );
    expect(proc.stderr).toBe('');
    expect(proc.stdout).toContain('merged 2 run(s): 190 results, 180 passed, 5 failed');
    expect(proc.status).toBe(1);
    const merged = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults;
    expect(merged.summary).toEqual(single.summary);
    for (const file of ['index.html', 'junit.xml', 'summary.md', 'exchanges.har']) {
      expect(readFileSync(join(out, file), 'utf8').length).toBeGreaterThan(100);
    }
  });

  it('says which file is not a results.json, in one line, exit 2', () => {
    const root = mkdtempSync(join(tmpdir(), 'merge-bad-'));
    writeShard(join(root, 'ok'), single);
    mkdirSync(join(root, 'bad'));
    writeFileSync(join(root, 'bad', 'results.json'), JSON.stringify({ ...single, summary: 'lots' }));
    expect(() => mergeReportDirs([join(root, 'ok'), join(root, 'bad')], { out: join(root, 'o') })).toThrow(
      /bad\/results\.json is not a results\.json: \/summary must be object/,
    );
    expect(() => mergeReportDirs([join(root, 'nowhere')], { out: join(root, 'o') })).toThrow(
      /no such file or folder/,
    );
    const bin = fileURLToPath(new URL('../../bin/jobs-conformance.js', import.meta.url));
    const proc = spawnSync(
      process.execPath,
      [bin, 'report', 'merge', join(root, 'bad'), '--out', join(root, 'o')],
      {
        encoding: 'utf8',
      },
    );
    expect(proc.status).toBe(2);
    expect(proc.stderr.trim().split('\n')).toHaveLength(1);
    expect(proc.stderr).toMatch(/^jobs-conformance: .*is not a results\.json/);
  });

  it('refuses to write over a folder it is merging', () => {
    const root = mkdtempSync(join(tmpdir(), 'merge-self-'));
    writeShard(join(root, 'a'), single);
    expect(() => mergeReportDirs([join(root, 'a')], { out: join(root, 'a'), stepSummary: false })).toThrow(
      /is one of the folders being merged/,
    );
  });
});
