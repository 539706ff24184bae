/**
 * The ratchet: `run --baseline FILE --fail-on new` exits 1 only for failures new against the baseline;
 * `--fail-on any` (the default) fails on every failure, known or not.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.ts';

const API = ['--api', 'vectara-v2'];

describe('run --fail-on', () => {
  it('new: passes with only known failures, fails on a new one; any: fails on known ones too', async () => {
    const reports = tempDir('ratchet');
    const first = await runCli([
      'run',
      ...API,
      '--fault',
      'pagination.duplicate-item',
      '--report-dir',
      join(reports, 'first'),
    ]);
    expect(first.code).toBe(1);
    const baseline = join(reports, 'first', 'latest', 'results.json');

    const known = await runCli([
      'run',
      ...API,
      '--fault',
      'pagination.duplicate-item',
      '--baseline',
      baseline,
      '--fail-on',
      'new',
      '--report-dir',
      join(reports, 'known'),
    ]);
    expect(known.stderr).not.toMatch(/Error|at /);
    expect(known.code).toBe(0);
    expect(known.stdout).toMatch(/^FAIL: /m);
    expect(known.stdout).toMatch(
      /--fail-on new: the \d+ failure\(s\) and error\(s\) are all in the baseline/,
    );

    const anyFails = await runCli([
      'run',
      ...API,
      '--fault',
      'pagination.duplicate-item',
      '--baseline',
      baseline,
      '--report-dir',
      join(reports, 'any'),
    ]);
    expect(anyFails.code).toBe(1);

    const fresh = await runCli([
      'run',
      ...API,
      '--fault',
      'pagination.skipped-item',
      '--baseline',
      baseline,
      '--fail-on',
      'new',
      '--report-dir',
      join(reports, 'fresh'),
    ]);
    expect(fresh.code).toBe(1);
  }, 120_000);

  it('--check !pattern leaves the excluded check out of the run', async () => {
    const reports = tempDir('exclude');
    const out = await runCli([
      'run',
      ...API,
      '--fault',
      'pagination.duplicate-item',
      '--check',
      '!pagination.no-duplicates',
      '--report-dir',
      reports,
    ]);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^PASS: /m);
  });
});
