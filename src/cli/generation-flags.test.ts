import { describe, expect, test } from 'vitest';
import { UsageError } from '../core/index.ts';
import { generationFlags } from './run-flags.ts';

describe('--seed, --max-examples, --replay', () => {
  test('are read as numbers and a replay token', () => {
    expect(generationFlags({ seed: '7', maxExamples: '12', replay: 'listJobs:0:1' })).toEqual({
      seed: 7,
      maxExamples: 12,
      replay: 'listJobs:0:1',
    });
    expect(generationFlags({})).toEqual({});
  });

  test('bad values are usage errors that name the flag', () => {
    expect(() => generationFlags({ seed: 'x' })).toThrow(UsageError);
    expect(() => generationFlags({ seed: 'x' })).toThrow(/--seed 'x'/);
    expect(() => generationFlags({ maxExamples: '0' })).toThrow(/--max-examples/);
    expect(() => generationFlags({ replay: 'listJobs:0' })).toThrow(/--replay needs the --seed/);
    expect(() => generationFlags({ seed: '1', replay: 'listJobs' })).toThrow(/<operationId>:<path>/);
  });
});
