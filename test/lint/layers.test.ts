/**
 * The import rules of src/ (.dependency-cruiser.cjs, run by `npm run lint`) catch what they are for:
 * test/fixtures/layers/ is a tiny src/ that breaks each rule once, cruised with the same config.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../fixtures/layers/', import.meta.url));
const DEPCRUISE = `${ROOT}node_modules/dependency-cruiser/bin/dependency-cruise.mjs`;
const CONFIG = `${ROOT}.dependency-cruiser.cjs`;

/** Runs depcruise as `npm run lint` does, in `cwd`: its exit code and each violation as 'rule: from → to'. */
function cruise(cwd: string): { status: number | null; violations: string[] } {
  const run = spawnSync(process.execPath, [DEPCRUISE, 'src', '--config', CONFIG], { cwd, encoding: 'utf8' });
  // '  error rule: from → to' (a cycle goes on over more lines: its first step is enough here).
  const violations = [...run.stdout.matchAll(/^\s*error ([\w-]+): (\S+) →\s+(\S+)/gm)].map(
    ([, rule, from, to]) => `${rule}: ${from} → ${to}`,
  );
  return { status: run.status, violations: violations.sort() };
}

describe('the dependency rules of src/', () => {
  it('catch each broken rule of the fixture, and only those (a test may import any layer, and test/support/)', () => {
    const { status, violations } = cruise(FIXTURE);
    expect(violations).toEqual([
      'core-imports-nothing-of-ours: src/core/index.ts → src/catalogue/index.ts',
      'layer-core: src/core/index.ts → src/catalogue/index.ts',
      'layer-http: src/http/client.ts → src/reports/index.ts',
      'layer-providers: src/providers/index.ts → src/runner/index.ts',
      'no-circular: src/checks/context.ts → src/checks/paging.ts',
      'only-through-index: src/runner/index.ts → src/http/client.ts',
      'src-not-from-tests: src/reports/index.ts → test/helpers.ts',
      'src-tests-only-from-support: src/checks/paging.test.ts → test/helpers.ts',
      'unknown-folder-imports: src/widgets/index.ts → src/catalogue/index.ts',
      'unknown-folder: src/cli/index.ts → src/widgets/index.ts',
    ]);
    // depcruise exits with the number of errors: `npm run lint` fails.
    expect(status).toBe(violations.length);
  });
});
