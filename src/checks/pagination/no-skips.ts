import { sourceOf } from '../judge.ts';
import type { CheckDefinition } from '../types.ts';
import { isPaged, walkAssumptions, walkPair, walkSummary } from './walks.ts';

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
    const evidence = [large.pages[0]!.exchange, small.pages[0]!.exchange];
    if (large.stoppedBy === 'end' && small.stoppedBy === 'end') {
      const a = new Set(large.ids);
      const b = new Set(small.ids);
      const onlyLarge = [...a].filter((id) => !b.has(id));
      const onlySmall = [...b].filter((id) => !a.has(id));
      if (onlyLarge.length > 0 || onlySmall.length > 0) {
        const sample = [
          ...onlyLarge.slice(0, 3).map((id) => `${id} (only at size ${large.size})`),
          ...onlySmall.slice(0, 3).map((id) => `${id} (only at size ${small.size})`),
        ];
        return {
          status: 'fail',
          message: `walks at sizes ${large.size} and ${small.size} differ by ${onlyLarge.length + onlySmall.length} items: ${sample.join(', ')}`,
          evidence,
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
