import { describe, expect, it } from 'vitest';
import type { Exchange } from '../core/index.ts';
import { TOO_DEEP_MARKER } from '../http/json-depth.ts';
import { redactExchange } from './redact.ts';

describe('redactExchange (the reports’ second pass)', () => {
  it('an exchange holding a parsed value nested 200,000 levels (a hand-made results.json) comes back serialisable', () => {
    let json: unknown = { token: 'x' };
    for (let i = 0; i < 200_000; i++) json = [json];
    const x: Exchange = {
      id: 'x1',
      api: 'demo',
      request: { method: 'GET', url: 'http://example.test/jobs', headers: {} },
      response: { status: 200, headers: { 'content-type': 'application/json' }, body: '[[[', size: 3 },
      json,
      startedAt: new Date(0).toISOString(),
      durationMs: 1,
      attempts: 1,
    };
    expect(() => JSON.stringify(x)).toThrow(RangeError);
    const copy = redactExchange(x);
    const text = JSON.stringify(copy);
    expect(text).toContain(TOO_DEEP_MARKER);
    expect(text).not.toContain('"token"');
  });
});
