/** Deterministic seeded data helpers shared by every simulator. */

/** A seeded random stream (mulberry32): same seed, same sequence, on every machine. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** Lower-case hex of `length` characters. */
  hex(length: number): string;
  /** A UUID-shaped string (version 4 layout) drawn from the stream. */
  uuid(): string;
}

/** FNV-1a of a string, to derive a stream's seed from its name. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A stream for `seed`; different `stream` names give independent sequences from one seed. */
export function createRng(seed: number, stream = ''): Rng {
  let state = (hashString(stream) ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const hex = (length: number) => {
    let out = '';
    while (out.length < length)
      out += Math.floor(next() * 0x100000000)
        .toString(16)
        .padStart(8, '0');
    return out.slice(0, length);
  };
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(0, items.length - 1)] as T;
    },
    hex,
    uuid: () => {
      const h = hex(32);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[int(0, 3)]}${h.slice(17, 20)}-${h.slice(20)}`;
    },
  };
}

/**
 * The value for item `index` of `count` so that every value appears at least once when count ≥
 * values.length (the first values.length items take each value in turn), the rest drawn at random.
 */
export function spreadValue<T>(values: readonly T[], index: number, rng: Rng): T {
  if (values.length === 0) throw new Error('spreadValue over an empty list');
  return index < values.length ? (values[index] as T) : rng.pick(values);
}

/**
 * `count` timestamps (ms) between `endMs - spanMs` and `endMs`, newest first, evenly spread with a
 * seeded jitter so they are distinct and ordered.
 */
export function spreadTimestamps(count: number, endMs: number, spanMs: number, rng: Rng): number[] {
  const out = new Array<number>(count);
  const step = count > 0 ? spanMs / count : 0;
  for (let i = 0; i < count; i++) {
    const jitter = step > 1 ? rng.next() * (step - 1) : 0;
    out[i] = Math.floor(endMs - i * step - jitter);
  }
  return out;
}

/** A fixed reference instant for seeded data, so a seed gives the same timestamps on every day. */
export const SEED_EPOCH_MS = Date.UTC(2026, 9, 1, 12, 0, 0);

export const DAY_MS = 86_400_000;
