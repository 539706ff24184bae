import * as fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { boundaryCases } from './boundaries.ts';
import { ABSENT } from './cases.ts';
import { enumCases } from './enum-near-misses.ts';
import { coverage, type Field, picksArbitrary } from './fields.ts';
import { derivedSeed, replayCommand, replayPathFor, shuffled } from './options.ts';
import { coverageSequence } from './sequence-model.ts';
import { typeCases } from './type-confusions.ts';

const field = (name: string, values: unknown[]): Field => ({
  carrier: 'query',
  path: [name],
  paging: false,
  structural: true,
  cases: values.map((value, i) => ({ kind: i === 0 ? 'type' : 'bound', label: `case ${i}`, value })),
});

describe('value generators', () => {
  test('boundaries: each bound, one past it , zero, a negative, the largest safe integer', () => {
    const values = boundaryCases({ type: 'integer', minimum: 1, maximum: 50 }).map((c) => c.value);
    expect(values).toEqual([1, 0, 50, 51, -1, Number.MAX_SAFE_INTEGER]);
    const strings = boundaryCases({ type: 'string', minLength: 1, maxLength: 3 }).map((c) => c.value);
    expect(strings).toEqual(['', 'aaa', 'aaaa']);
  });

  test('type confusions: a fraction for an integer inside its bounds; every other JSON type in a body', () => {
    expect(typeCases({ type: 'integer', minimum: 1, maximum: 50 }, 'query').map((c) => c.value)).toEqual([
      1.5,
      'abc',
    ]);
    const body = typeCases({ type: 'string' }, 'body').map((c) => c.value);
    expect(body).toEqual([1, true, null, ['abc'], { a: 1 }]);
  });

  test('enum near misses: case, spaces, an unknown value; removed values stay valid', () => {
    const cases = enumCases({ anyOf: [{ enum: ['running', 'done'] }, { const: 'old', deprecated: true }] });
    expect(cases.map((c) => [c.kind, c.value])).toEqual([
      ['valid', 'running'],
      ['enum', 'RUNNING'],
      ['enum', 'Running'],
      ['enum', ' running'],
      ['enum', 'running '],
      ['enum', 'not-a-documented-value'],
      ['valid', 'old'],
    ]);
  });
});

describe('coverage and shrinking', () => {
  test('coverage tries every case once, fields taking turns, in an order the seed decides', () => {
    const fields = [field('a', [1, 2, 3]), field('b', [4])];
    const one = coverage(fields, 1).map((p) => p.map((x) => x.case.value));
    expect(one.flat().sort()).toEqual([1, 2, 3, 4]);
    expect(coverage(fields, 1)).toEqual(coverage(fields, 1));
    const firstRound = one.slice(0, 2).flat();
    expect(firstRound).toContain(4);
  });

  test('a failing request shrinks to the single change that fails', () => {
    const fields = [field('a', [1, 2, 3]), field('b', [4, 5])];
    const details = fc.check(
      fc.property(picksArbitrary(fields), (picks) => !picks.some((p) => p.case.value === 5)),
      { seed: 3, numRuns: 200 },
    );
    expect(details.failed).toBe(true);
    expect(details.counterexample?.[0].map((p) => p.case.value)).toEqual([5]);
  });

  test('the coverage sequence follows the lifecycle, with a read after each write', () => {
    const roles = coverageSequence(['create', 'get', 'list', 'cancel', 'logs']).map((s) => s.role);
    expect(roles).toEqual(['list', 'create', 'get', 'logs', 'cancel', 'get', 'get', 'list']);
  });
});

describe('options', () => {
  test('a seed per (check, operation), stable; a seeded shuffle', () => {
    expect(derivedSeed(1, 'generated.body', 'x:op')).toBe(derivedSeed(1, 'generated.body', 'x:op'));
    expect(derivedSeed(1, 'generated.body', 'x:op')).not.toBe(derivedSeed(2, 'generated.body', 'x:op'));
    expect(shuffled([1, 2, 3, 4, 5], 9)).toEqual(shuffled([1, 2, 3, 4, 5], 9));
    expect(shuffled([1, 2, 3, 4, 5], 9).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  test('a replay names its operation and fast-check path', () => {
    const options = { seed: 7, maxExamples: 30, replay: 'createJob:0:1:1' };
    expect(replayPathFor(options, 'createJob')).toBe('0:1:1');
    expect(replayPathFor(options, 'listJobs')).toBe(false);
    expect(replayPathFor({ seed: 7, maxExamples: 30 }, 'listJobs')).toBeUndefined();
    expect(replayCommand('acme', 'generated.body', 7, 'createJob', '3')).toBe(
      "npx jobs-conformance run --api acme --check 'generated.body' --seed 7 --replay 'createJob:3'",
    );
    expect(ABSENT.toString()).toContain('absent');
  });
});
