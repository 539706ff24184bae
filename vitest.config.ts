import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'suites/**/*.test.ts', 'contracts/**/*.test.ts'],
    // test/fixtures/layers/ holds a *.test.ts that is cruised by depcruise, never run.
    exclude: [...configDefaults.exclude, 'test/fixtures/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Every test's temp folders under one folder of the run, removed at its end.
    globalSetup: ['./test/temp-root.ts'],
    // vitest's summary, then one plain 'N passed, N failed, N skipped' line for CI logs.
    reporters: ['default', './test/plain-summary-reporter.ts'],
    // GitHub's workflow parser imports its JSON schema without an import attribute, which Node 20
    // refuses: vitest transforms it instead (test/package/ci-recipes.test.ts).
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
