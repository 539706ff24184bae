import { describe, expect, test } from 'vitest';
import { apiIds, getCatalogue } from '../../src/catalogue/index.ts';
import { CHECKS } from '../../src/checks/index.ts';
import { instantOf, retryAfterMs, sameValue } from '../../src/checks/open-points.ts';
import { envelopeProblem } from '../../src/checks/response/envelope-consistent.ts';
import type { Exchange } from '../../src/core/index.ts';
import { planChecks } from '../../src/runner/plan.ts';

/** The APIs the catalogue discovers in schemas/. */
const API_IDS = apiIds();

const catalogue = getCatalogue();

/** Each assumption names the document that backs it, or says it is the suite's choice. */
const BACKED = /provider-docs\/|RFC \d+|suite's (choice|reading)|x-inferred|schemas\//;

describe("every check's source lists its assumptions", () => {
  const planned = API_IDS.flatMap((api) =>
    planChecks(catalogue.api(api), CHECKS).map((p) => ({ api, op: p.op, check: p.check })),
  );

  test.each(CHECKS.map((c) => c.id))('%s applies somewhere and lists at least one assumption', (id) => {
    const mine = planned.filter((p) => p.check.id === id);
    expect(mine.length, `${id} applies to no operation`).toBeGreaterThan(0);
    for (const { api, op, check } of mine) {
      const source = check.source(catalogue.api(api), op);
      expect(Array.isArray(source.assumptions), `${api} ${op.id}`).toBe(true);
      expect(source.assumptions!.length, `${api} ${op.id} ${id}`).toBeGreaterThan(0);
      for (const assumption of source.assumptions!) {
        expect(assumption, `${api} ${op.id} ${id}`).toMatch(BACKED);
        expect(assumption.trim().endsWith('.'), assumption).toBe(true);
        expect(assumption.length, assumption).toBeLessThan(420);
      }
    }
  });
});

function answer(status: number, json: unknown): Exchange {
  return {
    id: 'x',
    api: 'cloudflare-ai-search',
    operation: 'getJob',
    request: { method: 'GET', url: 'http://127.0.0.1/', headers: {} },
    response: { status, headers: {}, body: JSON.stringify(json), size: 0 },
    json,
    startedAt: '2026-11-29T10:00:00.000Z',
    durationMs: 1,
    attempts: 1,
  };
}

describe('open points, read both ways', () => {
  test('envelopes: a failure where the document fixes it, a warning where it leaves it open', () => {
    const status = (api: string, code: number, json: unknown) =>
      envelopeProblem(getCatalogue().api(api).envelope, answer(code, json))?.status ?? 'pass';
    // Cloudflare: 200 bodies type success as a plain boolean; error bodies fix it to false.
    expect(status('cloudflare-ai-search', 200, { success: false, result: {} })).toBe('warn');
    expect(status('cloudflare-ai-search', 404, { success: true, errors: [{ code: 1, message: 'm' }] })).toBe(
      'fail',
    );
    expect(status('cloudflare-ai-search', 404, { success: false })).toBe('fail');
    expect(status('cloudflare-ai-search', 404, { success: false, errors: [] })).toBe('warn');
    expect(status('cloudflare-ai-search', 200, { success: true })).toBe('fail');
    // Vectara and Emporix error bodies: every field optional.
    expect(status('vectara-v2', 404, {})).toBe('warn');
    expect(status('vectara-v1', 400, {})).toBe('warn');
    expect(status('vectara-v1', 200, { status: [{ code: 'FAILURE' }] })).toBe('warn');
    expect(status('emporix-ai-service', 401, {})).toBe('warn');
    expect(status('emporix-ai-service', 404, { message: 'gone' })).toBe('pass');
  });

  test('retry-after: delay-seconds or an HTTP date (RFC 9110)', () => {
    const now = Date.parse('2026-11-29T10:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Sun, 29 Nov 2026 10:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('Sun, 29 Nov 2026 09:59:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });

  test('date-times compare as instants, whatever their fraction digits or zone notation', () => {
    const eq = (a: unknown, b: unknown) => a === b;
    expect(sameValue('2026-01-02T03:04:05Z', '2026-01-02T03:04:05.000Z', eq)).toBe(true);
    expect(sameValue('2026-01-02T04:04:05+01:00', '2026-01-02T03:04:05.000Z', eq)).toBe(true);
    expect(sameValue('2026-01-02T03:04:05Z', '2026-01-02T03:04:06Z', eq)).toBe(false);
    // Only date-times: other strings that Date.parse would read stay text.
    expect(instantOf('2026')).toBeUndefined();
    expect(instantOf('job_2026-01-02')).toBeUndefined();
  });
});
