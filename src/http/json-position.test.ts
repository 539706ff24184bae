import { describe, expect, it } from 'vitest';
import { findJsonProblem } from './json-position.ts';

describe('findJsonProblem', () => {
  it.each([
    ['{"a": [1, 2,, 3]}', 12, 'unexpected ","'],
    ['{"a": 1', 7, 'end of input'],
    ['{"a": tru}', 9, 'unexpected "}"'],
    ['[1] x', 4, 'unexpected "x"'],
    ['<html>', 0, 'unexpected "<"'],
    ['{"a": "\\q"}', 8, 'unexpected "q"'],
    ['{"a": "\\u12G4"}', 11, 'unexpected "G"'],
    ['{a: 1}', 1, 'unexpected "a"'],
    ['-', 0, 'unexpected "-"'],
  ])('%s fails at %i', (text, position, found) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(findJsonProblem(text)).toEqual({ position, found });
  });

  it.each(['{}', '[]', '{"a":[1,-2.5e3,true,false,null,"x\\n\\u00e9"]}', ' 0 '])('%s is valid', (text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(findJsonProblem(text)).toBeUndefined();
  });

  it('stops at the depth limit instead of recursing into any depth', () => {
    const text = `${'['.repeat(200_000)}1,${']'.repeat(200_000)}`;
    expect(() => JSON.parse(text)).toThrow();
    expect(findJsonProblem(text)).toEqual({ position: 512, found: 'nesting deeper than 512 levels' });
    expect(findJsonProblem('[[[1,]]]', 3)).toEqual({ position: 5, found: 'unexpected "]"' });
    expect(findJsonProblem('[[[1,]]]', 2)).toEqual({ position: 2, found: 'nesting deeper than 2 levels' });
  });

  it('is linear in the text: a large invalid body of numbers is scanned quickly', () => {
    const text = `[${'12345,'.repeat(1_000_000)}]`;
    const started = performance.now();
    expect(findJsonProblem(text)?.found).toBe('unexpected "]"');
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
