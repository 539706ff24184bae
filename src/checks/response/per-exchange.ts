import type { Api, Operation } from '../../catalogue/index.ts';
import type { ResultStatus } from '../../runner/results.ts';
import type { Probe, ProbeContext } from '../context.ts';
import { combine, requestLine, transportProblem } from '../judge.ts';
import type { CheckDefinition } from '../types.ts';

export interface ExchangeVerdict {
  status: ResultStatus;
  message: string;
  schemaPath?: string;
}

/**
 * A response check judges every exchange the run had with an operation (baseline, walks, probes),
 * after the other checks have sent theirs. A transport failure makes the verdict 'error', and so
 * does a server failure (5xx) the rule had nothing against: the answer proves nothing either way.
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
        const failed = serverFailure(probe);
        if (failed && (!verdict || verdict.status === 'pass'))
          return [{ probe, status: 'error' as const, message: failed }];
        // A body that should be JSON and is not leaves a body rule nothing to judge (body.schema fails it).
        if (!verdict && probe.exchange.jsonError)
          return [
            {
              probe,
              status: 'error' as const,
              message: `${requestLine(probe.exchange)}: body is not JSON (${probe.exchange.jsonError}), nothing to judge`,
            },
          ];
        return verdict ? [{ probe, ...verdict }] : [];
      });
      if (verdicts.length === 0 && probes.length === 0 && op.writes && !ctx.options.allowWrites) {
        return { status: 'skip', message: 'write operation: not sent without --allow-writes' };
      }
      return combine(verdicts, def.passMessage, def.collect?.(probes, ctx.api, op));
    },
  };
}

/** 'GET … → 502: the server failed (502 text/html), nothing to judge' for a 5xx answer. */
function serverFailure(probe: Probe): string | undefined {
  const response = probe.exchange.response;
  if (!response || response.status < 500) return undefined;
  const type = response.headers['content-type']?.split(';')[0];
  return `${requestLine(probe.exchange)}: the server failed (${response.status}${type ? ` ${type}` : ''}), nothing to judge`;
}
