/**
 * Time as a run sees it. Live runs and provided simulators wait in real time; a mock run that starts
 * its own simulators simulates it, so lifecycle waits, cool-downs and polls cost no real time while
 * the checks still see the same states and headers.
 */
export interface Clock {
  now(): number;
  /** Waits `ms`, or less when `signal` fires; false when it fired. */
  sleep(ms: number, signal?: AbortSignal): Promise<boolean>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (completed: boolean) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', aborted);
        resolve(completed);
      };
      const aborted = () => done(false);
      const timer = setTimeout(() => done(true), Math.max(0, ms));
      signal?.addEventListener('abort', aborted, { once: true });
    });
  },
};

/**
 * Simulated time with one line per API: an API's checks and its simulator see real time plus every
 * wait those checks made, and a wait passes at once. Each API keeps its own line, so one API's
 * cool-down does not end another API's running jobs early.
 */
export class SimulatedTime {
  private readonly offsets = new Map<string, number>();

  /** The time of one API's line (real time without an API). */
  readonly now = (api?: string): number =>
    Date.now() + (api === undefined ? 0 : (this.offsets.get(api) ?? 0));

  /** The clock of one API's checks. */
  clockOf(api: string): Clock {
    return {
      now: () => this.now(api),
      sleep: async (ms, signal) => {
        if (signal?.aborted) return false;
        this.offsets.set(api, (this.offsets.get(api) ?? 0) + Math.max(0, ms));
        // Other work gets its turn, as it would while waiting.
        await new Promise((resolve) => setImmediate(resolve));
        return signal?.aborted !== true;
      },
    };
  }
}
