import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type CaseLike, plainCounts, plainSummaryLine, type SuiteLike } from './plain-summary-reporter.ts';

const test = (state: string, mode = 'run'): CaseLike => ({
  type: 'test',
  options: { mode },
  result: () => ({ state }),
});
const suite = (
  children: (CaseLike | SuiteLike)[],
  opts: { errors?: unknown[]; state?: string; type?: 'suite' | 'module' } = {},
): SuiteLike => ({
  type: opts.type ?? 'suite',
  errors: () => opts.errors ?? [],
  state: () => opts.state ?? 'passed',
  children,
});
const module = (children: (CaseLike | SuiteLike)[], opts: { errors?: unknown[]; state?: string } = {}) =>
  suite(children, { ...opts, type: 'module' });

describe('plain summary counts', () => {
  it('counts passed, failed and skipped tests as they are when nothing else went wrong', () => {
    const c = plainCounts([
      module([test('passed'), test('failed'), test('skipped', 'skip'), test('skipped', 'todo')], {
        state: 'failed',
      }),
      module([suite([test('passed'), test('skipped')])]),
    ]);
    expect(plainSummaryLine(c)).toBe('2 passed, 1 failed, 3 skipped');
  });

  it('counts the tests a throwing beforeAll kept from running as failed, not skipped', () => {
    const broken = suite([test('skipped'), test('skipped'), test('skipped', 'skip')], {
      errors: [new Error('chromium is missing')],
      state: 'failed',
    });
    const c = plainCounts([module([test('passed'), broken], { state: 'failed' })]);
    expect(c).toMatchObject({ passed: 1, failed: 2, notRun: 2, skipped: 1, brokenSuites: 0 });
    expect(plainSummaryLine(c)).toBe(
      '1 passed, 2 failed, 1 skipped (2 tests not run because their suite failed)',
    );
  });

  it('counts a file that failed to load, and a suite that failed after its tests passed', () => {
    const c = plainCounts([
      module([], { errors: [new Error('Cannot find module')], state: 'failed' }),
      module([test('passed')], { errors: [new Error('afterAll threw')], state: 'failed' }),
    ]);
    expect(c).toMatchObject({ passed: 1, failed: 2, brokenSuites: 2 });
  });

  it('counts unhandled errors as failed', () => {
    const c = plainCounts([module([test('passed')])], [new Error('unhandled rejection')], 'failed');
    expect(plainSummaryLine(c)).toBe('1 passed, 1 failed, 0 skipped (1 unhandled error)');
  });

  it('never closes a run vitest failed with "0 failed"', () => {
    const c = plainCounts([module([test('passed')])], [], 'failed');
    expect(c.failed).toBe(1);
    expect(plainSummaryLine(c)).toBe('1 passed, 1 failed, 0 skipped (vitest reports the run as failed)');
  });

  it('says when the run was interrupted', () => {
    expect(plainSummaryLine(plainCounts([module([test('passed'), test('pending')])]), 'interrupted')).toBe(
      '1 passed, 0 failed, 1 skipped (interrupted)',
    );
  });
});

describe('plain summary reporter in a real vitest run', () => {
  it('closes a run with a throwing beforeAll, a file that fails to load, a throwing afterAll and an unhandled rejection with the failures counted', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: '1' };
    // The outer run's worker settings must not leak into the inner run.
    for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key === 'TEST') delete env[key];
    const proc = spawnSync(
      process.execPath,
      [fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url)), 'run'],
      {
        cwd: fileURLToPath(new URL('./fixtures/plain-summary/', import.meta.url)),
        env,
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(proc.status, proc.stderr).toBe(1);
    const last = proc.stdout.trim().split('\n').pop();
    expect(last).toBe(
      '4 passed, 5 failed, 4 skipped (2 tests not run because their suite failed; ' +
        '2 files or suites failed outside a test; 1 unhandled error)',
    );
  }, 130_000);
});
