import type { Exchange } from '../core/index.ts';

/** After this many requests in a row to one API got no answer at all, the API is unreachable. */
export const UNREACHABLE_AFTER = 3;

/**
 * No (whole) answer: the request timed out (before the headers, or a body that never ends), the
 * connection was refused or the host was not found.
 */
function noAnswer(exchange: Exchange): boolean {
  const kind = exchange.error?.kind;
  if (kind === 'timeout' || kind === 'refused') return true;
  return kind === 'other' && !exchange.response && /^host not found/.test(exchange.error?.message ?? '');
}

/**
 * Watches one API's exchanges. A provider that stops answering must not hold the run for its whole
 * time limit: after UNREACHABLE_AFTER consecutive unanswered requests, `cause` is set and `signal`
 * aborts what is still under way, so the API's remaining checks end at once as errors naming it.
 */
export class Reachability {
  private streak = 0;
  private reason: string | undefined;
  private readonly controller = new AbortController();

  constructor(
    private readonly api: string,
    private readonly limit = UNREACHABLE_AFTER,
  ) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Why the API is taken as unreachable, once it is. */
  get cause(): string | undefined {
    return this.reason;
  }

  note(exchange: Exchange): void {
    if (this.reason) return;
    if (!noAnswer(exchange)) {
      if (exchange.response) this.streak = 0;
      return;
    }
    this.streak++;
    if (this.streak >= this.limit) {
      this.reason = `${this.api} is unreachable: ${this.limit} requests in a row got no answer (last: ${exchange.error?.message})`;
      this.controller.abort(new Error(this.reason));
    }
  }
}
