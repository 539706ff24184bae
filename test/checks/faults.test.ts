import { describe, expect, test } from 'vitest';
import { type ApiId, apiIds, getCatalogue } from '../../src/catalogue/index.ts';
import { CHECKS } from '../../src/checks/index.ts';
import { planChecks } from '../../src/runner/plan.ts';
import { runConformance } from '../../src/runner/run.ts';
import { FAULTS, type FaultId, faultApplies } from '../../src/simulators/faults.ts';
import { HOSTILE_FAULTS } from '../../src/simulators/hostile-bodies.ts';

/** The APIs the catalogue discovers in schemas/. */
const API_IDS = apiIds();

/**
 * The table that pairs checks with faults: every check declares the faults that must make it fail,
 * and each pair is proven here against a simulator with that one fault injected. The clean
 * simulators give no failure and no warning.
 */
const catalogue = getCatalogue();

/** Transport faults are proven by the hardening tests (test/hardening/), not by one check each. */
const PROVEN_ELSEWHERE: readonly FaultId[] = [
  'transport.slow',
  'transport.drip',
  'transport.reset-mid-body',
  'transport.truncated-body',
  'transport.oversized-body',
  'transport.redirect-loop',
  'transport.429-storm',
  'transport.503-burst',
  // test/hardening/hostile-bodies.test.ts
  ...HOSTILE_FAULTS,
];

function apisFor(checkId: string, fault: FaultId): ApiId[] {
  const check = CHECKS.find((c) => c.id === checkId)!;
  const exceptions = check.faultExceptions?.filter((e) => e.fault === fault) ?? [];
  return API_IDS.filter(
    (api) =>
      faultApplies(fault, api) &&
      !exceptions.some((e) => e.when(catalogue.api(api), catalogue)) &&
      planChecks(catalogue.api(api), [check]).length > 0,
  );
}

describe('every fault is caught by a check', () => {
  test.each(FAULTS.map((f) => f.id).filter((id) => !PROVEN_ELSEWHERE.includes(id)))(
    '%s is claimed by a check',
    (fault) => {
      const claimants = CHECKS.filter((c) => c.faults.includes(fault) && apisFor(c.id, fault).length > 0);
      expect(claimants.map((c) => c.id)).not.toEqual([]);
    },
  );
});

const pairs = CHECKS.flatMap((check) =>
  check.faults.flatMap((fault) => apisFor(check.id, fault).map((api) => ({ check: check.id, fault, api }))),
);

// Runs are independent (each starts its own simulators on ephemeral ports), so they run concurrently.
describe.concurrent('each check fails on the simulator with its fault', () => {
  test.each(pairs)('$check fails on $fault ($api)', async ({ check, fault, api }) => {
    // Response checks judge every exchange, so they need the whole run; the others run alone.
    const category = CHECKS.find((c) => c.id === check)!.category;
    const checks = category === 'response' ? undefined : check;
    const run = await runConformance({
      apis: [api],
      target: 'mock',
      allowWrites: true,
      checks,
      simulator: { faults: [fault] },
      pollTimeoutMs: 2_000,
    });
    const mine = run.results.filter((r) => r.check === check);
    const expected = fault === 'body.enum-deprecated' ? 'warn' : 'fail';
    expect(
      mine.map((r) => r.status),
      mine.map((r) => `${r.operation}: ${r.status} ${r.message}`).join('\n'),
    ).toContain(expected);
  });
});

describe.concurrent('the clean simulators give no failure and no false warning', () => {
  test.each([...API_IDS])('%s', async (api) => {
    const run = await runConformance({ apis: [api], target: 'mock', allowWrites: true });
    const bad = run.results.filter((r) => r.status !== 'pass');
    expect(bad.map((r) => `${r.id}: ${r.status} ${r.message}`)).toEqual([]);
    expect(run.results.length).toBe(planChecks(catalogue.api(api)).length);
  });
});
