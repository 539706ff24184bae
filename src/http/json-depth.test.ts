import { describe, expect, it } from 'vitest';
import { describeTooDeep, jsonTooDeep, MAX_JSON_DEPTH } from './json-depth.ts';

describe('jsonTooDeep', () => {
  it('passes a text nested exactly to the limit, stops at the bracket one level deeper', () => {
    const at = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(jsonTooDeep(at(MAX_JSON_DEPTH))).toBeUndefined();
    expect(jsonTooDeep(at(MAX_JSON_DEPTH + 1))).toEqual({ position: MAX_JSON_DEPTH, limit: MAX_JSON_DEPTH });
    expect(jsonTooDeep('{"a":{"b":[1]}}', 2)).toEqual({ position: 10, limit: 2 });
    expect(jsonTooDeep('{"a":{"b":[1]}}', 3)).toBeUndefined();
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(jsonTooDeep('["[[[[[[", "\\"[[[[[[", {}]', 2)).toBeUndefined();
    expect(jsonTooDeep('["\\\\", [[]]]', 2)).toEqual({ position: 8, limit: 2 });
  });

  it('counts depth, not brackets: many shallow values are fine', () => {
    expect(jsonTooDeep(`[${'[],'.repeat(10_000)}[]]`, 2)).toBeUndefined();
  });

  it('scans 200,000 levels without recursion, fast', () => {
    const text = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const started = performance.now();
    expect(jsonTooDeep(text)?.position).toBe(MAX_JSON_DEPTH);
    expect(jsonTooDeep(`"${text}"`)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('names the limit and the position', () => {
    expect(describeTooDeep({ position: 512, limit: 512 })).toMatch(
      /^JSON nesting deeper than 512 levels \(at position 512\): too deep/,
    );
  });
});
