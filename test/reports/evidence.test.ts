/**
 * Evidence that shows the fault: a failing result quotes the exact items and JSON pointers, and the
 * HTML shows each body pretty-printed with those parts highlighted, never cut before them.
 */
import { describe, expect, it } from 'vitest';
import type { Result, RunResults } from '../../src/core/index.ts';
import { HTML_BODY_LIMIT, pageBody, renderHtml } from '../../src/reports/html.ts';
import { renderJunit } from '../../src/reports/junit.ts';
import { runConformance } from '../../src/runner/index.ts';

type PageExchange = { id: string; response?: { body: string; bodyCut?: number; marks?: [number, number][] } };
type PageResult = Omit<Result, 'evidence'> & { evidence: PageExchange[] };

function embedded(html: string): PageResult[] {
  const json = /<script type="application\/json" id="run-data">(.*?)<\/script>/s.exec(html)?.[1] ?? '{}';
  return (JSON.parse(json) as { results: PageResult[] }).results;
}

async function faulty(
  api: 'vectara-v2' | 'emporix-ai-service',
  fault: string,
  checks: string,
): Promise<RunResults> {
  return runConformance({
    apis: [api],
    target: 'mock',
    allowWrites: false,
    checks,
    simulator: { faults: [fault as never] },
  });
}

describe('evidence that shows the fault', () => {
  it('a duplicate names the item and the page and index of each occurrence, highlighted in the page bodies', async () => {
    const run = await faulty('vectara-v2', 'pagination.duplicate-item', 'pagination.no-duplicates');
    const r = run.results.find((x) => x.check === 'pagination.no-duplicates')!;
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/item (\S+) appears on page 1 and again on page 2 \(at index 99 and 0[;)]/);
    const [first, second] = r.findings!;
    expect(first).toMatchObject({
      pointer: '/jobs/99',
      note: expect.stringMatching(/occurrence 1 of 2, page 1, index 99/),
    });
    expect(second).toMatchObject({
      pointer: '/jobs/0',
      note: expect.stringMatching(/occurrence 2 of 2, page 2, index 0/),
    });
    expect(first?.value).toBe(second?.value);

    const shown = embedded(renderHtml(run)).find((x) => x.id === r.id)!;
    for (const finding of [first!, second!]) {
      const x = shown.evidence.find((e) => e.id === finding.exchange)!;
      const body = x.response!.body;
      expect(body.startsWith('{\n  "')).toBe(true); // pretty-printed
      const marks = x.response!.marks ?? [];
      expect(marks.length).toBeGreaterThan(0);
      const [start, end] = marks[0]!;
      // The highlighted part is the duplicated item, and the body is shown at least up to it.
      expect(body.slice(start, end)).toContain(`"${String(finding.value)}"`);
      expect(end).toBeLessThanOrEqual(body.length);
    }
    const junit = renderJunit(run);
    expect(junit).toContain(`finding: ${String(first?.value)}: occurrence 1 of 2, page 1, index 99`);
  });

  it('a skip names the missing id and where it was expected', async () => {
    const run = await faulty('vectara-v2', 'pagination.skipped-item', 'pagination.no-skips');
    const r = run.results.find((x) => x.check === 'pagination.no-skips')!;
    expect(r.status).toBe('fail');
    expect(r.findings?.[0]?.note).toMatch(
      /^\S+: at size \d+ on page \d+, index \d+; missing at size \d+, where it belongs on page \d+, index \d+$/,
    );
    expect(r.findings?.[0]?.pointer).toMatch(/^\/jobs\/\d+$/);
  });

  it('a schema failure quotes the failing value at its pointer', async () => {
    const run = await faulty('vectara-v2', 'body.wrong-type', 'body.schema');
    const r = run.results.find((x) => x.check === 'body.schema' && x.status === 'fail')!;
    const f = r.findings?.[0];
    expect(f?.pointer).toMatch(/^\//);
    expect(f?.exchange).toBe(r.evidence[0]?.id);
    expect(f).toHaveProperty('value');
    const shown = embedded(renderHtml(run)).find((x) => x.id === r.id)!;
    const x = shown.evidence[0]!;
    const [start, end] = x.response!.marks![0]!;
    expect(x.response!.body.slice(start, end)).toContain(JSON.stringify(f!.value).slice(0, 20));
  });

  it('never cuts a body before its highlighted part', () => {
    const items = Array.from({ length: 300 }, (_, i) => ({ id: `job_${i}`, state: 'JOB_STATE__DONE' }));
    const raw = JSON.stringify({ jobs: items });
    const shown = pageBody(raw, ['/jobs/290']);
    expect(shown.body.length).toBeGreaterThan(HTML_BODY_LIMIT);
    expect(shown.bodyCut).toBeGreaterThan(shown.body.length);
    const [start, end] = shown.marks![0]!;
    expect(shown.body.slice(start, end)).toContain('"job_290"');
    expect(pageBody(raw).body.length).toBe(HTML_BODY_LIMIT);
    expect(pageBody('not json <b>').body).toBe('not json <b>');
  });
});
