import { valuesAtPath } from './query.ts';

/** A `sort` the simulator rejects; the server answers 400 ErrorMessage with this message. */
export class SortSyntaxError extends Error {
  override name = 'SortSyntaxError';
}

export interface SortKey {
  field: string;
  path: string[];
  direction: 'asc' | 'desc';
}

/**
 * Parses `field:asc|desc`, several comma-separated (direction defaults to asc). `pattern` is the
 * Sort parameter's pattern from the catalogue, so the accepted syntax is written down once.
 */
export function parseSort(text: string, pattern: string): SortKey[] {
  if (!new RegExp(pattern, 'u').test(text)) {
    throw new SortSyntaxError(`invalid sort '${text}': expected field:asc|desc, comma-separated`);
  }
  return text.split(',').map((part) => {
    const [field = '', direction = 'asc'] = part.split(':');
    const path = field.split('.');
    if (path.some((s) => s === '')) throw new SortSyntaxError(`invalid sort field '${field}'`);
    return { field, path, direction: direction === 'desc' ? 'desc' : 'asc' };
  });
}

function sortValue(item: unknown, path: readonly string[]): unknown {
  const values = valuesAtPath(item, path);
  return values.length === 0 ? undefined : values[0];
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  // Items without the field sort last whatever the direction, as databases put nulls last.
  if (a === undefined || a === null) return b === undefined || b === null ? 0 : 1;
  if (b === undefined || b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Indices of `items` ordered by the keys; ties keep their original order (stable). */
export function sortedIndices(
  items: readonly unknown[],
  indices: readonly number[],
  keys: readonly SortKey[],
): number[] {
  const columns = keys.map((key) => indices.map((i) => sortValue(items[i], key.path)));
  const order = indices.map((_, position) => position);
  order.sort((x, y) => {
    for (const [k, key] of keys.entries()) {
      const column = columns[k] as unknown[];
      const a = column[x];
      const b = column[y];
      const missingA = a === undefined || a === null;
      const missingB = b === undefined || b === null;
      if (missingA || missingB) {
        if (missingA !== missingB) return missingA ? 1 : -1;
        continue;
      }
      const c = compareValues(a, b);
      if (c !== 0) return key.direction === 'desc' ? -c : c;
    }
    return x - y;
  });
  return order.map((position) => indices[position] as number);
}
