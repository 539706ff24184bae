/**
 * Vectara's opaque page keys and the cursor walk both API versions share. A key is base64url JSON
 * holding the filter, the page size, the position in the newest-first job array where the next
 * page starts, and how many pages came before it (for the cursor faults).
 */

export interface CursorState<F> {
  filter: F;
  size: number;
  /** Index in the job array where the next page's scan starts. */
  position: number;
  /** 0 for the first page, 1 for the second … */
  page: number;
}

/** A page key that is not one this simulator issued. */
export class PageKeyError extends Error {
  override name = 'PageKeyError';
}

export function encodePageKey<F>(state: CursorState<F>): string {
  return Buffer.from(
    JSON.stringify({ f: state.filter, s: state.size, p: state.position, k: state.page }),
  ).toString('base64url');
}

/** Decodes a key; `isFilter` checks the filter part. Throws PageKeyError naming the problem. */
export function decodePageKey<F>(key: string, isFilter: (value: unknown) => value is F): CursorState<F> {
  if (!/^[A-Za-z0-9_-]+$/.test(key)) throw new PageKeyError('page key is not base64url');
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(key, 'base64url').toString('utf8'));
  } catch {
    throw new PageKeyError('page key was not issued by this server');
  }
  const r = raw as { f?: unknown; s?: unknown; p?: unknown; k?: unknown } | null;
  const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
  if (
    r === null ||
    typeof r !== 'object' ||
    !isCount(r.s) ||
    !isCount(r.p) ||
    !isCount(r.k) ||
    !isFilter(r.f)
  ) {
    throw new PageKeyError('page key was not issued by this server');
  }
  return { filter: r.f, size: r.s, position: r.p, page: r.k };
}

/** Cursor faults, each breaking one rule of the walk. */
export interface CursorFaults {
  /** pagination.duplicate-item: the next page starts at this page's last item. */
  duplicateItem?: boolean;
  /** pagination.skipped-item: pages after the first drop their first item. */
  skippedItem?: boolean;
  /** pagination.cursor-repeats: the cursor after the second page points back to the first. */
  cursorRepeats?: boolean;
  /** pagination.cursor-never-ends: the last page still has a next cursor, to an empty page. */
  cursorNeverEnds?: boolean;
}

export interface CursorPage {
  /** Indices of the jobs the page shows, in order. */
  indices: number[];
  /** Where the next page starts and its page number; undefined on the last page. */
  next?: { position: number; page: number };
}

/**
 * One page: up to `size` indices in [position, total) whose job matches, then a look-ahead for the
 * next match so the last page can say it is the last. Cost is the items scanned, not the total.
 */
export function cursorPage(
  total: number,
  position: number,
  page: number,
  size: number,
  matches: (index: number) => boolean,
  faults: CursorFaults = {},
): CursorPage {
  const indices: number[] = [];
  let i = Math.min(position, total);
  let skip = faults.skippedItem && page > 0 ? 1 : 0;
  for (; i < total && indices.length < size; i++) {
    if (!matches(i)) continue;
    if (skip > 0) {
      skip--;
      continue;
    }
    indices.push(i);
  }
  while (i < total && !matches(i)) i++;
  let next: CursorPage['next'] = i < total ? { position: i, page: page + 1 } : undefined;
  if (next && faults.duplicateItem && indices.length > 1)
    next.position = indices[indices.length - 1] as number;
  if (next && faults.cursorRepeats && page === 1) next = { position: 0, page: 0 };
  if (!next && faults.cursorNeverEnds) next = { position: total, page: page + 1 };
  return { indices, next };
}
