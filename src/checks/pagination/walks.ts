import type { Api, Operation, PaginationSpec } from '../../catalogue/index.ts';
import type { ProbeContext } from '../context.ts';
import { declaredAt } from '../open-points.ts';
import { type Walk, walkSizes } from '../paging.ts';
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

export function walkSummary(walk: Walk): Record<string, unknown> {
  return {
    size: walk.size,
    pages: walk.pages.length,
    items: walk.ids.length,
    unique: new Set(walk.ids).size,
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
