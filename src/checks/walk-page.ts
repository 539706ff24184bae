/** What a walk keeps of each page (paging.ts makes them; slim-page.ts keeps those past the first few small). */
import type { Exchange } from '../core/index.ts';

/** Where a walk is: a page number (page styles) or a cursor (cursor style). */
export interface PageState {
  index: number;
  page?: number;
  cursor?: string;
}

export interface PageTotals {
  count?: number;
  total?: number;
  page?: number;
  perPage?: number;
}

export interface WalkPage {
  /** Beyond the first pages, a slim copy for evidence: URL, status, content type, the body's start. */
  readonly exchange: Exchange;
  state: PageState;
  /** Items on the page; their ids are walk.ids[first] to walk.ids[first + count - 1] (one list per walk, not per page). */
  count: number;
  first: number;
  totals: PageTotals;
  /** after-id: the page's has-more flag as sent (the cursor checks judge it). */
  hasMore?: unknown;
}

/** The label of a page's request: 'page 3'. */
export function pageLabel(state: PageState): string {
  return `page ${state.index + 1}`;
}
