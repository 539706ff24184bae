import type { Exchange, ResultStatus } from '../core/index.ts';

/** What one check concluded for one operation. */
export interface CheckOutcome {
  status: ResultStatus;
  message: string;
  evidence?: Exchange[];
  schemaPath?: string;
  data?: Record<string, unknown>;
}
