/**
 * Where the jobs live (x-lifecycle collection: a namespace, an instance): the simulator holds one
 * collection with the seeded jobs, at the path values its target names, and one without jobs, whose
 * innermost value differs; any other value names no collection, unless another API of its server
 * group holds the collection those values name (x-lifecycle sameJobsAs: Cloudflare's instance paths
 * are the namespace 'default'). An API that declares no collection keeps all its jobs in one store,
 * whatever its path values.
 */
import type { SchemaHandle } from '../../catalogue/index.ts';
import type { JobStore } from './lifecycle.ts';
import type { ApiModel } from './model.ts';

/** The key of the collection some path values name, with the values an API implies (sameJobsAs). */
function collectionKey(
  names: readonly string[],
  values: Readonly<Record<string, string>>,
  implied = {},
): string {
  const all: Record<string, string> = { ...implied };
  for (const name of names) all[name] = values[name] ?? '';
  return JSON.stringify(Object.entries(all).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The collections the APIs of one server group hold in common, by the path values that name them. */
export class SharedCollections {
  private readonly offers = new Map<string, { make: () => JobStore; open: () => boolean }>();
  private readonly stores = new Map<string, JobStore>();

  /** Says how to make the collection at `key` (unless another API did), and whether it is open to others. */
  offer(key: string, make: () => JobStore, open: () => boolean): void {
    if (!this.offers.has(key)) this.offers.set(key, { make, open });
  }

  /** The collection at `key` if it was made. */
  made(key: string): JobStore | undefined {
    return this.stores.get(key);
  }

  /** The collection at `key`; undefined when none is offered or its API keeps it apart. */
  get(key: string): JobStore | undefined {
    const offer = this.offers.get(key);
    if (!offer?.open()) return undefined;
    let store = this.stores.get(key);
    if (!store) {
      store = offer.make();
      this.stores.set(key, store);
    }
    return store;
  }
}

export class Collections {
  private readonly stores = new Map<'main' | 'empty', JobStore>();
  /** The innermost collection parameter's value that names the collection without jobs. */
  readonly emptyValue?: string;
  private readonly implied: Readonly<Record<string, string>>;
  private readonly mainKey: string;

  /**
   * `shared`: the server group's common collections; `sharing()` false keeps them apart (the fault
   * consistency.same-jobs-apart).
   */
  constructor(
    private readonly model: ApiModel,
    private readonly named: Readonly<Record<string, string>>,
    private readonly make: (jobs: 'seeded' | 'none') => JobStore,
    private readonly shared?: SharedCollections,
    private readonly sharing: () => boolean = () => true,
  ) {
    const inner = model.collection[model.collection.length - 1];
    if (inner !== undefined) this.emptyValue = emptyValueOf(named[inner] ?? '', schemaOf(model, inner));
    this.implied = model.api.lifecycle?.sameJobsAs?.pathValues ?? {};
    this.mainKey = collectionKey(model.collection, named, this.implied);
    shared?.offer(this.mainKey, () => this.make('seeded'), sharing);
  }

  /** The collection with the seeded jobs (made on first use: an API never asked for costs nothing). */
  main(): JobStore {
    return this.get('main');
  }

  private get(key: 'main' | 'empty'): JobStore {
    const common = key === 'main' && this.sharing() ? this.shared?.get(this.mainKey) : undefined;
    if (common) return common;
    let store = this.stores.get(key);
    if (!store) {
      store = this.make(key === 'main' ? 'seeded' : 'none');
      this.stores.set(key, store);
    }
    return store;
  }

  /** The store a request's path values name; undefined when they name no collection. */
  of(params: Readonly<Record<string, string>>): JobStore | undefined {
    const names = this.model.collection;
    let key: 'main' | 'empty' = 'main';
    for (const [i, name] of names.entries()) {
      const value = params[name];
      if (value === undefined || value === this.named[name]) continue;
      if (i === names.length - 1 && value === this.emptyValue) key = 'empty';
      else return this.sharing() ? this.shared?.get(collectionKey(names, params, this.implied)) : undefined;
    }
    return this.get(key);
  }

  /** The path values of the collection without jobs (the 'no jobs' provider state). */
  emptyValues(): Record<string, string> | undefined {
    const inner = this.model.collection[this.model.collection.length - 1];
    if (inner === undefined || this.emptyValue === undefined) return undefined;
    return { ...this.named, [inner]: this.emptyValue };
  }

  /** Every store made so far (the common one this API holds included). */
  all(): JobStore[] {
    const own = [...this.stores.values()];
    const common = this.sharing() ? this.shared?.get(this.mainKey) : undefined;
    return common && !own.includes(common) ? [common, ...own] : own;
  }

  reset(): void {
    this.shared?.made(this.mainKey)?.reset();
    for (const [key, store] of this.stores) {
      if (key === 'main') store.reset();
      else this.stores.delete(key);
    }
  }
}

function schemaOf(model: ApiModel, name: string): SchemaHandle | undefined {
  for (const op of model.api.operations)
    for (const p of op.parameters) if (p.in === 'path' && p.name === name) return p.schema;
  return undefined;
}

/** A value valid for the parameter that differs from the main one. */
function emptyValueOf(main: string, schema: SchemaHandle | undefined): string {
  const candidates = [`${main}-empty`, `${main}_empty`, 'empty', `${main.slice(0, -1)}0`, `${main}0`];
  for (const c of candidates) if (c !== main && (schema?.validate(c) ?? true)) return c;
  return `${main}-empty`;
}
