import { isNode, normalise } from './schema-form.ts';
import { compareBounds } from './schema-rules/bounds.ts';
import { compareEnum } from './schema-rules/enum.ts';
import { compareFields } from './schema-rules/fields.ts';
import { compareType } from './schema-rules/type.ts';
import type { Node, Report } from './types.ts';

const RULES = [compareType, compareEnum, compareBounds, compareFields];

/**
 * Compares two resolved schemas rule by rule, then walks into the properties both have and into
 * array items. `where` grows as a JSON-pointer-like path ("response 200 body /result/*\/id").
 * Resolved documents may be cyclic: a pair already compared is not walked again.
 */
export function compareSchemas(official: unknown, ours: unknown, where: string, report: Report): void {
  walk(official, ours, where, report, new WeakMap(), 0);
}

function walk(
  officialRaw: unknown,
  oursRaw: unknown,
  where: string,
  report: Report,
  seen: WeakMap<object, WeakSet<object>>,
  depth: number,
): void {
  if (!isNode(officialRaw) || !isNode(oursRaw) || depth > 30) return;
  const pairs = seen.get(officialRaw) ?? new WeakSet();
  if (pairs.has(oursRaw)) return;
  pairs.add(oursRaw);
  seen.set(officialRaw, pairs);
  const official = normalise(officialRaw);
  const ours = normalise(oursRaw);
  for (const rule of RULES) rule(official, ours, where, report);
  const a = official.properties;
  const b = ours.properties;
  if (isNode(a) && isNode(b)) {
    for (const name of Object.keys(a)) {
      if (name in b) walk(a[name], b[name], `${where}/${name}`, report, seen, depth + 1);
    }
  }
  if (isNode(official.items) && isNode(ours.items)) {
    walk(official.items, ours.items, `${where}/*`, report, seen, depth + 1);
  }
  if (isNode(official.additionalProperties) && isNode(ours.additionalProperties)) {
    walk(official.additionalProperties, ours.additionalProperties, `${where}/{}`, report, seen, depth + 1);
  }
}

export type { Node };
