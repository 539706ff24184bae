import type { Reporter, TestModule, TestRunEndReason } from 'vitest/node';

/** The little of vitest's TestCase the count reads (fakes in the reporter's test provide the same). */
export interface CaseLike {
  readonly type: 'test';
  readonly options: { readonly mode: string };
  result(): { readonly state: string };
}

/** The little of vitest's TestSuite and TestModule the count reads. */
export interface SuiteLike {
  readonly type: 'suite' | 'module';
  errors(): ReadonlyArray<unknown>;
  state(): string;
  readonly children: Iterable<CaseLike | SuiteLike>;
}

export interface PlainCounts {
  passed: number;
  skipped: number;
  /** Tests that ran and failed. */
  failedTests: number;
  /** Tests meant to run that never did because their suite or file failed first (a throwing beforeAll). */
  notRun: number;
  /** Files and suites that failed with no test to show it: a file that fails to load, a throwing afterAll. */
  brokenSuites: number;
  /** Errors vitest caught outside any test (an unhandled rejection). */
  unhandled: number;
  /** Everything that makes the run fail, the sum of the four above (at least 1 when vitest says it failed). */
  failed: number;
}

/**
 * Counts a run honestly: besides failed tests, a test that never ran because its suite failed, a file or
 * suite that failed outside its tests and an unhandled error each count as failed, so that a run vitest
 * fails never closes with "0 failed".
 */
export function plainCounts(
  modules: Iterable<SuiteLike>,
  unhandledErrors: ReadonlyArray<unknown> = [],
  reason?: TestRunEndReason,
): PlainCounts {
  const c: PlainCounts = {
    passed: 0,
    skipped: 0,
    failedTests: 0,
    notRun: 0,
    brokenSuites: 0,
    unhandled: unhandledErrors.length,
    failed: 0,
  };
  /** Counts the tests under a suite; returns how many of them show a failure (failed or not run). */
  const visit = (suite: SuiteLike, parentFailed: boolean): number => {
    const ownErrors = suite.errors().length > 0;
    const blocked = parentFailed || ownErrors;
    let shown = 0;
    for (const child of suite.children) {
      if (child.type !== 'test') {
        shown += visit(child, blocked);
        continue;
      }
      const state = child.result().state;
      if (state === 'passed') c.passed++;
      else if (state === 'failed') {
        c.failedTests++;
        shown++;
      } else if (blocked && (child.options.mode === 'run' || child.options.mode === 'only')) {
        c.notRun++;
        shown++;
      } else c.skipped++;
    }
    // A suite that failed on its own (a load error, a throwing hook) with no test showing it.
    if ((ownErrors || suite.state() === 'failed') && shown === 0) c.brokenSuites++;
    return shown;
  };
  for (const module of modules) visit(module, false);
  c.failed = c.failedTests + c.notRun + c.brokenSuites + c.unhandled;
  // vitest knows of a failure this count does not see: never close a failed run with "0 failed".
  if (reason === 'failed' && c.failed === 0) c.failed = 1;
  return c;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The closing line: "N passed, N failed, N skipped", with what the failures are when not only tests. */
export function plainSummaryLine(c: PlainCounts, reason?: TestRunEndReason): string {
  const parts: string[] = [];
  if (c.failed !== c.failedTests) {
    if (c.failedTests > 0) parts.push(plural(c.failedTests, 'test failed', 'tests failed'));
    if (c.notRun > 0) parts.push(`${plural(c.notRun, 'test', 'tests')} not run because their suite failed`);
    if (c.brokenSuites > 0)
      parts.push(`${plural(c.brokenSuites, 'file or suite', 'files or suites')} failed outside a test`);
    if (c.unhandled > 0) parts.push(plural(c.unhandled, 'unhandled error', 'unhandled errors'));
    const explained = c.failedTests + c.notRun + c.brokenSuites + c.unhandled;
    if (explained < c.failed) parts.push('vitest reports the run as failed');
  }
  if (reason === 'interrupted') parts.push('interrupted');
  const detail = parts.length > 0 ? ` (${parts.join('; ')})` : '';
  return `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped${detail}`;
}

/**
 * Ends the run with one plain line, "N passed, N failed, N skipped", after vitest's own summary, so
 * that CI logs that read closing lines (not vitest's coloured table) see the counts. Failed files,
 * failed suites and unhandled errors count as failed (see plainCounts).
 */
export default class PlainSummaryReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<unknown>,
    reason: TestRunEndReason,
  ): void {
    const counts = plainCounts(testModules, unhandledErrors, reason);
    process.stdout.write(`\n${plainSummaryLine(counts, reason)}\n`);
  }
}
