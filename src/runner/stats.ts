import { type Exchange, latencyStats, type OperationStats } from '../core/index.ts';

/** One operation's tally: its statuses counted, its latencies as plain numbers (8 bytes each). */
interface Tally {
  api: string;
  operation: string;
  statuses: Map<string, number>;
  latencies: number[];
}

/**
 * Requests, statuses and latency per operation, tallied as each exchange is recorded: a run keeps a
 * number per exchange, not a record (a million-job walk records 160,000 exchanges).
 */
export class ExchangeStats {
  private readonly tallies = new Map<string, Tally>();
  private total = 0;

  /** The tally added to last: a walk adds to one operation's, exchange after exchange. */
  private last: Tally | undefined;

  add(x: Exchange): void {
    this.total++;
    if (!x.operation) return;
    let tally = this.last;
    if (tally?.api !== x.api || tally.operation !== x.operation) {
      const key = `${x.api}\u0000${x.operation}`;
      tally = this.tallies.get(key);
      if (!tally) {
        tally = { api: x.api, operation: x.operation, statuses: new Map(), latencies: [] };
        this.tallies.set(key, tally);
      }
      this.last = tally;
    }
    const status = x.response ? String(x.response.status) : (x.error?.kind ?? 'none');
    tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + 1);
    tally.latencies.push(Math.round(x.durationMs * 100) / 100);
  }

  /** Exchanges added, with or without an operation. */
  get count(): number {
    return this.total;
  }

  /** One entry per operation, in the order each was first seen. */
  operations(): OperationStats[] {
    return [...this.tallies.values()].map((t) => ({
      api: t.api,
      operation: t.operation,
      requests: t.latencies.length,
      statuses: Object.fromEntries(t.statuses),
      latencyMs: latencyStats(t.latencies),
    }));
  }
}
