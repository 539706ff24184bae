import type { Operation } from '../../catalogue/index.ts';

/** An operation's path as a pattern: its path parameters captured, in order, under `names`. */
export interface Route {
  op: Operation;
  re: RegExp;
  names: string[];
}

export function routeOf(op: Operation): Route {
  const names: string[] = [];
  const source = op.path
    .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
    .replace(/\\?\{([^}]+)\\?\}/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
  return { op, re: new RegExp(`^${source}/?$`), names };
}
