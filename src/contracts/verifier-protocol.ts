import type { VerifierOptions } from '@pact-foundation/pact';

/** What verify.ts and its verifier child process (verifier-process.ts) exchange over IPC. */

/** The status the write guard answers instead of sending a write (no provider answers 599). */
export const WRITE_REFUSED_STATUS = 599;

export interface ChildOptions {
  verifier: VerifierOptions;
  /** Requests not to send (read-only): method and a path pattern. */
  refuse: { method: string; pattern: string }[];
}

export type ChildResult = { ok: boolean; json?: string; error?: string };
