/**
 * The Emporix job store: seeded jobs in newest-first order, deletes, and the ordered selection a
 * `q` + `sort` picks, cached so paging through a large filtered, sorted list costs a slice per page.
 */
import type { EmporixJob } from './data.ts';
import type { Query } from './query.ts';
import { type SortKey, sortedIndices } from './sort.ts';

/** How many distinct (q, sort) selections stay cached. */
const CACHE_SIZE = 64;

export interface Selection {
  /** `q` as parsed; undefined selects every job. */
  query?: Query;
  sort?: SortKey[];
  /** A cache key naming query, sort and anything else that changes the result. */
  key: string;
  /** filter.non-matching: jobs at these positions pass whatever the query says. */
  passes?: (index: number) => boolean;
}

export class JobStore {
  private readonly deleted: Uint8Array;
  private readonly byId: Map<string, number>;
  private readonly cache = new Map<string, number[]>();
  private generation = 0;

  constructor(readonly jobs: readonly EmporixJob[]) {
    this.deleted = new Uint8Array(jobs.length);
    this.byId = new Map(jobs.map((j, i) => [j.id, i]));
  }

  get(id: string): EmporixJob | undefined {
    const index = this.byId.get(id);
    return index === undefined || this.deleted[index] ? undefined : this.jobs[index];
  }

  /** Removes a job; false when there was none. */
  delete(id: string): boolean {
    const index = this.byId.get(id);
    if (index === undefined || this.deleted[index]) return false;
    this.deleted[index] = 1;
    this.generation++;
    this.cache.clear();
    return true;
  }

  restore(): void {
    this.deleted.fill(0);
    this.generation++;
    this.cache.clear();
  }

  /** Indices of the live jobs the selection picks, in order. */
  select(selection: Selection): readonly number[] {
    const key = `${this.generation}\u0000${selection.key}`;
    const cached = this.cache.get(key);
    if (cached) {
      // Refresh its place in the LRU order.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const { query, passes } = selection;
    let indices: number[] = [];
    for (let i = 0; i < this.jobs.length; i++) {
      if (this.deleted[i]) continue;
      if (!query || passes?.(i) || query.matches(this.jobs[i])) indices.push(i);
    }
    if (selection.sort && selection.sort.length > 0)
      indices = sortedIndices(this.jobs, indices, selection.sort);
    this.cache.set(key, indices);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    return indices;
  }
}
