/**
 * Every number agrees everywhere: each format of a clean, a failing, a merged and an expectations run,
 * with and without contracts, gives the same counts, and no output holds undefined, NaN or
 * [object Object].
 */
import { describe, expect, it } from 'vitest';
import { verdictLine } from '../../src/cli/run-flags.ts';
import { RESULT_STATUSES, type RunResults, summarize } from '../../src/core/index.ts';
import { mergeRuns, renderReports } from '../../src/reports/index.ts';
import { junitCases } from '../../src/reports/junit.ts';
import { Expectations } from '../../src/runner/index.ts';
import { sampleRun } from './fixtures/build.ts';

function withResults(run: RunResults, keep: (r: RunResults['results'][number]) => boolean): RunResults {
  const results = run.results.filter(keep);
  return { ...run, results, summary: summarize(results) };
}

const failing = sampleRun({ runId: 'failing' });
const clean = withResults(sampleRun({ runId: 'clean' }), (r) => r.status === 'pass');
const noContracts = (run: RunResults) => withResults(run, (r) => !r.check.startsWith('contract.'));
const merged = mergeRuns([
  withResults(sampleRun({ runId: 'shard-a' }), (r) => r.api.startsWith('vectara')),
  withResults(sampleRun({ runId: 'shard-b' }), (r) => !r.api.startsWith('vectara')),
]);
const expectations = new Expectations(
  [
    { check: 'body.schema', expect: 'fail', reason: 'provider ticket 1' },
    { check: 'sort.order', api: 'vectara-v2', expect: 'fail', reason: 'fixed since?' },
  ],
  'jobs-conformance.config.json',
).applyToRun(sampleRun({ runId: 'expected' }));

const RUNS: [string, RunResults][] = [
  ['clean', clean],
  ['failing', failing],
  ['merged', merged],
  ['expectations', expectations],
];
const CASES = RUNS.flatMap(([name, run]) => [
  [`${name} with contracts`, run] as const,
  [`${name} without contracts`, noContracts(run)] as const,
]);

describe.each(CASES)('%s', (_name, run) => {
  const out = renderReports(run);
  const s = run.summary;

  it('has a summary that counts its results', () => {
    expect(s).toEqual(summarize(run.results));
    expect(JSON.parse(out.results).summary).toEqual(s);
  });

  it('gives the same counts in the HTML, Markdown, JUnit and the terminal', () => {
    for (const status of RESULT_STATUSES)
      expect(out.html).toContain(`<span class="chip ${status}" data-status="${status}"><b>${s[status]}</b>`);
    expect(out.html).toContain(`<span class="total">${s.total} results</span>`);
    expect(out.markdown).toContain(
      `**${s.total}** results · ${s.pass} passed · **${s.fail} failed** · ${s.warn} warnings${s.expected ? ` · ${s.expected} expected` : ''} · ${s.skip} skipped · ${s.error} errors`,
    );
    expect(verdictLine(run)).toContain(
      `${s.pass} passed, ${s.fail} failed, ${s.warn} warnings${s.expected ? `, ${s.expected} expected` : ''}, ${s.skip} skipped, ${s.error} errors`,
    );
    const cases = [...junitCases(run).values()].flat();
    const failedCases = cases.filter((c) => c.results.some((r) => r.status === 'fail')).length;
    const tests = /<testsuites [^>]*tests="(\d+)"/.exec(out.junit)?.[1];
    const failures = /<testsuites [^>]*failures="(\d+)"/.exec(out.junit)?.[1];
    expect(Number(tests)).toBeGreaterThanOrEqual(cases.length);
    expect(Number(failures)).toBe(failedCases);
    expect((out.junit.match(/<failure /g) ?? []).length).toBe(failedCases);
  });

  it('holds no undefined, NaN or [object Object] in any format', () => {
    for (const [kind, raw] of Object.entries(out)) {
      // The page's own script (client code) is not output; the embedded run data is.
      const text = raw.replace(/<script>[\s\S]*?<\/script>/g, '');
      for (const bad of ['undefined', 'NaN', '[object Object]'])
        expect(text.includes(bad), `${kind} holds ${bad}`).toBe(false);
    }
  });

  it('says whether contracts were checked', () => {
    const checked = run.results.some((r) => r.check.startsWith('contract.'));
    expect(out.html.includes('Contracts were not checked in this run')).toBe(!checked);
  });
});
