import { describe, expect, test } from 'vitest';
import type { Exchange } from '../core/index.ts';
import { ExchangeStats } from './stats.ts';

function exchange(operation: string | undefined, status: number | 'timeout', durationMs: number): Exchange {
  return {
    id: 'x',
    api: 'an-api',
    ...(operation ? { operation } : {}),
    request: { method: 'GET', url: 'http://127.0.0.1/', headers: {} },
    ...(status === 'timeout'
      ? { error: { kind: 'timeout' as const, message: 'timed out' } }
      : { response: { status, headers: {}, body: '', size: 0 } }),
    startedAt: '2026-11-30T00:00:00.000Z',
    durationMs,
    attempts: 1,
  };
}

describe('ExchangeStats', () => {
  test('tallies requests, statuses and latencies per operation, in the order first seen', () => {
    const stats = new ExchangeStats();
    for (const x of [
      exchange('listJobs', 200, 1.234),
      exchange('getJob', 404, 3),
      exchange('listJobs', 200, 2),
      exchange('listJobs', 'timeout', 15),
      exchange(undefined, 200, 1),
    ])
      stats.add(x);
    expect(stats.count).toBe(5);
    const [list, get] = stats.operations();
    expect(stats.operations()).toHaveLength(2);
    expect(list).toMatchObject({
      api: 'an-api',
      operation: 'listJobs',
      requests: 3,
      statuses: { 200: 2, timeout: 1 },
    });
    expect(list?.latencyMs).toMatchObject({ min: 1.23, max: 15, samples: [1.23, 2, 15] });
    expect(get).toMatchObject({ operation: 'getJob', requests: 1, statuses: { 404: 1 } });
  });
});
