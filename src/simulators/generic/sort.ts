/**
 * The x-sort parameter: 'asc|desc' alone (on the declared field), or 'field:asc|desc' keys,
 * comma-separated; fields are names or dotted paths. Ties keep the stored order (a stable sort), and
 * items without the field sort last in either direction, as databases put nulls last.
 */
import type { SortSpec } from '../../catalogue/index.ts';
import { valuesAt } from './item-values.ts';

interface SortKey {
  field: string;
  dir: 'asc' | 'desc';
}

/** The keys a request asks for (or the declared default); none when the list is left in stored order. */
export function sortKeys(sort: SortSpec, raw: string | null): SortKey[] {
  if (!raw) return sort.field && sort.default ? [{ field: sort.field, dir: sort.default }] : [];
  if (sort.syntax.startsWith('asc')) {
    return sort.field ? [{ field: sort.field, dir: raw === 'asc' ? 'asc' : 'desc' }] : [];
  }
  return raw
    .split(',')
    .map((part) => {
      const [field = '', dir] = part.split(':');
      return { field, dir: dir === 'desc' ? ('desc' as const) : ('asc' as const) };
    })
    .filter((k) => k.field !== '');
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function sortItems<T>(items: readonly T[], keys: readonly SortKey[]): T[] {
  if (keys.length === 0) return [...items];
  const columns = keys.map((k) => items.map((item) => valuesAt(item, k.field).find((v) => v !== null)));
  const order = items.map((_, i) => i);
  order.sort((i, j) => {
    for (const [n, key] of keys.entries()) {
      const column = columns[n] as unknown[];
      const a = column[i];
      const b = column[j];
      if (a === undefined || b === undefined) {
        if (a !== b) return a === undefined ? 1 : -1;
        continue;
      }
      const c = compare(a, b);
      if (c !== 0) return key.dir === 'desc' ? -c : c;
    }
    return i - j;
  });
  return order.map((i) => items[i] as T);
}
