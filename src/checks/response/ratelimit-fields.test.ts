import { describe, expect, it } from 'vitest';
import { rateLimitFieldProblem } from './ratelimit-fields.ts';

describe('RateLimit header fields', () => {
  it('accepts the documented forms, several policies and extra parameters', () => {
    expect(rateLimitFieldProblem('ratelimit', '"default";r=50;t=30')).toBeUndefined();
    expect(rateLimitFieldProblem('ratelimit', '"default";r=0')).toBeUndefined();
    expect(
      rateLimitFieldProblem('ratelimit-policy', '"burst";q=100;w=60, "day";q=1000;w=86400;qu="requests"'),
    ).toBeUndefined();
  });

  it('names what is wrong', () => {
    expect(rateLimitFieldProblem('ratelimit', 'limit=50, remaining=0')).toContain('not a quoted policy name');
    expect(rateLimitFieldProblem('ratelimit', '"default";t=30')).toBe(
      'r is missing or not a non-negative integer',
    );
    expect(rateLimitFieldProblem('ratelimit', '"default";r=-1')).toBe(
      'r is missing or not a non-negative integer',
    );
    expect(rateLimitFieldProblem('ratelimit-policy', '"burst";q=100;w=soon')).toBe(
      "w 'soon' is not a non-negative integer",
    );
  });
});
