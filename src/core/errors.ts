/** A problem with flags, .env, a URL or a schema file: exit code 2, one line, no stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** 130 = 128 + SIGINT, the shell's code for a run stopped by Ctrl-C (SIGTERM 143, SIGHUP 129: see signals.ts). */
export const EXIT = { pass: 0, failures: 1, usage: 2, interrupted: 130 } as const;
