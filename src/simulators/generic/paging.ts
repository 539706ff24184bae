/**
 * One page of a list in the API's paging style (x-pagination): page numbers with totals in the body
 * (page-result-info) or in a header (page-total-header), an opaque cursor (cursor), or the last
 * item's id with has-more (after-id). Paging values are read from the query or the body as declared,
 * bounds from the parameter schemas; the pagination faults are applied here.
 */
import type { Operation, PaginationSpec } from '../../catalogue/index.ts';
import type { IntegerBounds } from '../facts.ts';
import { estimate } from '../open-readings.ts';
import { type IntegerParam, pageWindow, readInteger } from '../paging.ts';
import { queryValid } from './query-values.ts';
import type { Body } from './seeding.ts';
import type { Json } from './values.ts';
import { setAt } from './values.ts';

export interface PagingFaults {
  duplicateItem: boolean;
  skippedItem: boolean;
  sizeIgnored: boolean;
  wrongTotal: boolean;
  dataPastEnd: boolean;
  cursorRepeats: boolean;
  cursorNeverEnds: boolean;
  clamp: boolean;
  /** An open reading (open-readings.ts), not a fault: totals are estimates, and the count reads as the total. */
  estimatedTotals?: boolean;
}

export type PageResult =
  | {
      ok: true;
      items: Body[];
      fields: Record<string, Json>;
      remove: string[];
      headers: Record<string, string>;
    }
  | { ok: false; message: string; param?: string };

type Place = { in: string; name: string };

function read(place: Place | undefined, query: URLSearchParams, body: unknown): string | null {
  if (!place) return null;
  if (place.in === 'body') {
    const v =
      body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[place.name] : undefined;
    return v === undefined || v === null ? null : String(v);
  }
  return query.get(place.name);
}

/**
 * The raw paging value, checked against its parameter's schema first (a positive integer sent as text
 * by pattern): one the schema rejects is an error, or under the bounds fault the nearest bound.
 */
function readChecked(
  op: Operation,
  place: Place | undefined,
  raw: string | null,
  fallback: number,
  clamp: boolean,
): IntegerParam {
  const param = place && op.parameters.find((p) => p.name === place.name && p.in === place.in);
  const limits = bounds(op, place);
  const name = place?.name ?? 'page';
  if (param && raw !== null && raw !== '' && !queryValid(param, [raw])) {
    if (clamp && /^\s*-?\d+\s*$/.test(raw)) {
      // To the nearest documented bound; where only a pattern bounds it, the smallest page.
      const near = readInteger(raw.trim(), name, limits, true, fallback);
      if (near.ok && queryValid(param, [String(near.value)])) return near;
      return { ok: true, value: limits.minimum ?? 1 };
    }
    return { ok: false, message: `${name} is not a valid value: '${raw}'` };
  }
  return readInteger(raw, name, limits, clamp, fallback);
}

function bounds(op: Operation, place: Place | undefined): IntegerBounds {
  if (!place) return {};
  let schema: Record<string, unknown> | undefined = op.parameters.find((p) => p.name === place.name)?.schema
    .schema;
  if (!schema && place.in === 'body')
    schema = (
      op.requestBody?.body.schema.properties as Record<string, Record<string, unknown>> | undefined
    )?.[place.name];
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  return { minimum: num(schema?.minimum), maximum: num(schema?.maximum), default: num(schema?.default) };
}

/**
 * A cursor: where the next page starts, its size, and what the walk selects (filters and sort), so
 * that a request with only the cursor (x-pagination cursorOverridesOtherFields) pages the same list.
 * Written in standard base64 with padding, as proto3 JSON writes a bytes field (format byte); read
 * in either alphabet.
 */
export function encodeCursor(offset: number, size: number, carry?: Json): string {
  return Buffer.from(
    JSON.stringify({ o: offset, s: size, ...(carry === undefined ? {} : { c: carry }) }),
  ).toString('base64');
}

function decodeCursor(raw: string): { o: number; s: number; c?: Json } | undefined {
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64').toString()) as { o?: unknown; s?: unknown; c?: Json };
    if (Number.isInteger(v.o) && Number.isInteger(v.s) && (v.o as number) >= 0 && (v.s as number) > 0)
      return { o: v.o as number, s: v.s as number, c: v.c };
  } catch {
    // not one of ours
  }
  return undefined;
}

/** What the request's cursor carries (the walk's selection), when it names one this simulator issued. */
export function carriedBy(op: Operation, query: URLSearchParams, body: unknown): Json | undefined {
  const spec = op.pagination;
  if (spec?.style !== 'cursor') return undefined;
  const raw = read(spec.request.cursor, query, body);
  return raw ? decodeCursor(raw)?.c : undefined;
}

