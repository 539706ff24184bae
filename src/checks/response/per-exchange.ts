import type { Api, Operation } from '../../catalogue/index.ts';
import type { ResultStatus } from '../../runner/results.ts';
import type { Probe, ProbeContext } from '../context.ts';
import { combine, transportProblem } from '../judge.ts';
import type { CheckDefinition } from '../types.ts';

export interface ExchangeVerdict {
  status: ResultStatus;
  message: string;
  schemaPath?: string;
}

/**
 * A response check judges every exchange the run had with an operation (baseline, walks, probes),
 * after the other checks have sent theirs. A transport failure makes the verdict 'error'.
 */
export function perExchangeCheck(
  def: Omit<CheckDefinition, 'run' | 'category'> & {
    passMessage: string;
    judge: (probe: Probe, api: Api, op: Operation) => ExchangeVerdict | undefined;
    collect?: (probes: Probe[], api: Api, op: Operation) => Record<string, unknown> | undefined;
  },
): CheckDefinition {
  return {
    ...def,
    category: 'response',
    async run(ctx: ProbeContext, op: Operation) {
      await ctx.baseline(op);
      const probes = ctx.probesOf(op);
      const verdicts = probes.flatMap((probe) => {
        const problem = transportProblem(probe.exchange);
        if (problem) return [{ probe, status: 'error' as const, message: problem }];
        const verdict = def.judge(probe, ctx.api, op);
        return verdict ? [{ probe, ...verdict }] : [];
      });
      if (verdicts.length === 0 && probes.length === 0 && op.writes && !ctx.options.allowWrites) {
        return { status: 'skip', message: 'write operation: not sent without --allow-writes' };
      }
      return combine(verdicts, def.passMessage, def.collect?.(probes, ctx.api, op));
    },
  };
}
