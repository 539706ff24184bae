import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, safeJsonText, TOO_DEEP_MARKER } from './safe-json.ts';

function nested(levels: number): unknown {
  let value: unknown = 'core';
  for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

describe('safeJsonText', () => {
  it('is JSON.stringify for ordinary values', () => {
    const value = { a: [1, { b: 'c' }], d: null };
    expect(safeJsonText(value, 2)).toBe(JSON.stringify(value, null, 2));
  });

  it('cuts a 200,000-level value at the depth limit instead of overflowing the stack', () => {
    const record = { id: 'r1', evidence: [{ json: nested(200_000) }] };
    const text = safeJsonText(record, 2);
    const back = JSON.parse(text) as { id: string };
    expect(back.id).toBe('r1');
    expect(text).toContain(TOO_DEEP_MARKER);
    let depth = 0;
    let node: unknown = back;
    while (node && typeof node === 'object') {
      node = Array.isArray(node) ? node[0] : Object.values(node as object).find((v) => typeof v === 'object');
      depth++;
    }
    expect(depth).toBeLessThanOrEqual(MAX_JSON_DEPTH + 1);
  });
});
