import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { REPORT_FILES, writeReports } from '../../src/reports/write.ts';
import { tempDir } from '../support/cli.ts';
import { sampleRun } from './fixtures/build.ts';

// One renderer that fails (as a hostile body once made every renderer fail) must not cost the others.
vi.mock('../../src/reports/html.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/reports/html.ts')>()),
  renderHtml: () => {
    throw new RangeError('Maximum call stack size exceeded');
  },
}));

describe('writeReports renders each format on its own', () => {
  it('a failing renderer leaves results.json and every other format, and says which failed', () => {
    const reportDir = tempDir('isolation');
    const run = sampleRun({ runId: 'run-iso' });
    const written = writeReports(run, { reportDir, stepSummary: false });
    expect(written.failures).toEqual([
      {
        kind: 'html',
        file: 'index.html',
        message: 'index.html was not written: Maximum call stack size exceeded',
      },
    ]);
    const others = Object.values(REPORT_FILES).filter((f) => f !== REPORT_FILES.html);
    expect(readdirSync(written.dir).sort()).toEqual([...others].sort());
    expect(readdirSync(written.latest).sort()).toEqual([...others].sort());
    expect(JSON.parse(readFileSync(written.files.results, 'utf8'))).toEqual(run);
    expect(existsSync(written.files.html)).toBe(false);
  });
});
