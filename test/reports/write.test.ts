import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/index.ts';
import { REPORT_FILES, writeReports } from '../../src/reports/write.ts';
import { sampleRun } from './fixtures/build.ts';

const fresh = () => mkdtempSync(join(tmpdir(), 'reports-'));

describe('writeReports', () => {
  it('writes all five formats into <reportDir>/<run-id>/ and the same into latest/, returning the paths', () => {
    const reportDir = fresh();
    const run = sampleRun({ runId: 'run-a' });
    const written = writeReports(run, { reportDir, stepSummary: false });
    expect(written.dir).toBe(join(reportDir, 'run-a'));
    expect(written.latest).toBe(join(reportDir, 'latest'));
    expect(readdirSync(reportDir).sort()).toEqual(['latest', 'run-a']);
    expect(readdirSync(written.dir).sort()).toEqual(Object.values(REPORT_FILES).sort());
    for (const [kind, path] of Object.entries(written.files)) {
      expect(path).toBe(join(written.dir, REPORT_FILES[kind as keyof typeof REPORT_FILES]));
      expect(
        readFileSync(join(written.latest, REPORT_FILES[kind as keyof typeof REPORT_FILES]), 'utf8'),
      ).toBe(readFileSync(path, 'utf8'));
    }
    expect(JSON.parse(readFileSync(written.files.results, 'utf8'))).toEqual(run);
  });

  it('refreshes latest/ to the newest run and keeps the older run folder', () => {
    const reportDir = fresh();
    writeReports(sampleRun({ runId: 'run-1' }), { reportDir, stepSummary: false });
    writeReports(sampleRun({ runId: 'run-2' }), { reportDir, stepSummary: false });
    expect(readdirSync(reportDir).sort()).toEqual(['latest', 'run-1', 'run-2']);
    expect(JSON.parse(readFileSync(join(reportDir, 'latest', 'results.json'), 'utf8')).runId).toBe('run-2');
    expect(JSON.parse(readFileSync(join(reportDir, 'run-1', 'results.json'), 'utf8')).runId).toBe('run-1');
  });

  it('appends summary.md to $GITHUB_STEP_SUMMARY when it is set', () => {
    const reportDir = fresh();
    const summary = join(reportDir, 'step-summary.md');
    writeFileSync(summary, '# earlier step\n');
    const previous = process.env.GITHUB_STEP_SUMMARY;
    process.env.GITHUB_STEP_SUMMARY = summary;
    try {
      const written = writeReports(sampleRun({ runId: 'run-s' }), { reportDir });
      expect(written.stepSummary).toBe(summary);
    } finally {
      if (previous === undefined) delete process.env.GITHUB_STEP_SUMMARY;
      else process.env.GITHUB_STEP_SUMMARY = previous;
    }
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('# earlier step\n## ❌ jobs-conformance: Failed')).toBe(true);
    expect(
      writeReports(sampleRun({ runId: 'run-t' }), { reportDir: fresh(), stepSummary: false }).stepSummary,
    ).toBe(undefined);
  });

  it.each(['../escape', 'latest', 'a/b', ''])('refuses run id %j as a folder name', (runId) => {
    expect(() => writeReports(sampleRun({ runId }), { reportDir: fresh(), stepSummary: false })).toThrow(
      UsageError,
    );
  });

  it('leaves every folder whole when several runs write at once', async () => {
    const reportDir = fresh();
    const writer = fileURLToPath(new URL('./fixtures/write-many.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));
    const runs = ['p1', 'p2', 'p3'];
    await Promise.all(
      runs.map(
        (name) =>
          new Promise<void>((resolve, reject) => {
            const child = spawn(process.execPath, [tsx, writer, reportDir, name, '3'], { stdio: 'inherit' });
            child.on('exit', (code) =>
              code === 0 ? resolve() : reject(new Error(`writer ${name} exited ${code}`)),
            );
          }),
      ),
    );
    const folders = readdirSync(reportDir).sort();
    expect(folders).toEqual(['latest', ...runs.flatMap((p) => [0, 1, 2].map((i) => `${p}-${i}`))].sort());
    for (const folder of folders) {
      const dir = join(reportDir, folder);
      expect(readdirSync(dir).sort()).toEqual(Object.values(REPORT_FILES).sort());
      // Every file of a folder belongs to the same run.
      const runId = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')).runId as string;
      if (folder !== 'latest') expect(runId).toBe(folder);
      expect(readFileSync(join(dir, 'index.html'), 'utf8')).toContain(`<code>${runId}</code>`);
      expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain(`name="jobs-conformance ${runId}"`);
      expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain(`run \`${runId}\``);
      expect(readFileSync(join(dir, 'exchanges.har'), 'utf8')).toContain(`"comment": "run ${runId} (mock)"`);
    }
  });
});
