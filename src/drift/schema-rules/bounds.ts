import type { Node, Report } from '../types.ts';

/** The keywords that bound a value; a change in any of them changes what is valid. */
export const BOUNDS = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'pattern',
  'format',
  'contentEncoding',
  'default',
  'const',
] as const;

/** Formats that only annotate (a number's width, a unix-time marker): one side naming it and the other none is no change. */
const ANNOTATING_FORMATS = new Set(['int32', 'int64', 'float', 'double', 'unixtime']);

/** A bound added, removed or moved (a tighter maximum, a pattern that appeared, another default). */
export function compareBounds(official: Node, ours: Node, where: string, report: Report): void {
  for (const keyword of BOUNDS) {
    const a = official[keyword];
    const b = ours[keyword];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    if (
      keyword === 'format' &&
      (a === undefined || b === undefined) &&
      ANNOTATING_FORMATS.has(String(a ?? b))
    )
      continue;
    report({ kind: 'bound-changed', where, detail: keyword, official: a, ours: b, oursNode: ours });
  }
}
