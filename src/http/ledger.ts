/**
 * What the client has sent, per API and method, against each API's budget, and how many requests
 * in a row to each API ended rate-limited.
 */
import type { RequestCounters } from './client-options.ts';

export class RequestLedger {
  private readonly counts: RequestCounters = {
    sent: 0,
    byApi: {},
    byMethod: {},
    byApiAndMethod: {},
    notSentOverBudget: 0,
  };

  /** Requests in a row per API that ended rate-limited; any other ending resets it. */
  private readonly rateLimited: Record<string, number> = {};

  constructor(private readonly budget: number | Record<string, number> | undefined) {}

  /** The API's budget (a number applies to each API), or undefined when it has none. */
  budgetOf(api: string): number | undefined {
    return typeof this.budget === 'number' ? this.budget : this.budget?.[api];
  }

  /** Requests left for an API, or undefined when it has no budget. */
  budgetLeft(api: string): number | undefined {
    const budget = this.budgetOf(api);
    return budget === undefined ? undefined : Math.max(0, budget - (this.counts.byApi[api] ?? 0));
  }

  /** One request put on the wire (each retry and redirect hop counts). */
  countSent(api: string, method: string): void {
    const counters = this.counts;
    counters.sent++;
    counters.byApi[api] = (counters.byApi[api] ?? 0) + 1;
    counters.byMethod[method] = (counters.byMethod[method] ?? 0) + 1;
    const perApi = counters.byApiAndMethod[api] ?? {};
    counters.byApiAndMethod[api] = perApi;
    perApi[method] = (perApi[method] ?? 0) + 1;
  }

  /** One request not sent because the API's budget was spent. */
  countNotSentOverBudget(): void {
    this.counts.notSentOverBudget++;
  }

  /** Requests in a row to the API that ended rate-limited. */
  rateLimitedStreak(api: string): number {
    return this.rateLimited[api] ?? 0;
  }

  /** How a request ended: rate-limited lengthens the API's streak, an answer without error ends it. */
  noteEnding(api: string, ending: { rateLimited: boolean; answered: boolean }): void {
    if (ending.rateLimited) this.rateLimited[api] = (this.rateLimited[api] ?? 0) + 1;
    else if (ending.answered) this.rateLimited[api] = 0;
  }

  /** A copy of the counters. */
  snapshot(): RequestCounters {
    return structuredClone(this.counts);
  }
}
