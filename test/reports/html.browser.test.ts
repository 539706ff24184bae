/**
 * The HTML report in real headless Chromium (Debian's, driven by playwright-core): opened from
 * file://, read, clicked, filtered, followed by link; no console errors; screenshots taken.
 *
 * Needs a Chromium binary: /usr/bin/chromium (Debian's `chromium` package), or the one CHROMIUM_PATH
 * names. The reports and screenshots go to a temporary folder removed afterwards; set
 * BROWSER_TEST_REPORT_DIR to a folder to keep them there and look at the screenshots.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/core/index.ts';
import { applyBaseline } from '../../src/reports/baseline.ts';
import { resultAnchor } from '../../src/reports/html.ts';
import { bySeverity, matrixOf } from '../../src/reports/stats.ts';
import { writeReports } from '../../src/reports/write.ts';
import { largeRun, sampleRun } from './fixtures/build.ts';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const NEEDS =
  "the browser test (test/reports/html.browser.test.ts) needs Chromium: install Debian's chromium package " +
  '(apt-get install -y chromium; .ci/run does) or set CHROMIUM_PATH to a Chromium or Chrome binary';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** A temporary folder removed after the run, unless BROWSER_TEST_REPORT_DIR asks to keep them. */
const KEEP_DIR = process.env.BROWSER_TEST_REPORT_DIR;
const REPORT_DIR = KEEP_DIR ? resolve(KEEP_DIR) : mkdtempSync(join(tmpdir(), 'jc-browser-test-'));
if (KEEP_DIR) mkdirSync(REPORT_DIR, { recursive: true });

/** The little of the DOM the page callbacks use (the project compiles without lib.dom). */
interface DomNode {
  getAttribute(name: string): string | null;
  textContent: string | null;
}

let context: BrowserContext;
let problems: string[] = [];

async function open(url: string): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) problems.push(`network: ${r.url()}`);
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(url);
  return page;
}

function withBaseline(): RunResults {
  const before = sampleRun({ runId: 'browser-before' });
  const after = sampleRun({ runId: 'browser-test-sample' });
  const injected = after.results.find((r) => r.id === 'vectara-v1/listJobs/body.schema')!;
  injected.status = 'fail';
  injected.message = 'newly broken: /jobs/0/state is not a JobState';
  after.summary.pass--;
  after.summary.fail++;
  return applyBaseline(after, before, 'reports/before/results.json');
}

