/**
 * jobs-conformance.config.json: run defaults, validation (exit 2 naming file, pointer and fix), and
 * expectations shown as expected in every format, expired ones counting again, unmatched ones warned of.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resultsProblem } from '../../src/reports/validate.ts';
import { runCli, tempDir } from '../support/cli.ts';

const REASON = 'provider ticket VEC-123: duplicates across pages';

function folderWith(config: unknown): string {
  const dir = tempDir('config');
  writeFileSync(join(dir, 'jobs-conformance.config.json'), JSON.stringify(config, null, 2));
  return dir;
}

describe('the config file', () => {
  it('sets run defaults and accepts a known deviation: expected in results.json, HTML, JUnit, Markdown and the terminal', async () => {
    const cwd = folderWith({
      run: { api: 'vectara-v2', reportDir: 'out', check: ['pagination.*', '!pagination.bounds'] },
      expectations: [
        {
          api: 'vectara-*',
          check: 'pagination.no-duplicates',
          expect: 'fail',
          reason: REASON,
          until: '2999-12-31',
        },
        { operation: 'getJob', check: 'enum.known', expect: 'warn', reason: 'fixed upstream' },
      ],
    });
    const out = await runCli(['run', '--fault', 'pagination.duplicate-item'], { cwd });
    expect(out.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^PASS: \d+ passed, 0 failed, 0 warnings, 1 expected, /m);
    const latest = join(cwd, 'out', 'latest');
    const run = JSON.parse(readFileSync(join(latest, 'results.json'), 'utf8'));
    expect(resultsProblem(run)).toBeUndefined();
    expect(run.apis).toEqual(['vectara-v2']);
    expect(run.results.some((r: { check: string }) => r.check === 'pagination.bounds')).toBe(false);
    const expected = run.results.find((r: { status: string }) => r.status === 'expected');
    expect(expected).toMatchObject({
      id: 'vectara-v2/listJobs/pagination.no-duplicates',
      expectation: { pointer: '/expectations/0', expect: 'fail', reason: REASON, status: 'fail' },
    });
    expect(run.summary.expected).toBe(1);
    // enum.known was not run (--check), so its expectation is not reported as unmatched.
    expect(run.expectations.unmatched).toEqual([]);

    const html = readFileSync(join(latest, 'index.html'), 'utf8');
    expect(html).toContain('<span class="chip expected" data-status="expected"><b>1</b> expected</span>');
    expect(html).toContain('<section id="expectations">');
    expect(html).toContain(`expected because: ${REASON.replace(/:/g, ':')}`);
    const junit = readFileSync(join(latest, 'junit.xml'), 'utf8');
    expect(junit).toContain(`<skipped message="expected fail (${REASON}): `);
    expect(junit).toContain(`<property name="expected" value="${REASON}"/>`);
    const md = readFileSync(join(latest, 'summary.md'), 'utf8');
    expect(md).toContain('### Expected (1)');
    expect(md).toContain('1 expected');
    expect(md).toContain(`_expected: ${REASON}_`);
  }, 60_000);

  it('counts a failure again once its expectation expired, and warns of one that matched nothing', async () => {
    const cwd = folderWith({
      run: { api: 'vectara-v2', reportDir: 'out' },
      expectations: [
        { check: 'pagination.no-duplicates', expect: 'fail', reason: REASON, until: '2020-01-31' },
        { check: 'pagination.no-skips', expect: 'fail', reason: 'skips seen in 2025' },
      ],
    });
    const out = await runCli(['run', '--fault', 'pagination.duplicate-item'], { cwd });
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(
      'jobs-conformance: warning: the expectation at jobs-conformance.config.json#/expectations/0 expired on 2020-01-31',
    );
    expect(out.stderr).toMatch(
      /the expectation at jobs-conformance\.config\.json#\/expectations\/1 \(\* · \* · pagination\.no-skips: "skips seen in 2025"\) matched no result/,
    );
    const run = JSON.parse(readFileSync(join(cwd, 'out', 'latest', 'results.json'), 'utf8'));
    const failed = run.results.find((r: { status: string }) => r.status === 'fail');
    expect(failed.message).toContain('expired on 2020-01-31');
    expect(run.results.find((r: { check: string }) => r.check === 'expectation.unmatched').status).toBe(
      'warn',
    );
  });

  it('lets a flag win over its default, and reads --config PATH from another folder', async () => {
    const dir = folderWith({ run: { api: 'no-such-api' } });
    const out = await runCli(
      [
        'run',
        '--config',
        join(dir, 'jobs-conformance.config.json'),
        '--api',
        'vectara-v2',
        '--check',
        'enum.known',
      ],
      { cwd: tempDir('elsewhere') },
    );
    expect(out.code).toBe(0);
    const refused = await runCli(['run', '--check', 'enum.known'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--api 'no-such-api' is not an API id/);
  }, 60_000);

  it.each([
    [
      { expectations: [{ check: 'x', expect: 'fail' }] },
      '/expectations/0: reason is missing: add "reason": say why',
    ],
    [
      { expectations: [{ expect: 'fial', reason: 'r' }] },
      '/expectations/0/expect: must be equal to one of the allowed values (fail, warn): use fail or warn',
    ],
    [
      { expectations: [{ expect: 'fail', reason: 'r', until: 'soon' }] },
      '/expectations/0/until: must match format "date": give a date as YYYY-MM-DD',
    ],
    [
      { expectations: [{ expect: 'fail', reason: 'r', message: '(x' }] },
      '/expectations/0/message: not a regular expression',
    ],
    [
      { run: { reportdir: 'x' } },
      '/run/reportdir: reportdir is not a known setting: remove it or correct its name (allowed here: api, ',
    ],
    [{ run: { budget: '10' } }, '/run/budget: must be integer: give a positive whole number'],
  ])('refuses %j with exit 2, naming the file, the pointer and the fix', async (config, line) => {
    const out = await runCli(['run'], { cwd: folderWith(config) });
    expect(out.code).toBe(2);
    expect(out.stderr.startsWith(`jobs-conformance: jobs-conformance.config.json ${line}`)).toBe(true);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses a missing --config file', async () => {
    const out = await runCli(['run', '--config', 'nowhere.json'], { cwd: tempDir('none') });
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(
      'jobs-conformance: --config nowhere.json: cannot read it (ENOENT): give the path of a config file\n',
    );
  });
});
