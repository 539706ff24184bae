import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { apiIds } from '../../src/catalogue/index.ts';
import type { RunResults } from '../../src/core/index.ts';
import { runConformance } from '../../src/runner/run.ts';
import type { FaultId } from '../../src/simulators/index.ts';
import { runCli, tempDir } from '../support/cli.ts';
import { liveEnvFor, plannedIds, resultIds } from '../support/live-env.ts';
import { unusedPort } from '../support/local-server.ts';
import { startSimulators } from '../support/simulators.ts';

/** The APIs the catalogue discovers in schemas/. */
const API_IDS = apiIds();

/**
 * The transport-fault matrix: every API at once against simulators that break the transport one
 * way each. The run must end within its limit, report every planned (operation, check) pair, turn
 * every check the fault touched into fail or error with a message naming the fault, and never
 * crash or leave a promise rejection unhandled.
 */

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
process.on('unhandledRejection', onUnhandled);
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

const RUN_LIMIT_MS = 40_000;
/** The run reports after its limit only by what is under way when it fires: one request timeout. */
const LIMIT_GRACE_MS = 5_000;

interface FaultCase {
  fault: FaultId;
  /** What every affected result's message must say. */
  names: RegExp;
  /** Checks whose rule the fault leaves intact (invalid JSON keeps the status and content type right). */
  untouched?: string[];
  /** Only some requests fail (the 503 burst ends): other checks pass, the failed ones name the fault. */
  partial?: boolean;
  /** Short request timeouts where the fault is slowness itself. */
  requestTimeoutMs?: number;
}

const CASES: FaultCase[] = [
  { fault: 'transport.slow', names: /no response within 500 ms/, requestTimeoutMs: 500 },
  {
    fault: 'transport.drip',
    // On a loaded machine even the headers can miss the 500 ms: either way it is the request timeout.
    names: /(body not complete|no response) within 500 ms/,
    requestTimeoutMs: 500,
  },
  { fault: 'transport.reset-mid-body', names: /reset|connection closed after/ },
  {
    fault: 'transport.invalid-json',
    names: /invalid JSON|not JSON/,
    untouched: ['status.documented', 'content-type'],
  },
  { fault: 'transport.html-error-page', names: /502/ },
  { fault: 'transport.truncated-body', names: /truncated/ },
  { fault: 'transport.oversized-body', names: /too-large|exceeds the 8 MiB cap/ },
  { fault: 'transport.redirect-loop', names: /redirect loop/ },
  { fault: 'transport.429-storm', names: /rate-limited|429/ },
  { fault: 'transport.503-burst', names: /503/, partial: true },
];

function problems(run: RunResults): string[] {
  return run.results.filter((r) => r.status === 'fail' || r.status === 'error').map((r) => r.message);
}

function expectComplete(run: RunResults): void {
  expect(resultIds(run)).toEqual(plannedIds());
  expect(run.durationMs).toBeLessThan(RUN_LIMIT_MS + LIMIT_GRACE_MS);
}

describe.concurrent('every API under each transport fault', () => {
  test.each(CASES)(
    '$fault: the run ends, every affected check is fail/error naming the fault',
    async ({ fault, names, untouched = [], partial, requestTimeoutMs }) => {
      const sims = await startSimulators({
        faults: [fault],
        jobDurationMs: 300,
        cooldownMs: 1000,
        transport: { slowMs: 1_000, dripIntervalMs: 100 },
      });
      try {
        const run = await runConformance({
          apis: API_IDS,
          target: 'mock',
          allowWrites: true,
          simulators: sims,
          runTimeoutMs: RUN_LIMIT_MS,
          pollTimeoutMs: 2_000,
          ...(requestTimeoutMs ? { requestTimeoutMs } : {}),
        });
        expectComplete(run);
        const affected = run.results.filter((r) => !untouched.includes(r.check));
        if (partial) {
          // Service resumed: some checks pass; each one that does not names the fault.
          expect(run.summary.pass).toBeGreaterThan(0);
          expect(problems(run).length).toBeGreaterThan(0);
          const unnamed = affected.filter((r) => r.status !== 'pass' && !names.test(r.message));
          expect(unnamed.map((r) => `${r.id}: ${r.status} ${r.message}`)).toEqual([]);
        } else {
          const wrong = affected.filter(
            (r) => (r.status !== 'fail' && r.status !== 'error') || !names.test(r.message),
          );
          expect(wrong.map((r) => `${r.id}: ${r.status} ${r.message}`)).toEqual([]);
        }
      } finally {
        await sims.close();
      }
    },
    60_000,
  );

  test('connection refused (a base URL at a closed port): every check errors naming it', async () => {
    const sims = await startSimulators({ jobDurationMs: 300, cooldownMs: 1000 });
    const port = await unusedPort();
    await sims.close();
    const closed = `http://127.0.0.1:${port}`;
    const env = {
      ...liveEnvFor(sims),
      CLOUDFLARE_BASE_URL: `${closed}/client/v4`,
      VECTARA_BASE_URL: closed,
      EMPORIX_BASE_URL: closed,
      EMPORIX_DELETABLE_JOB_ID: 'job-the-run-may-delete',
    };
    const run = await runConformance({
      apis: API_IDS,
      target: 'live',
      allowWrites: true,
      env,
      runTimeoutMs: RUN_LIMIT_MS,
      pollTimeoutMs: 2_000,
    });
    expectComplete(run);
    const wrong = run.results.filter((r) => r.status !== 'error' || !/refused/.test(r.message));
    expect(wrong.map((r) => `${r.id}: ${r.status} ${r.message}`)).toEqual([]);
  });
});

describe.concurrent('the CLI under transport faults exits 1 with a FAIL line', () => {
  // --fault is the run command's hidden mock-only option (kept out of --help).
  test.each(['transport.reset-mid-body', 'transport.html-error-page', 'transport.redirect-loop'])(
    'run --api vectara-v2 --fault %s',
    async (fault) => {
      const out = await runCli([
        'run',
        '--api',
        'vectara-v2',
        '--fault',
        fault,
        '--report-dir',
        tempDir('fault'),
      ]);
      expect(out.stderr).not.toMatch(/\n\s+at /);
      expect(out.stdout).toMatch(/^FAIL: 0 passed, \d+ failed, 0 warnings, 0 skipped, [1-9]\d* errors/m);
      expect(out.code).toBe(1);
    },
  );

  test('run --target live against a closed port', async () => {
    const port = await unusedPort();
    const dir = tempDir('refused');
    const envFile = join(dir, '.env');
    writeFileSync(envFile, `VECTARA_BASE_URL=http://127.0.0.1:${port}\nVECTARA_API_KEY=zwt_k\n`);
    const out = await runCli([
      'run',
      '--api',
      'vectara-v2',
      '--target',
      'live',
      '--dotenv',
      envFile,
      '--report-dir',
      join(dir, 'reports'),
    ]);
    expect(out.stdout).toMatch(/^FAIL: 0 passed, 0 failed, 0 warnings, \d+ skipped, [1-9]\d* errors/m);
    expect(out.code).toBe(1);
  });
});
