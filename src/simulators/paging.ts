/**
 * Page-number paging shared by the simulators that page by number (Cloudflare, Emporix; Vectara
 * slices its cursor pages with it too): integer bounds read from the catalogue, and the window of
 * items a page shows, with the pagination faults applied in this one place.
 */
import type { IntegerBounds } from './facts.ts';

export type IntegerParam = { ok: true; value: number } | { ok: false; message: string };

/**
 * An integer query value checked against its documented bounds. Absent → the documented default
 * (or `fallback`). Out of bounds → an error, or the nearest bound when `clamp` (the
 * pagination.bounds-not-enforced fault). Not an integer → always an error.
 */
export function readInteger(
  raw: string | null | undefined,
  name: string,
  bounds: IntegerBounds,
  clamp: boolean,
  fallback?: number,
): IntegerParam {
  if (raw === null || raw === undefined || raw === '') {
    const value = bounds.default ?? fallback;
    if (value === undefined) return { ok: false, message: `${name} is required` };
    return { ok: true, value };
  }
  if (!/^-?\d+$/.test(raw.trim())) return { ok: false, message: `${name} must be an integer` };
  let value = Number(raw);
  if (bounds.minimum !== undefined && value < bounds.minimum) {
    if (!clamp) return { ok: false, message: `${name} must be >= ${bounds.minimum}` };
    value = bounds.minimum;
  }
  if (bounds.maximum !== undefined && value > bounds.maximum) {
    if (!clamp) return { ok: false, message: `${name} must be <= ${bounds.maximum}` };
    value = bounds.maximum;
  }
  return { ok: true, value };
}

/** Pagination faults a page window can show. */
export interface PageFaults {
  /** pagination.duplicate-item: the last item of each page repeats as the first of the next. */
  duplicateItem?: boolean;
  /** pagination.skipped-item: the first item of every page after the first is dropped. */
  skippedItem?: boolean;
  /** pagination.data-past-end: a page past the last shows the last page again. */
  dataPastEnd?: boolean;
}

export interface PageWindow {
  /** Index of the first item shown (inclusive) and after the last (exclusive). */
  start: number;
  end: number;
}

/** The items page `page` (1-based) of `size` shows out of `total`, faults applied. O(1). */
export function pageWindow(total: number, page: number, size: number, faults: PageFaults = {}): PageWindow {
  if (size <= 0 || page < 1) return { start: 0, end: 0 };
  // Duplicates: consecutive pages overlap by one item (stride size-1), so each boundary repeats.
  const stride = faults.duplicateItem && size > 1 ? size - 1 : size;
  let start = (page - 1) * stride;
  let end = start + size;
  if (faults.skippedItem && page > 1) start += 1;
  if (start >= total && faults.dataPastEnd && total > 0 && page > 1) {
    const lastPage = Math.max(1, Math.ceil((total - size) / stride) + 1);
    start = (lastPage - 1) * stride + (faults.skippedItem && lastPage > 1 ? 1 : 0);
    end = (lastPage - 1) * stride + size;
  }
  start = Math.min(start, total);
  end = Math.min(end, total);
  return { start, end: Math.max(start, end) };
}
