import type { Exchange, Finding, ResultStatus } from '../core/index.ts';

/** What one check concluded for one operation. */
export interface CheckOutcome {
  status: ResultStatus;
  message: string;
  evidence?: Exchange[];
  schemaPath?: string;
  data?: Record<string, unknown>;
  /** The exact items and pointers at fault (every failure names them). */
  findings?: Finding[];
  /** The check whose failure this outcome follows from (the same cause seen by two checks). */
  followsFrom?: string;
}
