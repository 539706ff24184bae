import { sourceOf } from '../judge.ts';
import type { Walk } from '../paging.ts';
import type { CheckDefinition } from '../types.ts';
import {
  isPaged,
  itemFinding,
  locate,
  uniqueCount,
  walkAssumptions,
  walkCause,
  walkPair,
  walkSummary,
} from './walks.ts';

/** Where the item at position `i` of `walk` sits, as a finding saying where the other walk lacks it. */
function missingFinding(walk: Walk, i: number, other: Walk): ReturnType<typeof itemFinding> {
  const [page, index] = locate(walk, i);
  return itemFinding(
    walk,
    page,
    index,
    `${walk.ids[i]}: at size ${walk.size} on page ${page + 1}, index ${index}; missing at size ${other.size}, where it belongs on page ${Math.floor(i / other.size) + 1}, index ${i % other.size}`,
  );
}

/**
 * Walking the same static list at two page sizes must yield the same items: an item a page boundary
 * skips shows up as a difference. On a partial (page-limited) walk the shorter must be a prefix.
 */
export const noSkips: CheckDefinition = {
  id: 'pagination.no-skips',
  category: 'pagination',
  description: 'The union of all pages is the full set: walks at two page sizes give the same items.',
  source: (api, op) =>
    sourceOf(api, op, 'x-pagination', [
      "Walks at two page sizes list the same jobs; when the page limit cuts them short, the shorter is a prefix of the longer, in the same order (suite's reading: the order a list has is kept from request to request).",
      ...walkAssumptions(api, op),
    ]),
  appliesTo: isPaged,
  faults: ['pagination.skipped-item'],
  async run(ctx, op) {
    const pair = await walkPair(ctx, op);
    if (typeof pair === 'string') return ctx.noJobOutcome(pair);
    const { large, small } = pair;
    for (const walk of [large, small]) {
      if (walk.stoppedBy === 'error')
        return {
          status: 'error',
          message: `size ${walk.size}: ${walk.error}`,
          evidence: walk.pages.slice(-1).map((p) => p.exchange),
        };
    }
    const data = { walks: [walkSummary(large), walkSummary(small)] };
    const cause = walkCause(ctx, op, pair, 'pagination.no-skips');
    if (cause) return { ...cause, data };
    const evidence = [large.pages[0]!.exchange, small.pages[0]!.exchange];
    if (large.stoppedBy === 'end' && small.stoppedBy === 'end') {
      const a = new Set(large.ids);
      // Every small id among the large ones, and as many distinct: the same items, without a second Set.
      const same = uniqueCount(small) === a.size && small.ids.every((id) => a.has(id));
      const b = same ? a : new Set(small.ids);
      const onlyLarge = same ? [] : [...a].filter((id) => !b.has(id));
      const onlySmall = same ? [] : [...b].filter((id) => !a.has(id));
      if (onlyLarge.length > 0 || onlySmall.length > 0) {
        const sample = [
          ...onlyLarge.slice(0, 3).map((id) => `${id} (only at size ${large.size})`),
          ...onlySmall.slice(0, 3).map((id) => `${id} (only at size ${small.size})`),
        ];
        const positions = (walk: Walk, ids: string[]) => {
          const wanted = new Set(ids);
          return walk.ids.flatMap((id, i) => (wanted.has(id) ? [i] : []));
        };
        const findings = [
          ...positions(large, onlyLarge).map((i) => missingFinding(large, i, small)),
          ...positions(small, onlySmall).map((i) => missingFinding(small, i, large)),
        ];
        const firstMissing = findings[0]?.note;
        return {
          status: 'fail',
          message: `walks at sizes ${large.size} and ${small.size} differ by ${onlyLarge.length + onlySmall.length} items: ${sample.join(', ')}${firstMissing ? `; first: ${firstMissing}` : ''}`,
          evidence: [
            ...new Set([
              ...[...large.pages, ...small.pages]
                .filter((p) => p.exchange.id === findings[0]?.exchange)
                .map((p) => p.exchange),
              ...evidence,
            ]),
          ],
          findings,
          data,
        };
      }
      return {
        status: 'pass',
        message: `walks at sizes ${large.size} and ${small.size} both return the same ${a.size} items`,
        evidence,
        data,
      };
    }
    const [shorter, longer] = small.ids.length <= large.ids.length ? [small, large] : [large, small];
    const mismatch = shorter.ids.findIndex((id, i) => longer.ids[i] !== id);
    if (mismatch >= 0) {
      return {
        status: 'fail',
        message: `item ${mismatch + 1} is ${shorter.ids[mismatch]} at size ${shorter.size} but ${longer.ids[mismatch]} at size ${longer.size}`,
        evidence,
        findings: [missingFinding(shorter, mismatch, longer), missingFinding(longer, mismatch, shorter)],
        data,
      };
    }
    return {
      status: 'pass',
      message: `the first ${shorter.ids.length} items agree at sizes ${small.size} and ${large.size} (walks limited to ${ctx.options.pageLimit} pages)`,
      evidence,
      data,
    };
  },
};
