import { describe, expect, it } from 'vitest';
import { SimulatedTime, systemClock } from './clock.ts';

describe('SimulatedTime', () => {
  it("moves one API's line by each wait of its checks, and no other", async () => {
    const time = new SimulatedTime();
    const a = time.clockOf('a');
    const before = { a: time.now('a'), b: time.now('b') };
    expect(await a.sleep(60_000)).toBe(true);
    expect(time.now('a') - before.a).toBeGreaterThanOrEqual(60_000);
    expect(time.now('b') - before.b).toBeLessThan(60_000);
    expect(a.now()).toBeGreaterThanOrEqual(time.now('a') - 1);
  });

  it('a wait of an interrupted run does not pass and says so', async () => {
    const time = new SimulatedTime();
    const clock = time.clockOf('a');
    const controller = new AbortController();
    controller.abort();
    const before = time.now('a');
    expect(await clock.sleep(60_000, controller.signal)).toBe(false);
    expect(time.now('a') - before).toBeLessThan(60_000);
  });
});

describe('systemClock', () => {
  it('ends a wait early when the signal fires, and says so', async () => {
    const controller = new AbortController();
    const waiting = systemClock.sleep(60_000, controller.signal);
    controller.abort();
    expect(await waiting).toBe(false);
    expect(await systemClock.sleep(1)).toBe(true);
  });
});
