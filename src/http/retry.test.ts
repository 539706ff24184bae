import { describe, expect, it } from 'vitest';
import { backoffWait, formatWait, serverRetryWait } from './retry.ts';

describe('serverRetryWait', () => {
  const now = Date.parse('2026-11-22T12:00:00Z');
  it.each([
    [{ 'retry-after': '3' }, 3000, 'retry-after: 3'],
    [{ 'retry-after': ' 1.5 ' }, 1500, 'retry-after: 1.5'],
    [{ 'retry-after': 'Sun, 22 Nov 2026 12:00:07 GMT' }, 7000, 'retry-after: Sun, 22 Nov 2026 12:00:07 GMT'],
    [{ 'retry-after': 'Sun, 22 Nov 2026 11:00:00 GMT' }, 0, 'retry-after: Sun, 22 Nov 2026 11:00:00 GMT'],
    [{ 'retry-after-ms': '250', 'retry-after': '9' }, 250, 'retry-after-ms: 250'],
    [{ 'retry-after-ms': 'soon', 'retry-after': '2' }, 2000, 'retry-after: 2'],
  ])('%j waits %i ms', (headers, ms, basis) => {
    expect(serverRetryWait(headers, now)).toEqual({ ms, basis, fromServer: true });
  });

  it.each([[{}], [{ 'retry-after': 'later' }], [{ 'retry-after': '-1' }]])('%j names no wait', (headers) => {
    expect(serverRetryWait(headers, now)).toBeUndefined();
  });
});

describe('backoffWait', () => {
  it('doubles from the base and stops at the cap', () => {
    expect([0, 1, 2, 3, 4].map((n) => backoffWait(n, 500, 4000).ms)).toEqual([500, 1000, 2000, 4000, 4000]);
    expect(backoffWait(0, 500, 4000)).toEqual({ ms: 500, basis: 'backoff', fromServer: false });
  });
});

describe('formatWait', () => {
  it('names seconds and milliseconds', () => {
    expect([formatWait(120_000), formatWait(1500), formatWait(250)]).toEqual(['120 s', '1.5 s', '250 ms']);
  });
});
