/**
 * Work put off until the request just handed to the HTTP client is on the wire. undici writes a
 * request on a kept-alive socket in the event loop's check phase (it first checks that the idle
 * socket is still open), so anything done before then, in the same tick or in a microtask, holds the
 * request back. Tasks added here run in a setImmediate queued after the client's, or sooner, when
 * the owner flushes them before reading what they make.
 */
export class Soon {
  private tasks: (() => void)[] = [];
  private failure: { error: unknown } | undefined;

  /** Runs task after the request sent just before is on the wire (or at the next flush). */
  add(task: () => void): void {
    this.tasks.push(task);
    if (this.tasks.length === 1) setImmediate(() => this.runAll());
  }

  /** Runs every task still waiting; throws the first failure kept since the last throw. */
  flush(): void {
    this.runAll();
    this.throwFailure();
  }

  /** Throws the first failure kept since the last throw (a task's, or one handed to keep), if any. */
  throwFailure(): void {
    const failure = this.failure;
    this.failure = undefined;
    if (failure) throw failure.error;
  }

  /** Keeps an exception for the next throwFailure or flush (the first one kept wins). */
  keep(error: unknown): void {
    this.failure ??= { error };
  }

  private runAll(): void {
    if (this.tasks.length === 0) return;
    const tasks = this.tasks;
    this.tasks = [];
    for (const task of tasks) {
      try {
        task();
      } catch (error) {
        this.keep(error);
      }
    }
  }
}
