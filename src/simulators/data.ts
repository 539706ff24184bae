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

const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hexOf = (u32: number): string =>
  (HEX_BYTE[u32 >>> 24] as string) +
  (HEX_BYTE[(u32 >>> 16) & 255] as string) +
  (HEX_BYTE[(u32 >>> 8) & 255] as string) +
  (HEX_BYTE[u32 & 255] as string);

/** A stream for `seed`; different `stream` names give independent sequences from one seed. */
export function createRng(seed: number, stream = ''): Rng {
  let state = (hashString(stream) ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0;
  const nextU32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = () => nextU32() / 4294967296;
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const hex = (length: number) => {
    let out = '';
    while (out.length < length) out += hexOf(nextU32());
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
      const a = hexOf(nextU32());
      const b = hexOf(nextU32());
      const c = hexOf(nextU32());
      const d = hexOf(nextU32());
      // Version 4 and variant bits set in place, so the id has the usual UUID layout.
      const variant = '89ab'[Number.parseInt(c[0] as string, 16) & 3] as string;
      return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
    },
  };
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));

/**
 * Date#toISOString for integer milliseconds in years 1970..9999, several times faster (pages of
 * jobs format three timestamps per job). Civil-from-days after H. Hinnant.
 */
export function isoTimestamp(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms >= 253402300800000) return new Date(ms).toISOString();
  const days = Math.floor(ms / 86_400_000);
  let rest = ms - days * 86_400_000;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return `${year}-${pad2(month)}-${pad2(day)}T${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${pad3(rest - seconds * 1000)}Z`;
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
