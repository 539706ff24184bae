import { expect, test } from 'vitest';
import { runConformance } from '../../src/runner/run.ts';

/**
 * A mock run that starts its own simulators simulates time: its lifecycle checks wait for a job that
 * runs two minutes, and for a create cool-down of one, within a test's few seconds, and still see the
 * states and headers they would in real time.
 */
test('a mock run waits out a two-minute job and a one-minute cool-down on simulated time', async () => {
  const run = await runConformance({
    apis: ['cloudflare-ai-search'],
    target: 'mock',
    allowWrites: true,
    checks: 'lifecycle.create,lifecycle.terminal-state',
    pollTimeoutMs: 600_000,
    simulator: { jobDurationMs: 120_000, cooldownMs: 60_000 },
  });
  const terminal = run.results.find((r) => r.check === 'lifecycle.terminal-state');
  expect(run.results.map((r) => [r.check, r.status])).toEqual([
    ['lifecycle.create', 'pass'],
    ['lifecycle.terminal-state', 'pass'],
  ]);
  // The job ended on its own after its two minutes, and the poll saw it end.
  expect((terminal?.data as { ms?: number } | undefined)?.ms).toBeGreaterThanOrEqual(120_000);
  // Its create came right after the create check's, so it met the cool-down (429 with retry-after)
  // and waited it out: in real time the test would not end before its time limit.
  expect(terminal?.evidence?.[0]?.response?.status).toBe(200);
});
