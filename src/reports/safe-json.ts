/**
 * JSON text of a run's records that never overflows the stack: provider data that reached a record
 * (evidence bodies, check data) may nest deeper than JSON.stringify can recurse. Beyond MAX_DEPTH
 * levels a value is replaced by a marker string, so the rest of the record is still written.
 */
export const MAX_JSON_DEPTH = 256;
export const TOO_DEEP_MARKER = `[cut: nested deeper than ${MAX_JSON_DEPTH} levels]`;

export function safeJsonText(value: unknown, indent?: number): string {
  try {
    return JSON.stringify(value, null, indent);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return JSON.stringify(value, depthLimited(), indent);
  }
}

/** A replacer that tracks each container's depth through `this` (the holder of the current key). */
function depthLimited(): (this: unknown, key: string, value: unknown) => unknown {
  const depths = new WeakMap<object, number>();
  return function (this: unknown, _key: string, value: unknown): unknown {
    if (value === null || typeof value !== 'object') return value;
    const holderDepth = typeof this === 'object' && this !== null ? (depths.get(this) ?? 0) : 0;
    if (holderDepth >= MAX_JSON_DEPTH) return TOO_DEEP_MARKER;
    depths.set(value, holderDepth + 1);
    return value;
  };
}