const PROFILE_DIR = mkdtempSync(join(tmpdir(), 'jc-chromium-profile-'));

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: ${NEEDS}`);
  try {
    context = await chromium.launchPersistentContext(PROFILE_DIR, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
    });
  } catch (err) {
    // playwright's first line, and the browser's own stderr lines (a missing library, a sandbox error).
    const lines = (err instanceof Error ? err.message : String(err)).split('\n');
    const said = lines.flatMap((l) => /^\[pid=\d+\]\[err\] (.+)$/.exec(l)?.[1] ?? []).slice(0, 3);
    const why = [lines[0], ...said].join('; ');
    throw new Error(`Chromium at ${CHROMIUM} did not start (${why}): ${NEEDS}`, { cause: err });
  }
});

afterAll(async () => {
  await context?.close();
  rmSync(PROFILE_DIR, { recursive: true, force: true });
  if (!KEEP_DIR) rmSync(REPORT_DIR, { recursive: true, force: true });
});

describe('index.html in Chromium', () => {
  const run = withBaseline();
  const written = writeReports(run, { reportDir: REPORT_DIR, stepSummary: false });
  const url = pathToFileURL(written.files.html).href;

  it('opens from file:// and shows the verdict and the matrix counts', async () => {
    problems = [];
    const page = await open(url);
    await expect(page.locator('#verdict').textContent()).resolves.toContain('Failed');
    const cells = await page.$$eval('td.cell[data-check]', (tds) =>
      tds.map((td) => ({
        api: td.getAttribute('data-api'),
        check: td.getAttribute('data-check'),
        shown: Array.from(td.querySelectorAll('.n') as ArrayLike<DomNode>).map(
          (n) => `${n.getAttribute('title')}=${n.textContent}`,
        ),
      })),
    );
    const { cells: expected } = matrixOf(run);
    expect(cells).toHaveLength(expected.size);
    for (const cell of cells) {
      const counts = expected.get(`${cell.api}\u0000${cell.check}`)!;
      const want = Object.entries(counts)
        .filter(([, n]) => n > 0)
        .map(([s, n]) => `${s}=${n}`);
      expect(cell.shown, `${cell.api} ${cell.check}`).toEqual(want);
    }
    const v2 = page.locator('td.cell[data-api="vectara-v2"][data-check="status.documented"]');
    await expect(v2.locator('.n.fail').textContent()).resolves.toBe('1');
    await expect(page.locator('#shown').textContent()).resolves.toContain(
      `of ${run.results.length} matching`,
    );
    await page.screenshot({ path: join(written.dir, 'screenshot.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it("expands a failure's evidence: request, response status, headers and body, as text", async () => {
    problems = [];
    const page = await open(url);
    const row = page.locator('[id="r-vectara-v2/getJob/status.documented"]');
    await row.locator('.rhead').click();
    const details = row.locator('.details');
    await expect(details.locator('.reqline').textContent()).resolves.toBe(
      'GET http://127.0.0.1:41004/v2/jobs/job_8f14e45fceea167a',
    );
    await expect(details.locator('.xstatus').textContent()).resolves.toBe('→ 500');
    await expect(details.locator('.xres .hdrs').textContent()).resolves.toContain('text/html');
    await expect(details.locator('.xres pre').textContent()).resolves.toContain(
      '</script><script>window.__pwned = 1</script>',
    );
    await expect(details.locator('.source').textContent()).resolves.toContain('openapi: responses of getJob');
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    // A schema failure names its schema path; a long body is cut with a note.
    const schemaRow = page.locator('[id="r-emporix-ai-service/listJobs/body.schema"]');
    await schemaRow.locator('.rhead').click();
    await expect(schemaRow.locator('.source').textContent()).resolves.toContain(
      '#/$defs/Job/properties/message/maxLength',
    );
    await expect(schemaRow.locator('.cut').first().textContent()).resolves.toMatch(
      /showing 4000 of \d+ characters/,
    );
    await row.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(written.dir, 'screenshot-evidence.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('filters by API, status, check and baseline, and from a matrix cell', async () => {
    problems = [];
    const page = await open(url);
    const rows = page.locator('#result-list .row');
    const apis = () =>
      rows.evaluateAll((els) => [...new Set(els.map((e) => e.querySelector('.rapi')?.textContent))]);

    await page.selectOption('#f-api', 'vectara-v1');
    const v1 = run.results.filter((r) => r.api === 'vectara-v1');
    await expect(rows.count()).resolves.toBe(v1.length);
    expect(await apis()).toEqual(['vectara-v1']);

    await page.uncheck('input[name="f-status"][value="pass"]');
    await expect(rows.count()).resolves.toBe(v1.filter((r) => r.status !== 'pass').length);
    await expect(page.locator('[data-count="pass"]').textContent()).resolves.toBe(
      `(${v1.filter((r) => r.status === 'pass').length})`,
    );

    await page.click('#f-reset');
    await page.selectOption('#f-baseline', 'new');
    await expect(rows.count()).resolves.toBe(1);
    await expect(rows.locator('.badge.bl-new').count()).resolves.toBe(1);
    await expect(rows.locator('.rmsg').textContent()).resolves.toContain('newly broken');

    await page.click('#f-reset');
    await page.fill('#f-text', 'rate limited');
    await expect(rows.count()).resolves.toBe(1);

    await page.click('td.cell[data-api="cloudflare-ai-search"][data-check="body.schema"]');
    await expect(page.inputValue('#f-api')).resolves.toBe('cloudflare-ai-search');
    await expect(page.inputValue('#f-check')).resolves.toBe('body.schema');
    await expect(rows.count()).resolves.toBe(
      run.results.filter((r) => r.api === 'cloudflare-ai-search' && r.check === 'body.schema').length,
    );

    // An operation in the Operations section lists that operation's results.
    await page.click('#operations tr[data-api="emporix-ai-service"][data-operation="deleteJob"] a.oplink');
    await expect(page.inputValue('#f-check')).resolves.toBe('');
    await expect(rows.count()).resolves.toBe(
      run.results.filter((r) => r.api === 'emporix-ai-service' && r.operation === 'deleteJob').length,
    );
    expect(problems).toEqual([]);
    await page.close();
  });

  it('follows a failure link by URL fragment, widening filters and paging to it', async () => {
    problems = [];
    const id = 'cloudflare-ai-search-namespaced/listJobLogs/pagination.totals';
    const page = await open(`${url}${resultAnchor(id)}`);
    const row = page.locator(`[id="r-${id}"]`);
    await expect(row.getAttribute('class')).resolves.toContain('target');
    await expect(row.locator('.details .exchange').count()).resolves.toBe(2);

    // From a filtered view, a link in the pagination section to a result the filter hides.
    await page.selectOption('#f-api', 'vectara-v1');
    await page.click(`#pagination a.rlink[href="${resultAnchor(id)}"]`);
    await expect(page.inputValue('#f-api')).resolves.toBe('');
    await expect(row.isVisible()).resolves.toBe(true);

    // A passing result on a later page of the list.
    const listed = [...run.results].sort(bySeverity);
    const far = listed.at(-1)!.id;
    await page.evaluate((hash) => {
      (globalThis as unknown as { location: { hash: string } }).location.hash = hash;
    }, resultAnchor(far));
    const farRow = page.locator(`[id="r-${far}"]`);
    await farRow.waitFor();
    await expect(farRow.getAttribute('class')).resolves.toContain('open');
    const pages = Math.ceil(listed.length / 50);
    await expect(page.locator('.pageno').textContent()).resolves.toBe(`page ${pages} of ${pages}`);
    expect(pages).toBeGreaterThan(1);
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('a 10,000-result report in Chromium', () => {
  const run = largeRun();
  const written = writeReports(run, { reportDir: REPORT_DIR, stepSummary: false });
  const url = pathToFileURL(written.files.html).href;

  it('opens, pages, filters and follows a link without console errors', async () => {
    problems = [];
    const page = await open(url);
    const rows = page.locator('#result-list .row');
    await expect(page.locator('#shown').textContent()).resolves.toContain('of 10000 matching');
    await expect(rows.count()).resolves.toBe(50);

    await page.uncheck('input[name="f-status"][value="pass"]');
    await expect(page.locator('#shown').textContent()).resolves.toContain(
      `of ${run.summary.total - run.summary.pass} matching`,
    );
    await page.selectOption('#f-check', 'generated.check-07');
    const expected = run.results.filter(
      (r) => r.check === 'generated.check-07' && r.status !== 'pass',
    ).length;
    await expect(page.locator('#shown').textContent()).resolves.toContain(`of ${expected} matching`);
    await page.fill('#f-text', 'vectara-v2');
    const narrowed = run.results.filter(
      (r) => r.check === 'generated.check-07' && r.status !== 'pass' && r.id.includes('vectara-v2'),
    ).length;
    await expect(rows.count()).resolves.toBe(Math.min(50, narrowed));

    await page.click('#f-reset');
    await page.click('text=last »');
    await expect(page.locator('.pageno').textContent()).resolves.toBe('page 200 of 200');

    const failure = run.results.filter((r) => r.status === 'fail').at(-1)!.id;
    await page.evaluate((hash) => {
      (globalThis as unknown as { location: { hash: string } }).location.hash = hash;
    }, resultAnchor(failure));
    await page.locator(`[id="r-${failure}"] .details`).waitFor();
    await page.screenshot({ path: join(written.dir, 'screenshot.png') });
    expect(problems).toEqual([]);
    await page.close();
  });
});
