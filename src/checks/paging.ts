import { getAtPointer, type Operation, type PaginationSpec } from '../catalogue/index.ts';
import type { Exchange } from '../core/index.ts';
import { baselineInput, itemsOf, type ProbeInput, type ProbeSender } from './probe.ts';
import { slimPage } from './slim-page.ts';
import { Soon } from './soon.ts';
import { type PageState, type PageTotals, pageLabel, type WalkPage } from './walk-page.ts';

export { SLIM_BODY_CHARS } from './slim-page.ts';
export type { PageState, PageTotals, WalkPage } from './walk-page.ts';

/** One paging style: how to ask for a page, read its items and totals, and find the next one. */
export interface Pager {
  readonly spec: PaginationSpec;
  first(): PageState;
  /** The input of a page's request: a fresh object (never `base` itself). */
  request(state: PageState, size: number, base: ProbeInput): ProbeInput;
  next(exchange: Exchange, state: PageState, size: number): PageState | undefined;
  totals(exchange: Exchange): PageTotals;
}

/** A copy of the input with parameters set, in the query or the JSON body (each copied once). */
function setParams(
  input: ProbeInput,
  params: readonly (readonly ['query' | 'body', string, string | number])[],
): ProbeInput {
  let query: Record<string, unknown> | undefined;
  let body: Record<string, unknown> | undefined;
  for (const [where, name, value] of params) {
    if (where === 'query') {
      query ??= { ...input.query };
      query[name] = value;
    } else {
      body ??= {
        ...(input.body !== null && typeof input.body === 'object'
          ? (input.body as Record<string, unknown>)
          : {}),
      };
      body[name] = value;
    }
  }
  const out: ProbeInput = { ...input };
  if (query) out.query = query as ProbeInput['query'];
  if (body) out.body = body;
  return out;
}

function numberAt(json: unknown, pointer: string | undefined): number | undefined {
  if (pointer === undefined) return undefined;
  const value = getAtPointer(json, pointer);
  return typeof value === 'number' ? value : undefined;
}

/** Cloudflare page+per_page with result_info; Emporix pageNumber+pageSize with X-Total-Count. */
class PageNumberPager implements Pager {
  constructor(
    readonly spec: PaginationSpec,
    private readonly op: Operation,
  ) {}

  first(): PageState {
    return { index: 0, page: this.spec.firstPage ?? 1 };
  }

  request(state: PageState, size: number, base: ProbeInput): ProbeInput {
    const { page, size: sizeParam, total } = this.spec.request;
    const sizeEntry = [sizeParam.in, sizeParam.name, this.asParam(sizeParam.name, size)] as const;
    const input = setParams(
      base,
      page ? [[page.in, page.name, this.asParam(page.name, state.page ?? 1)], sizeEntry] : [sizeEntry],
    );
    if (total) input.headers = { ...input.headers, [total.name]: total.value };
    return input;
  }

  /** Parameters whose schema says string, by name (looked up once, not on every page). */
  private readonly stringParams = new Map<string, boolean>();

  /** Emporix documents pageNumber/pageSize as strings: send what the parameter schema says. */
  private asParam(name: string, value: number): string | number {
    let isString = this.stringParams.get(name);
    if (isString === undefined) {
      const param = this.op.parameters.find((p) => p.name === name);
      isString = param?.schema.schema.type === 'string';
      this.stringParams.set(name, isString);
    }
    return isString ? String(value) : value;
  }

  next(exchange: Exchange, state: PageState, size: number): PageState | undefined {
    const items = itemsOf(this.op, exchange);
    // A short or empty page is the last: the SDKs stop there too.
    if (!items || items.length === 0 || items.length < size) return undefined;
    return { index: state.index + 1, page: (state.page ?? 1) + 1 };
  }

  totals(exchange: Exchange): PageTotals {
    const r = this.spec.response;
    const header = r.totalHeader ? exchange.response?.headers[r.totalHeader.toLowerCase()] : undefined;
    return {
      count: numberAt(exchange.json, r.count),
      total: header !== undefined ? Number(header) : numberAt(exchange.json, r.total),
      page: numberAt(exchange.json, r.page),
      perPage: numberAt(exchange.json, r.perPage),
    };
  }
}

/** Vectara: an opaque cursor in the body (v1 pageKey) or the query (v2 page_key). */
class CursorPager implements Pager {
  constructor(
    readonly spec: PaginationSpec,
    protected readonly op: Operation,
  ) {}

  first(): PageState {
    return { index: 0 };
  }

