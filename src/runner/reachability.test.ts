import { describe, expect, it } from 'vitest';
import type { Exchange } from '../core/index.ts';
import { Reachability } from './reachability.ts';

let n = 0;
function exchange(part: Partial<Exchange>): Exchange {
  return {
    id: `x${++n}`,
    api: 'demo',
    request: { method: 'GET', url: 'http://127.0.0.1:1/jobs', headers: {} },
    startedAt: new Date(0).toISOString(),
    durationMs: 1,
    attempts: 1,
    ...part,
  };
}
const timeout = exchange({ error: { kind: 'timeout', message: 'no response within 500 ms' } });
const answered = exchange({ response: { status: 500, headers: {}, body: '', size: 0 } });

describe('Reachability', () => {
  it('marks the API unreachable after three unanswered requests in a row, and aborts its signal', () => {
    const reach = new Reachability('demo');
    reach.note(timeout);
    reach.note(exchange({ error: { kind: 'refused', message: 'connection refused by 127.0.0.1:1' } }));
    expect(reach.cause).toBeUndefined();
    reach.note(timeout);
    expect(reach.cause).toMatch(/demo is unreachable: 3 requests in a row got no answer \(last: no response/);
    expect(reach.signal.aborted).toBe(true);
  });

  it('a body that never ends counts too: headers came, the rest timed out', () => {
    const reach = new Reachability('demo');
    const dripping = exchange({
      response: { status: 200, headers: {}, body: '{"jobs": [', size: 10 },
      error: { kind: 'timeout', message: 'body not complete within 1000 ms (10 bytes received)' },
    });
    for (const x of [dripping, dripping, dripping]) reach.note(x);
    expect(reach.cause).toMatch(/3 requests in a row got no answer \(last: body not complete within 1000 ms/);
  });

  it('any answer, even an error status, resets the streak; other failures neither count nor reset', () => {
    const reach = new Reachability('demo');
    for (const x of [timeout, timeout, answered, timeout, timeout]) reach.note(x);
    expect(reach.cause).toBeUndefined();
    reach.note(exchange({ error: { kind: 'too-large', message: 'body exceeds the 8 MiB cap' } }));
    expect(reach.cause).toBeUndefined();
    reach.note(exchange({ error: { kind: 'other', message: 'host not found: nowhere.invalid' } }));
    expect(reach.cause).toMatch(/host not found/);
  });
});
