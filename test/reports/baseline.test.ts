import { describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/core/index.ts';
import { applyBaseline } from '../../src/reports/baseline.ts';
import { renderHtml } from '../../src/reports/html.ts';
import { renderJunit } from '../../src/reports/junit.ts';
import { renderMarkdown } from '../../src/reports/markdown.ts';
import { resultsProblem } from '../../src/reports/validate.ts';
import { sampleRun } from './fixtures/build.ts';

const INJECTED = 'vectara-v1/listJobs/body.schema';
const FIXED = 'vectara-v2/getJob/status.documented';

/** The baseline, then the same run with one new failure injected, one failure fixed and a new enum value. */
function pair(): { before: RunResults; after: RunResults } {
  const before = sampleRun({ runId: 'before' });
  const after = sampleRun({ runId: 'after' });
  const injected = after.results.find((r) => r.id === INJECTED)!;
  injected.status = 'fail';
  injected.message = "/jobs/0/state must be equal to one of the allowed values ('JOB_STATE__PAUSED')";
  const fixed = after.results.find((r) => r.id === FIXED)!;
  fixed.status = 'pass';
  fixed.message = 'status 200 is documented';
  const enumResult = after.results.find((r) => r.check === 'enum.known')!;
  (enumResult.data!.enumValues as unknown[]).push({ enum: 'JobStatus', value: 'paused', tier: 'unknown' });
  return { before, after };
}

describe('applyBaseline', () => {
  const { before, after } = pair();
  const diffed = applyBaseline(after, before, 'reports/before/results.json');

  it('marks a newly injected failure new, a fixed one fixed, and everything else same', () => {
    const mark = (id: string) => diffed.results.find((r) => r.id === id)?.baseline;
    expect(mark(INJECTED)).toBe('new');
    expect(mark(FIXED)).toBe('fixed');
    expect(mark('cloudflare-ai-search/listJobs/body.schema')).toBe('same'); // failing in both
    expect(diffed.results.filter((r) => r.baseline === 'same')).toHaveLength(after.results.length - 2);
    expect(diffed.baseline).toEqual({
      source: 'reports/before/results.json',
      newFailures: [INJECTED],
      fixed: [FIXED],
      newEnumValues: [{ api: 'emporix-ai-service', enum: 'JobStatus', value: 'paused' }],
    });
    expect(resultsProblem(diffed)).toBeUndefined();
  });

  it('finds nothing new against itself', () => {
    const same = applyBaseline(before, before);
    expect(same.baseline).toMatchObject({ newFailures: [], fixed: [], newEnumValues: [] });
  });

  it('counts a failing result that the baseline did not have as new', () => {
    const extra = structuredClone(after);
    extra.results.push({ ...extra.results[0]!, id: 'vectara-v2/listJobs/filter.matches', status: 'fail' });
    expect(applyBaseline(extra, before).baseline?.newFailures).toContain(
      'vectara-v2/listJobs/filter.matches',
    );
  });

  it('leaves its inputs untouched', () => {
    expect(after.baseline).toBeUndefined();
    expect(after.results.every((r) => r.baseline === undefined)).toBe(true);
  });

  it('shows in every format: HTML badge, filter and section; JUnit property and message prefix; Markdown section', () => {
    const html = renderHtml(diffed);
    expect(html).toContain('<select id="f-baseline">');
    expect(html).toContain('<section id="baseline">');
    expect(html).toMatch(/<b>1<\/b> new failure\(s\)/);
    expect(html).toContain('JobStatus: <code>paused</code>');
    expect(renderHtml(after)).not.toContain('id="f-baseline"');

    const junit = renderJunit(diffed);
    expect(junit).toContain('<property name="baseline" value="new"/>');
    expect(junit).toContain('message="[new] /jobs/0/state must be equal');
    expect(junit).toContain('<property name="baseline.newFailures" value="1"/>');
    expect(junit).toContain('<property name="baseline.newEnumValues" value="JobStatus=paused"/>');

    const md = renderMarkdown(diffed);
    expect(md).toContain('### Since the baseline');
    expect(md).toContain('1 new failure(s), 1 fixed, 1 enum value(s) seen for the first time');
    expect(md).toMatch(
      /\*\*New failures\*\*\n\n- `fail` \*\*new\*\* \*\*vectara-v1\*\* listJobs · `body.schema`/,
    );
    expect(md).toContain(`- \`${FIXED}\``);
    expect(md).toContain('- emporix-ai-service `JobStatus`: `paused`');
  });
});
