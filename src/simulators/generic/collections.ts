/**
 * Where the jobs live (x-lifecycle collection: a namespace, an instance): the simulator holds one
 * collection with the seeded jobs, at the path values its target names, and one without jobs, whose
 * innermost value differs; any other value names no collection. An API that declares no collection
 * keeps all its jobs in one store, whatever its path values.
 */
import type { SchemaHandle } from '../../catalogue/index.ts';
import type { JobStore } from './lifecycle.ts';
import type { ApiModel } from './model.ts';

export class Collections {
  private readonly stores = new Map<'main' | 'empty', JobStore>();
  /** The innermost collection parameter's value that names the collection without jobs. */
  readonly emptyValue?: string;

  constructor(
    private readonly model: ApiModel,
    private readonly named: Readonly<Record<string, string>>,
    private readonly make: (jobs: 'seeded' | 'none') => JobStore,
  ) {
    const inner = model.collection[model.collection.length - 1];
    if (inner !== undefined) this.emptyValue = emptyValueOf(named[inner] ?? '', schemaOf(model, inner));
  }

  /** The collection with the seeded jobs (made on first use: an API never asked for costs nothing). */
  main(): JobStore {
    return this.get('main');
  }

  private get(key: 'main' | 'empty'): JobStore {
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
      else return undefined;
    }
    return this.get(key);
  }

  /** The path values of the collection without jobs (the 'no jobs' provider state). */
  emptyValues(): Record<string, string> | undefined {
    const inner = this.model.collection[this.model.collection.length - 1];
    if (inner === undefined || this.emptyValue === undefined) return undefined;
    return { ...this.named, [inner]: this.emptyValue };
  }

  /** Every store made so far. */
  all(): JobStore[] {
    return [...this.stores.values()];
  }

  reset(): void {
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
