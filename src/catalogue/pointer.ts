/** A pointer's unescaped segments, split once: the walks read the same few pointers on every item. */
const segmentCache = new Map<string, readonly string[]>();
const SEGMENT_CACHE_LIMIT = 1024;

export function pointerSegments(pointer: string): readonly string[] {
  let segments = segmentCache.get(pointer);
  if (!segments) {
    segments = pointer
      .slice(1)
      .split('/')
      .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'));
    // Pointers come from the schemas and the checks (a handful); a bound keeps odd callers harmless.
    if (segmentCache.size >= SEGMENT_CACHE_LIMIT) segmentCache.clear();
    segmentCache.set(pointer, segments);
  }
  return segments;
}

/** Reads a JSON pointer ('' is the whole document); undefined where any segment is missing. */
export function getAtPointer(doc: unknown, pointer: string): unknown {
  if (pointer === '') return doc;
  let node: unknown = doc;
  for (const key of pointerSegments(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
