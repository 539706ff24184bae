/** A problem with flags, .env, a URL or a schema file: exit code 2, one line, no stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT = { pass: 0, failures: 1, usage: 2 } as const;
