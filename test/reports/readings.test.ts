// results.json and the HTML report name, per API, the version of our schemas and the official
// document they were last diffed against (x-official), so a report says which reading it used.
import { expect, test } from 'vitest';
import { type ApiId, getCatalogue } from '../../src/catalogue/index.ts';
import { mergeRuns, renderHtml } from '../../src/reports/index.ts';
import { resultsProblem } from '../../src/reports/validate.ts';
import { runConformance } from '../../src/runner/run.ts';

test('a run names each API’s schema version and official document; the HTML and a merge keep them', async () => {
  const apis: ApiId[] = ['vectara-v2', 'emporix-ai-service'] as ApiId[];
  const run = await runConformance({ apis, target: 'mock', allowWrites: false, checks: 'status.*' });
  const catalogue = getCatalogue();
  for (const id of apis) {
    const api = catalogue.api(id);
    expect(run.readings?.[id]).toEqual({
      schemaVersion: (api.openapi.info as { version: string }).version,
      official: { document: api.official?.document, date: api.official?.date, diffed: api.official?.diffed },
    });
  }
  expect(resultsProblem(JSON.parse(JSON.stringify(run)))).toBeUndefined();
  const html = renderHtml(run);
  expect(html).toContain('official document <code>vectara-v2-jobs.openapi.json</code> of 2026-01-10');
  expect(html).toContain(`schemas ${run.readings?.['emporix-ai-service']?.schemaVersion}`);
  expect(mergeRuns([run]).readings).toEqual(run.readings);
});
