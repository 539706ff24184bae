/**
 * Reading a field of a listed item by the name a filter or sort gives it: a JSON pointer ('/state'),
 * a dotted path ('metadata.createdAt') or a plain name. A path through an array reads every element.
 */

export function valuesAt(item: unknown, field: string): unknown[] {
  const path = field.startsWith('/')
    ? field
        .slice(1)
        .split('/')
        .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'))
    : field.split('.');
  let frontier: unknown[] = [item];
  for (const key of path) {
    const next: unknown[] = [];
    for (const node of frontier) {
      for (const one of Array.isArray(node) ? node : [node]) {
        if (one === null || typeof one !== 'object') continue;
        const v = (one as Record<string, unknown>)[key];
        if (v !== undefined) next.push(v);
      }
    }
    frontier = next;
  }
  return frontier.flatMap((v) => (Array.isArray(v) ? v : [v]));
}

/** A time or number as a number: numbers and decimal strings (unix seconds) as they are, dates as ms. */
export function instant(value: unknown): number {
  if (typeof value === 'number') return value;
  const text = String(value);
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : Date.parse(text);
}
