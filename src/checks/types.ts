import type { Api, Catalogue, Operation } from '../catalogue/index.ts';
import type { RuleSource } from '../core/index.ts';
import type { FaultId } from '../simulators/index.ts';
import type { ProbeContext } from './context.ts';
import type { CheckOutcome } from './outcome.ts';

export type { CheckOutcome } from './outcome.ts';

export type CheckCategory =
  | 'response'
  | 'pagination'
  | 'input'
  | 'auth'
  | 'consistency'
  | 'lifecycle'
  | 'generated';

/**
 * One check: a stable id, what it enforces and where that is documented, the operations it applies
 * to, and the faults that must make it fail (the table that pairs checks with simulator faults).
 */
export interface CheckDefinition {
  id: string;
  category: CheckCategory;
  description: string;
  source: (api: Api, op: Operation) => RuleSource;
  /** Sends POST/PATCH/DELETE that change state: only with --allow-writes. */
  writes?: boolean;
  appliesTo: (op: Operation, api: Api) => boolean;
  /** Faults that make this check fail on the simulator (proven by test/checks/faults.test.ts). */
  faults: readonly FaultId[];
  /**
   * Where a listed fault is invisible to this check by the API's own declarations, and why: `when`
   * reads the API's declared data (never its id), and holds where the fault cannot make the check fail.
   */
  faultExceptions?: readonly FaultException[];
  run: (ctx: ProbeContext, op: Operation) => Promise<CheckOutcome>;
  /** Called once per API run before any check runs: a check that judges exchanges as they arrive subscribes here. */
  attach?: (ctx: ProbeContext) => void;
}

export interface FaultException {
  fault: FaultId;
  when: (api: Api, catalogue: Catalogue) => boolean;
  why: string;
}

export interface CheckEnv {
  catalogue: Catalogue;
}
