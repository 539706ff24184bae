/**
 * CI cancels a job with SIGTERM (GitLab, Kubernetes, GitHub Actions after SIGINT), a closed terminal
 * sends SIGHUP, Ctrl-C SIGINT: all three stop a run the same way. The first aborts the run's signal
 * (requests under way are aborted, what the run created is cancelled, the results so far are
 * written); a second one exits at once. Either way the exit code is 128 + the signal's number.
 */
import { constants } from 'node:os';

export const TERMINATION_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type TerminationSignal = (typeof TERMINATION_SIGNALS)[number];

/** The shell's code for a process ended by `signal`: 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP. */
export function signalExitCode(signal: TerminationSignal): number {
  return 128 + constants.signals[signal];
}

export interface SignalTrap {
  /** Aborted by the first signal, with reason `interrupted (SIGTERM)`. */
  readonly signal: AbortSignal;
  /** The first signal received, if any. */
  readonly received: TerminationSignal | undefined;
  dispose(): void;
}

export function trapTerminationSignals(
  onFirst: (signal: TerminationSignal) => void,
  exit: (code: number) => void = (code) => process.exit(code),
): SignalTrap {
  const controller = new AbortController();
  let received: TerminationSignal | undefined;
  const handlers = TERMINATION_SIGNALS.map((name) => {
    const handler = () => {
      if (received) return exit(signalExitCode(name));
      received = name;
      onFirst(name);
      controller.abort(new Error(`interrupted (${name})`));
    };
    process.on(name, handler);
    return [name, handler] as const;
  });
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    dispose() {
      for (const [name, handler] of handlers) process.off(name, handler);
    },
  };
}
