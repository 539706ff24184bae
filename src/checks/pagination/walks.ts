import type { Api, Operation, PaginationSpec } from '../../catalogue/index.ts';
import type { Finding } from '../../core/index.ts';
import type { ProbeContext } from '../context.ts';
import { declaredAt } from '../open-points.ts';
import { pagesByNumber, type Walk, walkSizes } from '../paging.ts';
import { jobIdParam, type ProbeInput } from '../probe.ts';
import type { CheckOutcome } from '../types.ts';

/** The base input a walk of this operation needs: a known job for per-job lists (Cloudflare logs). */
export async function walkBase(ctx: ProbeContext, op: Operation): Promise<ProbeInput | undefined> {
  const idParam = jobIdParam(ctx.api, op);
  if (!idParam) return {};
  const id = await ctx.knownJobId();
  return id ? { pathParams: { [idParam]: id } } : undefined;
}

/** The walk pair every pagination check reads: the largest page size and a small odd one. */
export async function walkPair(
  ctx: ProbeContext,
  op: Operation,
): Promise<{ large: Walk; small: Walk } | string> {
  const base = await walkBase(ctx, op);
  if (!base) return 'no job is known to page through';
  const sizes = walkSizes(op);
  const large = await ctx.walk(op, sizes.large, base);
  // On live targets the small walk only has to show a prefix that agrees: half the page budget.
  const smallLimit = ctx.options.live
    ? Math.max(2, Math.floor(ctx.options.pageLimit / 2))
    : ctx.options.pageLimit;
  const small = await ctx.walk(op, sizes.small, base, smallLimit);
  return { large, small };
}

/** Distinct ids per finished walk: every pagination check asks, and a million ids make a big Set. */
const uniqueCounts = new WeakMap<Walk, number>();

/** How many distinct items a (finished) walk found. */
export function uniqueCount(walk: Walk): number {
  let n = uniqueCounts.get(walk);
  if (n === undefined) {
    n = new Set(walk.ids).size;
    uniqueCounts.set(walk, n);
  }
  return n;
}

export function walkSummary(walk: Walk): Record<string, unknown> {
  return {
    size: walk.size,
    pages: walk.pages.length,
    items: walk.ids.length,
    unique: uniqueCount(walk),
    stoppedBy: walk.stoppedBy,
    totals: walk.pages[0]?.totals,
  };
}

/**
 * A walk that broke off (a timeout, a reset, a non-200 page) proves nothing about the pages it did
 * not reach: the check reports the failure as an error instead of passing on what it saw.
 */
export function brokenWalk(pair: { large: Walk; small: Walk }): CheckOutcome | undefined {
  const walk = [pair.large, pair.small].find((w) => w.stoppedBy === 'error');
  if (!walk) return undefined;
  return {
    status: 'error',
    message: `size ${walk.size}: ${walk.error}`,
    evidence: walk.pages.slice(-1).map((p) => p.exchange),
    data: walkSummary(walk),
  };
}

export const isPaged = (op: Operation) => op.pagination !== undefined;

/** How the last page of a cursor walk shows, by x-pagination lastPage. */
const LAST_PAGE: Record<NonNullable<PaginationSpec['lastPage']>, string> = {
  'empty-cursor': 'an empty next cursor',
  'missing-or-empty-cursor': 'a missing or empty next cursor',
  'missing-cursor': 'a missing next cursor (an empty one is still a cursor)',
  'has-more-false': 'a page whose has-more flag is false',
};

/** What every check that reads the walk pair takes for granted. */
export function walkAssumptions(api: Api, op: Operation): string[] {
  const common = [
    "The jobs do not change while the run walks the list; on a live account that creates jobs meanwhile, pages can shift (suite's choice).",
  ];
  const spec = op.pagination;
  if (spec?.style === 'cursor' || spec?.style === 'after-id') {
    const why = (spec as { 'x-why'?: string })['x-why'] ? ' and its x-why' : '';
    return [
      ...common,
      `A cursor walk ends on ${LAST_PAGE[spec.lastPage ?? (spec.style === 'after-id' ? 'has-more-false' : 'missing-or-empty-cursor')]} (${declaredAt(api, op, 'x-pagination lastPage')}${why}).`,
    ];
  }
  return [
    ...common,
    "The list keeps one order from request to request, so that paging lists each job once; no document gives the order (suite's reading of page-number paging).",
    "A short or empty page is the last (suite's reading of page-number paging).",
  ];
}

