import { describe, expect, it } from 'vitest';
import { Soon } from './soon.ts';

describe('Soon', () => {
  it('runs its tasks in order on the next turn of the event loop, after immediates queued before them', async () => {
    const soon = new Soon();
    const log: string[] = [];
    setImmediate(() => log.push('queued before'));
    soon.add(() => log.push('task 1'));
    soon.add(() => log.push('task 2'));
    await Promise.resolve();
    expect(log).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['queued before', 'task 1', 'task 2']);
  });

  it('flush runs what waits now, once, and throws the first failure', () => {
    const soon = new Soon();
    const log: string[] = [];
    soon.add(() => {
      throw new Error('first');
    });
    soon.add(() => log.push('after the failure'));
    expect(() => soon.flush()).toThrow('first');
    expect(log).toEqual(['after the failure']);
    expect(() => soon.flush()).not.toThrow();
  });

  it('a task that fails in its own turn is thrown at the next flush, not as an uncaught exception', async () => {
    const soon = new Soon();
    soon.add(() => {
      throw new Error('later');
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(() => soon.flush()).toThrow('later');
  });
});