export function page(
  op: Operation,
  all: readonly Body[],
  query: URLSearchParams,
  body: unknown,
  reqHeaders: Readonly<Record<string, string>>,
  faults: PagingFaults,
  carry?: Json,
): PageResult {
  const spec = op.pagination as PaginationSpec;
  const sizeBounds = bounds(op, spec.request.size);
  // The documented default, else the declared one (x-pagination defaultSize), else 20 within bounds.
  const fallback = sizeBounds.default ?? spec.defaultSize ?? Math.min(sizeBounds.maximum ?? 20, 20);
  const rawCursor = spec.style === 'cursor' ? read(spec.request.cursor, query, body) : null;
  const cursor = rawCursor ? decodeCursor(rawCursor) : undefined;
  const sizeRead = readChecked(
    op,
    spec.request.size,
    // A cursor keeps the walk's page size where the request gives none (or may give none).
    cursor && spec.cursorOverridesOtherFields
      ? String(cursor.s)
      : (read(spec.request.size, query, body) ?? (cursor ? String(cursor.s) : null)),
    fallback,
    faults.clamp,
  );
  if (!sizeRead.ok) return { ok: false, message: sizeRead.message, param: spec.request.size.name };
  // A size of 0 where no minimum is documented is the unset value (proto3 JSON): the default page.
  const askedSize = sizeRead.value === 0 && sizeBounds.minimum === undefined ? fallback : sizeRead.value;
  const size = faults.sizeIgnored ? fallback : askedSize;
  const r = spec.response;
  const fields: Record<string, Json> = {};
  const remove: string[] = [];
  const headers: Record<string, string> = {};
  const total = all.length;

  if (spec.style === 'page-result-info' || spec.style === 'page-total-header') {
    const pageBounds = bounds(op, spec.request.page);
    const first = spec.firstPage ?? pageBounds.minimum ?? 1;
    const pageRead = readChecked(
      op,
      spec.request.page,
      read(spec.request.page, query, body),
      first,
      faults.clamp,
    );
    if (!pageRead.ok) return { ok: false, message: pageRead.message, param: spec.request.page?.name };
    const n = pageRead.value - first + 1;
    const w = pageWindow(total, n, size, {
      duplicateItem: faults.duplicateItem,
      skippedItem: faults.skippedItem,
      dataPastEnd: faults.dataPastEnd,
    });
    const items = all.slice(w.start, w.end);
    const off = faults.wrongTotal ? 1 : 0;
    if (r.count) fields[r.count] = faults.estimatedTotals ? estimate(total) : items.length + off;
    if (r.total) fields[r.total] = faults.estimatedTotals ? estimate(total) : total + off;
    if (r.page) fields[r.page] = pageRead.value;
    // size-ignored echoes the size asked: only counting the page's items shows the fault.
    if (r.perPage) fields[r.perPage] = faults.sizeIgnored ? askedSize : size;
    const asked = spec.request.total;
    if (
      r.totalHeader &&
      (!asked ||
        (reqHeaders[asked.name.toLowerCase()] ?? '').trim().toLowerCase() === asked.value.toLowerCase())
    )
      headers[r.totalHeader.toLowerCase()] = String(faults.estimatedTotals ? estimate(total) : total + off);
    return { ok: true, items, fields, remove, headers };
  }

  if (spec.style === 'cursor') {
    let offset = 0;
    if (rawCursor !== null && rawCursor !== '') {
      if (!cursor)
        return {
          ok: false,
          message: `${spec.request.cursor?.name ?? 'cursor'} is not a valid page token`,
          param: spec.request.cursor?.name,
        };
      offset = cursor.o;
    }
    let start = offset;
    if (faults.skippedItem && offset > 0) start += 1;
    const items = all.slice(start, start + size);
    // skipped-item: the page starts one late and the next follows it, so one item is never served.
    let next = start + (faults.duplicateItem && size > 1 ? size - 1 : size);
    // cursor-repeats: from the second page on, the cursor leads back a page (page 3 is page 1 again).
    if (faults.cursorRepeats && offset >= size) next = offset - size;
    const more = next < total || faults.cursorNeverEnds;
    if (r.nextCursor) {
      if (more) fields[r.nextCursor] = encodeCursor(next, size, carry);
      else if (spec.lastPage === 'empty-cursor') fields[r.nextCursor] = '';
      else remove.push(r.nextCursor);
    }
    return { ok: true, items, fields, remove, headers };
  }

  // after-id: after = the id of the last item seen; has_more says whether more follow.
  const idOf = (item: Body) => {
    const key = (r.itemId ?? '/id').slice(1);
    return String(item[key] ?? '');
  };
  const after = read(spec.request.cursor, query, body);
  const before = read(spec.request.before, query, body);
  let start = 0;
  let end = total;
  if (after !== null && after !== '') {
    const at = all.findIndex((i) => idOf(i) === after);
    if (at < 0)
      return {
        ok: false,
        message: `${spec.request.cursor?.name ?? 'after'} names no item of this list`,
        param: spec.request.cursor?.name,
      };
    start = at + 1;
    if (faults.duplicateItem) start = at;
    if (faults.skippedItem) start = at + 2;
    if (faults.cursorRepeats && start >= 2 * size) start = Math.max(0, start - size);
  }
  if (before !== null && before !== '') {
    const at = all.findIndex((i) => idOf(i) === before);
    if (at < 0)
      return {
        ok: false,
        message: `${spec.request.before?.name ?? 'before'} names no item of this list`,
        param: spec.request.before?.name,
      };
    end = at;
    start = Math.max(start, end - size);
  }
  let items = all.slice(start, Math.min(end, start + size));
  // cursor-never-ends: past the last item, the last item again, and still more to come.
  if (faults.cursorNeverEnds && items.length === 0 && end > 0) items = all.slice(end - 1, end);
  const hasMore = start + items.length < end || (faults.cursorNeverEnds && items.length > 0);
  if (r.hasMore) fields[r.hasMore] = hasMore;
  if (r.firstId) fields[r.firstId] = items[0] ? idOf(items[0]) : '';
  if (r.lastId) fields[r.lastId] = items.length > 0 ? idOf(items[items.length - 1] as Body) : '';
  return { ok: true, items, fields, remove, headers };
}

/** The page's body: the list schema's own fields, the items at their pointer, the paging fields set. */
export function pageBody(base: Json, itemsPointer: string, result: Extract<PageResult, { ok: true }>): Json {
  if (itemsPointer === '') return result.items;
  const body = (base !== null && typeof base === 'object' && !Array.isArray(base) ? base : {}) as Body;
  setAt(body, itemsPointer, result.items);
  for (const [p, v] of Object.entries(result.fields)) setAt(body, p, v);
  return body;
}
