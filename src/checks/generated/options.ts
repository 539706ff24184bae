/**
 * How a run generates inputs: its seed, how many examples each (operation, check) may send, and the
 * one counterexample to replay. Every generated result names the seed and a command that replays it.
 */

export interface GenerationOptions {
  /** The run's seed; each (check, operation) derives its own from it. */
  seed: number;
  /** Generated requests (or sequences' steps, see sequence.ts) per check and operation. */
  maxExamples: number;
  /** `<operationId>:<fast-check path>`: replay exactly this counterexample (and nothing else). */
  replay?: string;
}

/** Mock default: every single-value case of the largest operation's coverage fits, with room to fuzz. */
export const MOCK_MAX_EXAMPLES = 30;
/** Live: the phase runs only when --max-examples asks for it (this is what generationOf falls back on). */
export const LIVE_MAX_EXAMPLES = 5;

/** A 31-bit seed for a run that names none. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 0x7fffffff);
}

/** The seed of one (check, operation): FNV-1a of the run's seed and their names, so each has its own stream. */
export function derivedSeed(seed: number, checkId: string, opKey: string): number {
  let hash = 0x811c9dc5;
  for (const ch of `${seed}:${checkId}:${opKey}`) {
    hash ^= ch.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash & 0x7fffffff;
}

/** The replay of an operation: its fast-check path, when the replay names this operation. */
export function replayPathFor(options: GenerationOptions, opId: string): string | undefined | false {
  if (options.replay === undefined) return undefined;
  const at = options.replay.indexOf(':');
  if (at < 0 || options.replay.slice(0, at) !== opId) return false;
  return options.replay.slice(at + 1);
}

/** The command that sends exactly this counterexample again. */
export function replayCommand(
  apiId: string,
  checkId: string,
  seed: number,
  opId: string,
  path: string,
): string {
  return `npx jobs-conformance run --api ${apiId} --check '${checkId}' --seed ${seed} --replay '${opId}:${path}'`;
}

/** A seeded shuffle (mulberry32): the order in which the coverage cases are tried. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