  request(state: PageState, size: number, base: ProbeInput): ProbeInput {
    const { cursor, size: sizeParam } = this.spec.request;
    if (!cursor) throw new Error(`${this.op.key}: ${this.spec.style} pagination without a cursor parameter`);
    if (state.cursor !== undefined && this.spec.cursorOverridesOtherFields) {
      // With the cursor set every other field is ignored (v1): send the cursor alone.
      return setParams({ ...base, body: undefined, query: undefined }, [
        [cursor.in, cursor.name, state.cursor],
      ]);
    }
    const sizeEntry = [sizeParam.in, sizeParam.name, size] as const;
    return setParams(
      base,
      state.cursor !== undefined ? [sizeEntry, [cursor.in, cursor.name, state.cursor]] : [sizeEntry],
    );
  }

  next(exchange: Exchange, state: PageState): PageState | undefined {
    const pointer = this.spec.response.nextCursor;
    const cursor = pointer ? getAtPointer(exchange.json, pointer) : undefined;
    if (typeof cursor !== 'string') return undefined;
    // missing-cursor: only an absent cursor ends the walk; an empty string is sent back like any other.
    if (cursor === '' && this.spec.lastPage !== 'missing-cursor') return undefined;
    return { index: state.index + 1, cursor };
  }

  totals(): PageTotals {
    return {};
  }
}

/**
 * after-id: the next page is asked for with the id of the previous page's last item (at itemId within
 * the item, default /id) as the cursor, while the has-more flag is true and the page holds items.
 */
class AfterIdPager extends CursorPager {
  // Requests as a cursor walk does (size, then the cursor once known); only the next cursor differs.
  override next(exchange: Exchange, state: PageState): PageState | undefined {
    if (hasMoreOf(this.spec, exchange.json) !== true) return undefined;
    const items = itemsOf(this.op, exchange);
    const last = items?.[items.length - 1];
    if (last === undefined) return undefined;
    const cursor = itemId(last, this.spec.response.itemId);
    return cursor === undefined ? undefined : { index: state.index + 1, cursor };
  }
}

/** The has-more flag of a page (after-id), as sent: undefined where the style has none or the page lacks it. */
export function hasMoreOf(spec: PaginationSpec, json: unknown): unknown {
  return spec.response.hasMore === undefined ? undefined : getAtPointer(json, spec.response.hasMore);
}

/** Paging styles whose pages are asked for by number (every page but the last is full). */
export function pagesByNumber(spec: PaginationSpec | undefined): boolean {
  return spec?.style === 'page-result-info' || spec?.style === 'page-total-header';
}

export function pagerFor(op: Operation): Pager | undefined {
  const spec = op.pagination;
  if (!spec) return undefined;
  if (spec.style === 'cursor') return new CursorPager(spec, op);
  if (spec.style === 'after-id') return new AfterIdPager(spec, op);
  return new PageNumberPager(spec, op);
}

/** Pages whose whole exchange a walk keeps; the rest are slim (slim-page.ts). */
export const FULL_PAGES = 3;

export interface Walk {
  op: Operation;
  size: number;
  pages: WalkPage[];
  /** Item ids in the order received, duplicates included. */
  ids: string[];
  /** The items of the first page (the jobs other checks read). */
  firstItems: unknown[];
  cursors: string[];
  /** Why the walk stopped. */
  stoppedBy: 'end' | 'page-limit' | 'error' | 'cursor-repeat';
  error?: string;
}

