import * as fc from 'fast-check';
import type { Operation } from '../../catalogue/index.ts';
import type { Exchange } from '../../core/index.ts';
import type { ProbeContext } from '../context.ts';
import type { CheckOutcome } from '../types.ts';
import {
  derivedSeed,
  type GenerationOptions,
  LIVE_MAX_EXAMPLES,
  MOCK_MAX_EXAMPLES,
  randomSeed,
  replayCommand,
  replayPathFor,
} from './options.ts';

/** What one generated example did: its outcome, and whether a document left its answer open. */
export interface ExampleResult {
  outcome: CheckOutcome;
  /** The request was accepted where no document says it must be rejected. */
  open?: boolean;
  /** The API's request budget was spent: nothing more is generated. */
  budgetSpent?: boolean;
}

export interface GeneratedProperty<T> {
  checkId: string;
  /** What one example is called in the report ('request', 'sequence'). */
  noun: string;
  arbitrary: fc.Arbitrary<T>;
  /** The coverage part, tried first, given the (check, operation) seed (then random examples up to the limit). */
  coverage: (seed: number) => readonly T[];
  /** Steps one example takes (a sequence's): --max-examples then bounds the steps, not the examples. */
  steps?: number;
  /** The checks a replay runs (default: this one alone): a sequence starts from the jobs the lifecycle checks made. */
  replayChecks?: string;
  run: (value: T) => Promise<ExampleResult>;
}

/** The run's generation settings, with the defaults of its target. */
export function generationOf(ctx: ProbeContext): GenerationOptions {
  const given = ctx.options.generation;
  return {
    seed: given?.seed ?? randomSeed(),
    maxExamples: given?.maxExamples ?? (ctx.options.live ? LIVE_MAX_EXAMPLES : MOCK_MAX_EXAMPLES),
    ...(given?.replay !== undefined ? { replay: given.replay } : {}),
  };
}

/** A budget-exhausted exchange: the client sent nothing because the API's request budget was spent. */
export function budgetSpent(exchange: Exchange): boolean {
  return exchange.error?.kind === 'budget-exhausted';
}

/**
 * Runs a generated property with fast-check: coverage first, then random examples up to the limit;
 * a failure is shrunk (bounded by as many examples again) to a minimal one, reported with the seed
 * and the command that replays exactly it.
 */
export async function runProperty<T>(
  ctx: ProbeContext,
  op: Operation,
  prop: GeneratedProperty<T>,
): Promise<CheckOutcome> {
  // Live, the phase is asked for: a read-only run stays within about 40 requests per API without it.
  if (ctx.options.live && ctx.options.generation?.maxExamples === undefined)
    return {
      status: 'skip',
      message:
        'live: generated inputs are sent only with --max-examples N (each request counts against --budget)',
    };
  const gen = generationOf(ctx);
  const replay = replayPathFor(gen, op.id);
  if (replay === false) return { status: 'skip', message: `replaying ${gen.replay}, not this operation` };
  const seed = derivedSeed(gen.seed, prop.checkId, op.key);
  const limit = Math.max(1, Math.ceil(gen.maxExamples / (prop.steps ?? 1)));
  let ran = 0;
  let open = 0;
  let stopped: string | undefined;
  let lastFailure: ExampleResult | undefined;
  const property = fc.asyncProperty(prop.arbitrary, async (value) => {
    if (stopped) return true;
    // Shrinking may try as many examples again as were generated, no more.
    if (ran >= 2 * limit) {
      stopped = 'the shrink bound was reached';
      return true;
    }
    ran++;
    const result = await prop.run(value);
    if (result.budgetSpent) {
      stopped = "the API's request budget was spent";
      return true;
    }
    if (result.outcome.status === 'fail' || result.outcome.status === 'error') {
      lastFailure = result;
      return false;
    }
    if (result.open) open++;
    return true;
  });
  const details = await fc.check(property, {
    seed,
    numRuns: limit,
    examples: prop
      .coverage(seed)
      .slice(0, limit)
      .map((v) => [v] as [T]),
    ...(replay !== undefined ? { path: replay, endOnFailure: true } : {}),
  });
  const seedText = `seed ${gen.seed}`;
  if (details.failed) {
    const failure: ExampleResult | undefined = lastFailure;
    if (!failure)
      return {
        status: 'error',
        message: `the generation crashed: ${String(details.errorInstance ?? 'unknown')} (${seedText})`,
      };
    const path = details.counterexamplePath ?? '';
    const command = replayCommand(ctx.api.id, prop.replayChecks ?? prop.checkId, gen.seed, op.id, path);
    // The evidence names them too, so the HAR (one comment per exchange) carries the seed and replay.
    const evidence = (failure.outcome.evidence ?? []).map((x) => ({
      ...x,
      label: `${x.label ?? ''} (${seedText}; replay: ${command})`,
    }));
    return {
      ...failure.outcome,
      evidence,
      message: `${failure.outcome.message} — the smallest failing ${prop.noun} of ${details.numRuns} generated, after ${details.numShrinks} shrinks (${seedText}; replay: ${command})`,
      data: { seed: gen.seed, replay: command, generated: details.numRuns, shrinks: details.numShrinks },
    };
  }
  if (ran === 0 && !stopped) return { status: 'skip', message: `nothing to generate (${seedText})` };
  const openText = open > 0 ? `; ${open} accepted where no document says they must be rejected` : '';
  const stopText = stopped ? `; stopped: ${stopped}` : '';
  return {
    status: 'pass',
    message: `${ran} generated ${prop.noun}s answered as documented (${seedText}, at most ${limit}${openText}${stopText})`,
    data: { seed: gen.seed, generated: ran },
  };
}

/**
 * Live: waits between generated requests so that they stay within the API's documented rate limit
 * (x-rate-limit: N requests per window), whatever else the run sends.
 */
export async function paced(ctx: ProbeContext): Promise<void> {
  const limit = ctx.api.rateLimit;
  if (!ctx.options.live || !limit || limit.requests <= 0) return;
  await ctx.sleep(Math.ceil((limit.windowSeconds * 1000) / limit.requests));
}
