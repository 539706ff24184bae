/** The signals that end a request early: the run's, the run's deadline, and the request's own. */

/**
 * The signal of each request of a client: the run's signal and the run's deadline, made once on the
 * first request (one timer for the deadline, not one per request), joined with the request's own
 * signal when it has one (the same own signal as the request before reuses the joined one).
 */
export class RequestSignals {
  private shared: { signal?: AbortSignal } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastOwn: AbortSignal | undefined;
  private lastJoined: AbortSignal | undefined;

  constructor(
    private readonly runSignal: AbortSignal | undefined,
    private readonly deadline: number | undefined,
  ) {}

  /** The signal a request is sent under (undefined: nothing can end it early). */
  for(own: AbortSignal | undefined): AbortSignal | undefined {
    this.shared ??= this.makeShared();
    const shared = this.shared.signal;
    if (!own || !shared) return own ?? shared;
    if (own !== this.lastOwn) {
      this.lastOwn = own;
      this.lastJoined = AbortSignal.any([shared, own]);
    }
    return this.lastJoined;
  }

  /** Clears the deadline's timer (the client is closed). */
  dispose(): void {
    clearTimeout(this.timer);
  }

  private makeShared(): { signal?: AbortSignal } {
    if (this.deadline === undefined) return this.runSignal ? { signal: this.runSignal } : {};
    const deadlineCtl = new AbortController();
    const fire = () => deadlineCtl.abort(new Error('the run deadline was reached'));
    const left = this.deadline - Date.now();
    // The timer does not hold the process open: a request under way does that through its socket.
    if (left <= 0) fire();
    else this.timer = setTimeout(fire, left).unref();
    return {
      signal: this.runSignal ? AbortSignal.any([this.runSignal, deadlineCtl.signal]) : deadlineCtl.signal,
    };
  }
}
