/**
 * No path of the machine in what a run writes: a mock run with contracts (pacts into a folder given by
 * absolute path) and a baseline given by absolute path, rendered into every report format, names its
 * files relative to the working directory, never by the working directory's, the temp folder's or the
 * home folder's absolute path.
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { applyBaseline } from '../../src/reports/baseline.ts';
import { readResultsFile } from '../../src/reports/read.ts';
import { renderReports, writeReports } from '../../src/reports/write.ts';
import { runConformance } from '../../src/runner/run.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const startCwd = process.cwd();
let work = '';

beforeAll(() => {
  // The working directory a user runs in (a CI checkout): here a fresh temp folder, removed afterwards.
  work = realpathSync(mkdtempSync(join(tmpdir(), 'jc-paths-')));
  process.chdir(work);
});

afterAll(() => {
  process.chdir(startCwd);
  rmSync(work, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

test('a mock run with contracts and an absolute baseline path writes no absolute path into any report', async () => {
  const pactDir = join(work, 'pacts');
  const baselinePath = join(work, 'baseline', 'results.json');
  const raw = await runConformance({
    apis: ['vectara-v2'],
    target: 'mock',
    allowWrites: true,
    runId: 'paths-run',
    contracts: { pactDir },
  });
  mkdirSync(join(work, 'baseline'));
  writeFileSync(baselinePath, JSON.stringify({ ...raw, runId: 'paths-baseline' }));
  // As `run --baseline <absolute path>` does: the path as typed.
  const run = applyBaseline(raw, readResultsFile(baselinePath), baselinePath);

  const pactFiles = run.results.flatMap((r) =>
    typeof r.data?.pactFile === 'string' ? [r.data.pactFile] : [],
  );
  expect(pactFiles).toEqual(['pacts/jobs-conformance-vectara-v2.json']);
  expect(run.baseline?.source).toBe('baseline/results.json');

  const written = writeReports(run, { reportDir: join(work, 'reports'), stepSummary: false });
  expect(written.failures).toEqual([]);
  const files = filesUnder(join(work, 'reports'));
  expect(files.map((f) => f.split('/').pop())).toEqual(
    expect.arrayContaining(['results.json', 'junit.xml', 'index.html', 'summary.md', 'exchanges.har']),
  );
  const rendered = Object.entries(renderReports(run)).map(([kind, text]) => ({
    name: `rendered ${kind}`,
    text,
  }));
  const texts = [
    ...files.map((f) => ({ name: f.slice(work.length + 1), text: readFileSync(f, 'utf8') })),
    ...rendered,
  ];
  expect(readFileSync(join(written.dir, 'summary.md'), 'utf8')).toContain(
    '(baseline: `baseline/results.json`)',
  );

  const forbidden = [work, REPO, startCwd, homedir()].filter((p) => p.length > 1);
  const found = texts.flatMap(({ name, text }) =>
    forbidden.filter((p) => text.includes(p)).map((p) => `${name} contains ${p}`),
  );
  expect(found).toEqual([]);
}, 120_000);
