import { describe, expect, it } from 'vitest';
import { ExchangeRecorder } from './recorder.ts';
import { Redactor } from './redact.ts';

const request = {
  api: 'widgets',
  operation: 'listWidgets',
  label: 'page 1',
  method: 'GET',
  url: 'http://h/w',
};

describe('ExchangeRecorder.begin', () => {
  it('records the fields in report order, without the ones a request lacks', () => {
    const recorder = new ExchangeRecorder(new Redactor(), 1024);
    const x = recorder.begin(request, { accept: 'application/json' }, Date.parse('2026-11-30T10:00:00.000Z'));
    expect(Object.keys(x)).toEqual([
      'id',
      'api',
      'operation',
      'label',
      'request',
      'startedAt',
      'durationMs',
      'attempts',
    ]);
    const bare = recorder.begin({ api: 'widgets', method: 'GET', url: 'http://h/w' }, {}, 0);
    expect(Object.keys(bare)).toEqual(['id', 'api', 'request', 'startedAt', 'durationMs', 'attempts']);
    expect(Object.keys(bare.request)).toEqual(['method', 'url', 'headers']);
  });

  it('the same headers object again reuses its redacted copy until the redactor learns a secret', () => {
    const redactor = new Redactor();
    const recorder = new ExchangeRecorder(redactor, 1024);
    const headers = { 'x-trace': 'trace-value-1234', authorization: 'Bearer abcd-1234' };
    const first = recorder.begin(request, headers, 0);
    const second = recorder.begin(request, headers, 0);
    expect(second.request.headers).toBe(first.request.headers);
    expect(first.request.headers).toEqual({
      'x-trace': 'trace-value-1234',
      authorization: 'Bearer [REDACTED]',
    });
    redactor.registerSecret('trace-value-1234');
    const third = recorder.begin(request, headers, 0);
    expect(third.request.headers['x-trace']).toBe('[REDACTED]');
  });
});
