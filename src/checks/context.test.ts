import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DEFAULT_SCHEMAS_DIR, loadCatalogue } from '../catalogue/index.ts';
import type { Exchange, Target } from '../core/index.ts';
import { ProbeContext } from './context.ts';
import type { Probe, Send } from './probe.ts';

const catalogue = loadCatalogue([
  DEFAULT_SCHEMAS_DIR,
  join(import.meta.dirname, '../../test/fixtures/generic-apis'),
]);
const api = catalogue.api('widget-batches');
const list = api.operation('listBatches');
const target: Target = {
  api: api.id,
  baseUrl: 'http://127.0.0.1:1',
  pathParams: {},
  credentials: { kind: 'schemes', schemes: {} },
  live: false,
};

function answer(label: string): Exchange {
  return {
    id: label,
    api: api.id,
    operation: list.id,
    request: { method: 'GET', url: 'http://127.0.0.1:1/', headers: {} },
    startedAt: '2026-11-30T10:00:00.000Z',
    durationMs: 1,
    attempts: 1,
  };
}

/** A context whose sender logs each request as it is handed over, and whose listener logs each probe judged. */
function watched(listener?: (probe: Probe) => void) {
  const log: string[] = [];
  const send: Send = async (_op, input) => {
    log.push(`sent ${input.label}`);
    return answer(input.label ?? '');
  };
  const ctx = new ProbeContext(catalogue, api, target, send, {
    live: false,
    allowWrites: false,
    pageLimit: 10,
    pollTimeoutMs: 1_000,
  });
  ctx.onProbe((probe) => {
    log.push(`judged ${probe.exchange.id}`);
    listener?.(probe);
  });
  return { ctx, log };
}

/** One turn of the event loop: what waits for the request before to be on the wire has run. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('ProbeContext judging', () => {
  test('a probe is judged after the next request is handed over, or when the verdicts are read', async () => {
    const { ctx, log } = watched();
    await ctx.send(list, 'walk', { label: 'a' });
    // Only once a request goes out is the judging of the probes back before it scheduled.
    await nextTurn();
    expect(log).toEqual(['sent a']);
    const pending = ctx.send(list, 'walk', { label: 'b' });
    // The sender has the request; the judging waits for the event loop's next turn.
    expect(log).toEqual(['sent a', 'sent b']);
    await pending;
    await nextTurn();
    expect(log.slice(0, 3)).toEqual(['sent a', 'sent b', 'judged a']);
    ctx.judged();
    expect(log).toEqual(['sent a', 'sent b', 'judged a', 'judged b']);
    // Nothing is judged twice.
    ctx.judged();
    await nextTurn();
    expect(log).toHaveLength(4);
  });

  test('concurrent probes are each judged once, in the order they came back', async () => {
    const { ctx, log } = watched();
    await Promise.all(['a', 'b', 'c'].map((label) => ctx.send(list, 'baseline', { label })));
    ctx.judged();
    expect(log.filter((line) => line.startsWith('judged'))).toEqual(['judged a', 'judged b', 'judged c']);
  });

  test("a listener's exception reaches the next caller; the other probes are still judged", async () => {
    const { ctx, log } = watched((probe) => {
      if (probe.exchange.id === 'a') throw new Error('judge broke');
    });
    await ctx.send(list, 'walk', { label: 'a' });
    await ctx.send(list, 'walk', { label: 'b' });
    await nextTurn();
    await expect(ctx.send(list, 'walk', { label: 'c' })).rejects.toThrow('judge broke');
    ctx.judged();
    expect(log.filter((line) => line.startsWith('judged'))).toEqual(['judged a', 'judged b', 'judged c']);
    // Thrown once.
    expect(() => ctx.judged()).not.toThrow();
  });
});
