import { describe, expect, it } from 'vitest';
import { RequestSignals } from './abort.ts';

describe('RequestSignals', () => {
  it('without a run signal, a deadline or an own signal, nothing can end a request early', () => {
    expect(new RequestSignals(undefined, undefined).for(undefined)).toBeUndefined();
  });

  it("a request's own signal alone is used as it is", () => {
    const own = new AbortController().signal;
    expect(new RequestSignals(undefined, undefined).for(own)).toBe(own);
  });

  it('a passed deadline aborts every request at once, saying why', () => {
    const signals = new RequestSignals(undefined, Date.now() - 1);
    const signal = signals.for(undefined);
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toEqual(new Error('the run deadline was reached'));
    signals.dispose();
  });

  it('the deadline fires once for all the requests of the client', async () => {
    const signals = new RequestSignals(undefined, Date.now() + 30);
    const first = signals.for(undefined);
    expect(signals.for(undefined)).toBe(first);
    expect(first?.aborted).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(first?.aborted).toBe(true);
  });

  it("the run's signal and a request's own are joined once per own signal; either ends the request", () => {
    const run = new AbortController();
    const signals = new RequestSignals(run.signal, Date.now() + 60_000);
    const ownA = new AbortController();
    const joinedA = signals.for(ownA.signal);
    expect(signals.for(ownA.signal)).toBe(joinedA);
    const ownB = new AbortController();
    const joinedB = signals.for(ownB.signal);
    expect(joinedB).not.toBe(joinedA);
    ownB.abort(new Error('probe cancelled'));
    expect(joinedB?.aborted).toBe(true);
    expect(joinedA?.aborted).toBe(false);
    run.abort(new Error('SIGINT'));
    expect(joinedA?.aborted).toBe(true);
    expect(signals.for(undefined)?.aborted).toBe(true);
    signals.dispose();
  });
});
