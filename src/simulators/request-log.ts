import type { RequestLogEntry } from './core.ts';

/**
 * Every request the simulators answered (control requests aside), for tests that count what a run
 * sent. `entries` is the array SimulatorSet.requests hands out: it is changed in place, never replaced.
 * Past its cap the oldest entries are dropped, 10,000 at a time.
 */
export class RequestLog {
  readonly entries: RequestLogEntry[] = [];

  constructor(private readonly cap: number) {}

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.cap + 10_000) this.entries.splice(0, 10_000);
  }

  clear(): void {
    this.entries.length = 0;
  }
}