/** An item's id at a pointer within it (x-pagination itemId; default /id); numbers read as text. */
export function itemId(item: unknown, pointer = '/id'): string | undefined {
  if (item === null || typeof item !== 'object') return undefined;
  const id = getAtPointer(item, pointer);
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/**
 * A client error after a full page that reached the reported total: where no document says what a page
 * past the last answers (src/checks/open-points.ts), a documented error is one reading, and the walk
 * has simply ended (pagination.past-end judges that answer).
 */
function answeredPastTheEnd(walk: Walk, exchange: Exchange, size: number): boolean {
  const status = exchange.response?.status;
  const previous = walk.pages[walk.pages.length - 1];
  const total = previous?.totals.total;
  if (!previous || status === undefined || status < 400 || status >= 500) return false;
  return previous.count === size && total !== undefined && new Set(walk.ids).size >= total;
}

/** Pages through an operation to its end or the page limit, keeping what the checks need. */
export async function walkPages(
  ctx: ProbeSender,
  op: Operation,
  size: number,
  base: ProbeInput,
  pageLimit: number,
): Promise<Walk> {
  const pager = pagerFor(op);
  const walk: Walk = { op, size, pages: [], ids: [], firstItems: [], cursors: [], stoppedBy: 'end' };
  if (!pager) return { ...walk, stoppedBy: 'error', error: `${op.id} is not paginated` };
  const start = { ...baselineInput(op), ...base };
  const sendPage = (state: PageState) => {
    // A pager's request is a fresh copy of the start: labelled in place.
    const input = pager.request(state, size, start);
    input.label = pageLabel(state);
    return ctx.send(op, 'walk', input);
  };
  const seenCursors = new Set<string>();
  // A page is recorded once the next request is on the wire (soon.ts), at the latest when it is back.
  const recording = new Soon();
  let state: PageState | undefined = pager.first();
  let inFlight = pageLimit > 0 ? sendPage(state) : undefined;
  if (!inFlight) walk.stoppedBy = 'page-limit';
  while (inFlight && state) {
    const exchange: Exchange = await inFlight;
    inFlight = undefined;
    recording.flush();
    const items = itemsOf(op, exchange);
    if (exchange.error || exchange.response?.status !== 200 || !items) {
      if (!answeredPastTheEnd(walk, exchange, size)) stopOnError(walk, exchange, state);
      break;
    }
    const next = pager.next(exchange, state, size);
    const repeated = next?.cursor !== undefined && seenCursors.has(next.cursor);
    // The next page goes out before this one is recorded: the recording runs while it is on the wire.
    if (next && !repeated) {
      if (walk.pages.length + 1 >= pageLimit) walk.stoppedBy = 'page-limit';
      else inFlight = sendPage(next);
    }
    const page = state;
    if (inFlight) recording.add(() => keepPage(walk, pager, exchange, page, items));
    else keepPage(walk, pager, exchange, page, items);
    if (next?.cursor !== undefined) {
      walk.cursors.push(next.cursor);
      if (repeated) walk.stoppedBy = 'cursor-repeat';
      seenCursors.add(next.cursor);
    }
    state = next;
  }
  return walk;
}

/** Ends a walk on a page that failed (a transport error, a status other than 200, no item array). */
function stopOnError(walk: Walk, exchange: Exchange, state: PageState): void {
  walk.stoppedBy = 'error';
  walk.error = exchange.error
    ? `${exchange.error.kind}: ${exchange.error.message}`
    : exchange.response?.status !== 200
      ? `page ${state.index + 1} answered ${exchange.response?.status}`
      : exchange.jsonError
        ? `page ${state.index + 1} body is not JSON: ${exchange.jsonError}`
        : `page ${state.index + 1} has no item array at '${walk.op.pagination?.response.items}'`;
  walk.pages.push({ exchange, state, count: 0, first: walk.ids.length, totals: {} });
}

/** Records a page that answered with items: its page record (slim past FULL_PAGES) and its item ids. */
function keepPage(walk: Walk, pager: Pager, exchange: Exchange, state: PageState, items: unknown[]): void {
  const facts = { state, count: items.length, first: walk.ids.length, totals: pager.totals(exchange) };
  const page: WalkPage = walk.pages.length < FULL_PAGES ? { ...facts, exchange } : slimPage(exchange, facts);
  if (pager.spec.style === 'after-id') page.hasMore = hasMoreOf(pager.spec, exchange.json);
  walk.pages.push(page);
  if (walk.pages.length === 1) walk.firstItems = items;
  const idPointer = pager.spec.response.itemId;
  for (const item of items) walk.ids.push(itemId(item, idPointer) ?? JSON.stringify(item));
}

/** The size parameter's bounds and default, read from its schema. */
export function sizeBounds(op: Operation): { min?: number; max?: number; default?: number } {
  const name = op.pagination?.request.size.name;
  const param = op.parameters.find((p) => p.name === name);
  let schema = param?.schema.schema;
  if (!schema && op.requestBody && name) {
    const props = op.requestBody.body.schema.properties as
      | Record<string, Record<string, unknown>>
      | undefined;
    schema = props?.[name];
  }
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  return { min: num(schema?.minimum), max: num(schema?.maximum), default: num(schema?.default) };
}

/** The two page sizes a walk pair uses: the largest allowed, and a small odd one that splits pages differently. */
export function walkSizes(op: Operation): { large: number; small: number } {
  const { max, default: def } = sizeBounds(op);
  const large = max ?? Math.max(def ?? 20, 50);
  return { large, small: Math.max(1, Math.min(7, large - 1)) };
}
