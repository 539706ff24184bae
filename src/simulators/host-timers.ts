/** The host's pending timers (slow answers, drips, delayed resets), all cleared when the set closes. */
export class HostTimers {
  private readonly timers = new Set<NodeJS.Timeout>();

  /** Runs fn after ms, unless the set closes first. */
  after(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  /** Resolves after ms (never, if the set closes first). */
  delay(ms: number): Promise<void> {
    return new Promise((resolve) => this.after(ms, resolve));
  }

  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