/**
 * Page-number lists: every page but the last holds exactly the size asked for. Cursor lists document
 * their size as a maximum, so a page may hold fewer and still have a next one. No page holds more.
 */
export function pageSizeProblem(
  walk: Walk,
  fullPages: boolean,
): { page: number; message: string } | undefined {
  for (const [i, page] of walk.pages.entries()) {
    const n = page.count;
    const isLast = i === walk.pages.length - 1;
    if (n > walk.size)
      return { page: i, message: `page ${i + 1} has ${n} items, more than the ${walk.size} asked for` };
    if (fullPages && !isLast && n !== walk.size)
      return {
        page: i,
        message: `page ${i + 1} of ${walk.pages.length} has ${n} items, not the ${walk.size} asked for`,
      };
  }
  return undefined;
}

/** Where item `index` of a page sits in its body: the items array's pointer and the index. */
export function itemPointer(op: Operation, index: number): string {
  return `${op.pagination?.response.items ?? ''}/${index}`;
}

/** A finding for item `index` of page `page` (0-based) of a walk. */
export function itemFinding(walk: Walk, page: number, index: number, note: string): Finding {
  const p = walk.pages[page]!;
  return {
    note,
    exchange: p.exchange.id,
    pointer: itemPointer(walk.op, index),
    value: walk.ids[p.first + index],
  };
}

/** Where the item at position `i` of a walk sits: [page, index], 0-based (pages may be short). */
export function locate(walk: Walk, i: number): [number, number] {
  let rest = i;
  for (const [page, p] of walk.pages.entries()) {
    if (rest < p.count) return [page, rest];
    rest -= p.count;
  }
  return [walk.pages.length, rest];
}

/**
 * A broken rule of another pagination check that also explains what this check would see: a page
 * size not honoured, a cursor that repeats or never ends, pages past the end that hold jobs. The
 * check reports that it follows from that one (which fails on its own) instead of failing twice.
 */
export function walkCause(
  ctx: { options: { live: boolean } },
  op: Operation,
  pair: { large: Walk; small: Walk },
  self: string,
): CheckOutcome | undefined {
  const spec = op.pagination;
  const causes: { check: string; message?: string }[] = [];
  for (const walk of [pair.large, pair.small]) {
    const size = pageSizeProblem(walk, pagesByNumber(spec));
    if (size) causes.push({ check: 'pagination.page-size', message: `size ${walk.size}: ${size.message}` });
  }
  if (spec?.style === 'cursor' || spec?.style === 'after-id') {
    for (const walk of [pair.large, pair.small]) {
      if (walk.stoppedBy === 'cursor-repeat')
        causes.push({
          check: 'pagination.cursor-terminates',
          message: `size ${walk.size}: a cursor came back`,
        });
      else if (walk.stoppedBy === 'page-limit' && !ctx.options.live)
        causes.push({
          check: 'pagination.cursor-terminates',
          message: `size ${walk.size}: still a next cursor after ${walk.pages.length} pages`,
        });
    }
  }
  if (spec?.pastLastPage === 'empty-result' && pagesByNumber(spec)) {
    for (const walk of [pair.large, pair.small]) {
      // Pages that keep coming past the reported total: the walk never ends (a walk that does end,
      // a page late, shows repeated or missing items, which the checks of those rules judge).
      const total = walk.pages[0]?.totals.total;
      if (total === undefined || walk.stoppedBy !== 'page-limit') continue;
      const last = Math.max(1, Math.ceil(total / walk.size));
      const beyond = walk.pages.findIndex((p, i) => i >= last && p.count > 0);
      if (beyond >= 0)
        causes.push({
          check: 'pagination.past-end',
          message: `size ${walk.size}: page ${beyond + 1} holds ${walk.pages[beyond]!.count} items past the ${total} reported`,
        });
    }
  }
  const cause = causes.find((c) => c.check !== self);
  if (!cause) return undefined;
  return {
    status: 'skip',
    message: `follows from ${cause.check} (${cause.message}): not judged on its own`,
    followsFrom: cause.check,
  };
}
