import { describe, expect, it } from 'vitest';
import { type Result, type RunResults, summarize } from '../core/index.ts';
import { Expectations } from './expectations.ts';

function result(id: string, status: Result['status'], message = 'm'): Result {
  const [api = '', operation = '', check = ''] = id.split('/');
  return { id, api, operation, check, status, message, evidence: [], source: { rule: 'r', doc: 'd' } };
}

function run(results: Result[]): RunResults {
  return {
    schemaVersion: 1,
    tool: { name: 't', version: '0' },
    runId: 'r',
    target: 'mock',
    apis: ['a-one', 'b-two'],
    baseUrls: {},
    startedAt: '2026-11-29T10:00:00.000Z',
    durationMs: 1,
    options: { allowWrites: false },
    summary: summarize(results),
    results,
    operations: [],
    requestCounts: {},
  };
}

const NOW = new Date('2026-11-29T12:00:00Z');

describe('Expectations', () => {
  const results = [
    result('a-one/listJobs/pagination.no-duplicates', 'fail', 'item job_1 appears twice'),
    result('b-two/listJobs/pagination.no-duplicates', 'fail', 'item job_9 appears twice'),
    result('a-one/getJob/enum.known', 'warn', 'state paused is not documented'),
    result('a-one/getJob/body.schema', 'pass'),
    result('b-two/getJob/body.schema', 'error', 'timeout'),
  ];

  it('marks matching failures and warnings expected, with the reason, by glob and message pattern', () => {
    const e = new Expectations(
      [
        { api: 'a-*', check: 'pagination.*', expect: 'fail', reason: 'ticket 1' },
        { check: 'enum.known', message: 'paused', expect: 'warn', reason: 'ticket 2' },
      ],
      'cfg.json',
      NOW,
    );
    const out = e.applyToRun(run(results));
    const status = (id: string) => out.results.find((r) => r.id === id)?.status;
    expect(status('a-one/listJobs/pagination.no-duplicates')).toBe('expected');
    expect(status('b-two/listJobs/pagination.no-duplicates')).toBe('fail');
    expect(status('a-one/getJob/enum.known')).toBe('expected');
    expect(out.results[0]?.expectation).toEqual({
      pointer: '/expectations/0',
      expect: 'fail',
      reason: 'ticket 1',
      status: 'fail',
    });
    expect(out.summary).toMatchObject({ total: 5, fail: 1, expected: 2, error: 1, pass: 1 });
    expect(out.expectations).toEqual({ source: 'cfg.json', count: 2, unmatched: [], expired: [] });
  });

  it('never accepts an error, a pass, or a status other than the one expected', () => {
    const e = new Expectations(
      [
        { check: 'body.schema', expect: 'fail', reason: 'r' },
        { check: 'enum.known', expect: 'fail', reason: 'r' },
        { check: 'pagination.no-duplicates', message: 'job_7', expect: 'fail', reason: 'r' },
      ],
      'cfg.json',
      NOW,
    );
    const out = e.applyToRun(run(results));
    expect(out.summary.expected).toBe(0);
  });

  it('after its until no longer applies: the failure counts, saying the expectation expired', () => {
    const e = new Expectations(
      [{ check: 'pagination.no-duplicates', expect: 'fail', reason: 'ticket 1', until: '2026-11-28' }],
      'cfg.json',
      NOW,
    );
    const out = e.applyToRun(run(results));
    expect(out.summary.fail).toBe(2);
    expect(out.summary.expected).toBe(0);
    expect(out.results[0]?.message).toMatch(
      /item job_1 appears twice \(the expectation at cfg\.json#\/expectations\/0 expired on 2026-11-28: "ticket 1"/,
    );
    expect(out.results[0]?.expectation?.expired).toBe(true);
    expect(out.expectations?.expired).toEqual([
      {
        pointer: '/expectations/0',
        reason: 'ticket 1',
        until: '2026-11-28',
        results: ['a-one/listJobs/pagination.no-duplicates', 'b-two/listJobs/pagination.no-duplicates'],
      },
    ]);
    // Its last day still applies.
    const lastDay = new Expectations(
      [{ check: 'pagination.no-duplicates', expect: 'fail', reason: 'r', until: '2026-11-29' }],
      'cfg.json',
      NOW,
    );
    expect(lastDay.applyToRun(run(results)).summary.expected).toBe(2);
  });

  it('reports an expectation that matched nothing as a warning, unless the run did not judge its scope', () => {
    const e = new Expectations(
      [
        { check: 'body.schema', api: 'a-one', expect: 'fail', reason: 'fixed since' },
        { check: 'sort.order', expect: 'fail', reason: 'not in this run' },
        { check: 'body.schema', api: 'b-two', expect: 'fail', reason: 'only an error there' },
      ],
      'cfg.json',
      NOW,
    );
    const out = e.applyToRun(run(results));
    expect(out.expectations?.unmatched).toEqual([
      { pointer: '/expectations/0', reason: 'fixed since', scope: 'a-one · * · body.schema' },
    ]);
    const warning = out.results.at(-1);
    expect(warning).toMatchObject({
      id: '(config)/expectations/0/expectation.unmatched',
      status: 'warn',
      check: 'expectation.unmatched',
    });
    expect(warning?.message).toMatch(/matched no result: the deviation may be fixed; remove the expectation/);
    expect(out.summary).toMatchObject({ total: 6, warn: 2 });
  });
});
