import type { Api, Operation } from '../../catalogue/index.ts';
import type { Exchange, Finding, ResultStatus } from '../../core/index.ts';
import type { ProbeContext } from '../context.ts';
import { requestLine, transportProblem } from '../judge.ts';
import type { Probe } from '../probe.ts';
import type { CheckDefinition, CheckOutcome } from '../types.ts';

export interface ExchangeVerdict {
  status: ResultStatus;
  message: string;
  schemaPath?: string;
  /** Where in this exchange's response body the fault sits (the exchange is filled in by the tally). */
  findings?: Omit<Finding, 'exchange'>[];
}

type Judged = 'pass' | 'fail' | 'error' | 'warn';
const WORST_FIRST = ['fail', 'error', 'warn'] as const;
const EVIDENCE = 3;

/** What a response check keeps of one operation's exchanges: counts, and the few it cites. */
interface Tally {
  counts: Record<Judged, number>;
  hits: Record<
    (typeof WORST_FIRST)[number],
    { message: string; schemaPath?: string; findings?: ExchangeVerdict['findings']; exchange: Exchange }[]
  >;
  firstPass?: Exchange;
  collected: Map<string, unknown>;
}

const newTally = (): Tally => ({
  counts: { pass: 0, fail: 0, error: 0, warn: 0 },
  hits: { fail: [], error: [], warn: [] },
  collected: new Map(),
});

/**
 * A response check judges every exchange the run has with an operation (baseline, walks, probes) as
 * it arrives, keeping counts and the few exchanges it cites, and reports when the other checks are
 * done. A transport failure makes the verdict 'error', and so does a server failure (5xx) the rule had
 * nothing against: the answer proves nothing either way.
 */
export function perExchangeCheck(
  def: Omit<CheckDefinition, 'run' | 'category' | 'attach'> & {
    passMessage: string;
    judge: (probe: Probe, api: Api, op: Operation) => ExchangeVerdict | undefined;
    /** Keyed values gathered from every exchange (enum values seen), reported under `collectAs`. */
    collect?: (probe: Probe, api: Api, op: Operation) => Iterable<[string, unknown]>;
    collectAs?: string;
  },
): CheckDefinition {
  const tallies = new WeakMap<ProbeContext, Map<string, Tally>>();
  return {
    ...def,
    category: 'response',
    attach(ctx) {
      const byOp = new Map<string, Tally>();
      tallies.set(ctx, byOp);
      // Whether the check applies depends on the operation alone: asked once, not on every page.
      const applies = new Map<Operation, boolean>();
      // A walk's probes are of one operation, page after page: its tally is kept at hand.
      let last: { op: Operation; tally: Tally } | undefined;
      ctx.onProbe((probe) => {
        let tally: Tally | undefined;
        if (last?.op === probe.op) tally = last.tally;
        else {
          let applicable = applies.get(probe.op);
          if (applicable === undefined) {
            applicable = def.appliesTo(probe.op, ctx.api);
            applies.set(probe.op, applicable);
          }
          if (!applicable) return;
          tally = byOp.get(probe.op.key);
          if (!tally) {
            tally = newTally();
            byOp.set(probe.op.key, tally);
          }
          last = { op: probe.op, tally };
        }
        const verdict = verdictOf(def.judge, probe, ctx.api);
        if (verdict) {
          tally.counts[verdict.status as Judged]++;
          if (verdict.status === 'pass') tally.firstPass ??= probe.exchange;
          else {
            const hits = tally.hits[verdict.status as (typeof WORST_FIRST)[number]];
            if (hits.length < EVIDENCE) hits.push({ ...verdict, exchange: probe.exchange });
          }
        }
        if (def.collect)
          for (const [key, value] of def.collect(probe, ctx.api, probe.op)) tally.collected.set(key, value);
      });
    },
    async run(ctx: ProbeContext, op: Operation) {
      const byOp = tallies.get(ctx);
      if (!byOp) throw new Error(`${def.id} was not attached to the run before it ran`);
      await ctx.baseline(op);
      if (ctx.sentTo(op) === 0 && op.writes && !ctx.options.allowWrites) {
        return { status: 'skip', message: 'write operation: not sent without --allow-writes' };
      }
      ctx.judged();
      const tally = byOp.get(op.key) ?? newTally();
      const data = def.collectAs ? { [def.collectAs]: [...tally.collected.values()] } : undefined;
      return outcomeOf(tally, def.passMessage, data);
    },
  };
}

function verdictOf(
  judge: (probe: Probe, api: Api, op: Operation) => ExchangeVerdict | undefined,
  probe: Probe,
  api: Api,
): ExchangeVerdict | undefined {
  const problem = transportProblem(probe.exchange);
  if (problem) return { status: 'error', message: problem };
  const verdict = judge(probe, api, probe.op);
  const failed = serverFailure(probe);
  if (failed && (!verdict || verdict.status === 'pass')) return { status: 'error', message: failed };
  // A body that should be JSON and is not leaves a body rule nothing to judge (body.schema fails it).
  if (!verdict && probe.exchange.jsonError) {
    return {
      status: 'error',
      message: `${requestLine(probe.exchange)}: body is not JSON (${probe.exchange.jsonError}), nothing to judge`,
    };
  }
  return verdict;
}

/** Worst first: the first failure (then error, then warning) with a count of the rest, else a pass. */
function outcomeOf(tally: Tally, passMessage: string, data?: Record<string, unknown>): CheckOutcome {
  const judged = Object.values(tally.counts).reduce((a, b) => a + b, 0);
  if (judged === 0) return { status: 'skip', message: 'no exchange of this operation to judge' };
  for (const status of WORST_FIRST) {
    const hits = tally.hits[status];
    const first = hits[0];
    if (!first) continue;
    const n = tally.counts[status];
    const more = n > 1 ? ` (and ${n - 1} more of ${judged} exchanges)` : '';
    return {
      status,
      message: `${first.message}${more}`,
      evidence: hits.map((h) => h.exchange),
      schemaPath: first.schemaPath,
      ...(hits.some((h) => h.findings?.length)
        ? {
            findings: hits.flatMap((h) => (h.findings ?? []).map((f) => ({ ...f, exchange: h.exchange.id }))),
          }
        : {}),
      data,
    };
  }
  const n = tally.counts.pass;
  return {
    status: 'pass',
    message: `${passMessage} (${n} exchange${n === 1 ? '' : 's'})`,
    evidence: tally.firstPass ? [tally.firstPass] : [],
    data,
  };
}

/** 'GET … → 502: the server failed (502 text/html), nothing to judge' for a 5xx answer. */
function serverFailure(probe: Probe): string | undefined {
  const response = probe.exchange.response;
  if (!response || response.status < 500) return undefined;
  const type = response.headers['content-type']?.split(';')[0];
  return `${requestLine(probe.exchange)}: the server failed (${response.status}${type ? ` ${type}` : ''}), nothing to judge`;
}
