import { describe, expect, it } from 'vitest';
import { createRng, isoTimestamp, spreadTimestamps, spreadValue } from './data.ts';

describe('seeded data helpers', () => {
  it('same seed and stream give the same numbers; another seed or stream other numbers', () => {
    const draw = (seed: number, stream: string) => {
      const rng = createRng(seed, stream);
      return [rng.next(), rng.int(1, 6), rng.hex(10), rng.uuid()];
    };
    expect(draw(1, 'a')).toEqual(draw(1, 'a'));
    expect(draw(1, 'a')).not.toEqual(draw(2, 'a'));
    expect(draw(1, 'a')).not.toEqual(draw(1, 'b'));
  });

  it('draws within bounds and UUIDs with the version-4 layout', () => {
    const rng = createRng(9);
    for (let i = 0; i < 1000; i++) {
      const n = rng.int(3, 5);
      expect(n >= 3 && n <= 5 && Number.isInteger(n)).toBe(true);
      expect(rng.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('spreadValue covers every value once there are as many items as values', () => {
    const rng = createRng(1);
    const values = ['a', 'b', 'c'];
    expect(new Set(Array.from({ length: 3 }, (_, i) => spreadValue(values, i, rng)))).toEqual(
      new Set(values),
    );
  });

  it('spreadTimestamps are distinct, newest first, within the span', () => {
    const times = spreadTimestamps(500, 1_000_000_000, 100_000_000, createRng(2));
    expect(new Set(times).size).toBe(500);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(900_000_000);
  });

  it('isoTimestamp equals Date#toISOString', () => {
    const rng = createRng(3);
    const samples = [0, 951_782_400_000, 4_107_542_400_000, 253_402_300_799_999, 1.5, -1];
    for (let i = 0; i < 5000; i++) samples.push(rng.int(0, 253_402_300_799_999));
    for (const ms of samples) expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
  });
});
