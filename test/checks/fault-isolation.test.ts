/**
 * A fault that breaks one rule fails only the checks of that rule: with one pagination fault injected,
 * every failing check is one that claims the fault; a check that sees the same cause says it follows
 * from the one that fails (status skip, followsFrom set) instead of failing a second time.
 */
import { describe, expect, test } from 'vitest';
import { apiIds } from '../../src/catalogue/index.ts';
import { CHECKS } from '../../src/checks/index.ts';
import { runConformance } from '../../src/runner/run.ts';
import { FAULTS } from '../../src/simulators/faults.ts';

const PAGINATION_FAULTS = FAULTS.map((f) => f.id).filter((id) => id.startsWith('pagination.'));

describe.concurrent('one pagination fault fails only the checks of its rule', () => {
  test.each(PAGINATION_FAULTS)(
    '%s',
    async (fault) => {
      const run = await runConformance({
        apis: apiIds(),
        target: 'mock',
        allowWrites: false,
        checks: 'pagination.*',
        simulator: { faults: [fault] },
      });
      const claimants = new Set(CHECKS.filter((c) => c.faults.includes(fault)).map((c) => c.id));
      const failing = run.results.filter((r) => r.status === 'fail' || r.status === 'error');
      expect(failing.length).toBeGreaterThan(0);
      const strays = failing.filter((r) => !claimants.has(r.check));
      expect(strays.map((r) => `${r.id}: ${r.message}`)).toEqual([]);
      for (const r of run.results.filter((x) => x.followsFrom)) {
        expect(r.status).toBe('skip');
        expect(r.message).toContain(`follows from ${r.followsFrom}`);
        expect(claimants.has(r.followsFrom!)).toBe(true);
      }
    },
    120_000,
  );
});
