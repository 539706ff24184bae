import { sourceOf } from '../judge.ts';
import type { Walk } from '../paging.ts';
import type { CheckDefinition } from '../types.ts';
import {
  brokenWalk,
  isPaged,
  itemFinding,
  uniqueCount,
  walkAssumptions,
  walkCause,
  walkPair,
  walkSummary,
} from './walks.ts';

export const noDuplicates: CheckDefinition = {
  id: 'pagination.no-duplicates',
  category: 'pagination',
  description: 'No item appears twice across the pages of a walk.',
  source: (api, op) =>
    sourceOf(api, op, 'x-pagination', [
      "Items are told apart by their id (the Job schemas' id), or by their whole JSON where they have none (suite's choice).",
      ...walkAssumptions(api, op),
    ]),
  appliesTo: isPaged,
  faults: ['pagination.duplicate-item'],
  async run(ctx, op) {
    const pair = await walkPair(ctx, op);
    if (typeof pair === 'string') return ctx.noJobOutcome(pair);
    const cause = walkCause(ctx, op, pair, 'pagination.no-duplicates');
    if (cause) return { ...cause, data: { walks: [walkSummary(pair.large), walkSummary(pair.small)] } };
    for (const walk of [pair.large, pair.small]) {
      const found = duplicatesOf(walk);
      const first = found[0];
      if (!first) continue;
      const [[p0], ...rest] = first.at as [[number, number], ...[number, number][]];
      const again = rest.map(([page]) => `page ${page + 1}`).join(', ');
      const indexes = first.at.map(([, index]) => index).join(' and ');
      const more = found.length > 1 ? `; ${found.length} items repeated in all` : '';
      return {
        status: 'fail',
        message: `size ${walk.size}: item ${first.id} appears on page ${p0 + 1} and again on ${again} (at index ${indexes}${more})`,
        evidence: [...new Set(first.at.map(([page]) => walk.pages[page]!.exchange))],
        findings: found.flatMap(({ id, at }) =>
          at.map(([page, index], n) =>
            itemFinding(
              walk,
              page,
              index,
              `${id}: occurrence ${n + 1} of ${at.length}, page ${page + 1}, index ${index}`,
            ),
          ),
        ),
        data: walkSummary(walk),
      };
    }
    const broken = brokenWalk(pair);
    if (broken) return broken;
    return {
      status: 'pass',
      message: `${uniqueCount(pair.large)} items, none repeated, at sizes ${pair.large.size} and ${pair.small.size}`,
      evidence: [pair.large.pages[0]!.exchange],
      data: { walks: [walkSummary(pair.large), walkSummary(pair.small)] },
    };
  },
};

/** Every item seen more than once, with each occurrence as [page, index] (0-based), in walk order. */
function duplicatesOf(walk: Walk): { id: string; at: [number, number][] }[] {
  // As many distinct ids as items: nothing repeats, and no position need be recorded.
  if (uniqueCount(walk) === walk.ids.length) return [];
  const seen = new Map<string, [number, number][]>();
  for (const [page, p] of walk.pages.entries()) {
    for (let index = 0; index < p.count; index++) {
      const id = walk.ids[p.first + index]!;
      const at = seen.get(id);
      if (at) at.push([page, index]);
      else seen.set(id, [[page, index]]);
    }
  }
  return [...seen].filter(([, at]) => at.length > 1).map(([id, at]) => ({ id, at }));
}
