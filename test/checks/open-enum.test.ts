import { join } from 'node:path';
import { expect, test } from 'vitest';
import { getCatalogue, type Operation, SCHEMAS_DIR_ENV } from '../../src/catalogue/index.ts';
import type { Probe } from '../../src/checks/probe.ts';
import { enumKnown } from '../../src/checks/response/enum-known.ts';

/**
 * enum.known on an open enum (x-open-enum): a value outside the known ones warns, where a closed enum
 * fails. The shared catalogue (which enum.known reads) gets the fixture folder through the
 * schemas-dir setting, before anything loads it in this file's process.
 */
process.env[SCHEMAS_DIR_ENV] = join(import.meta.dirname, '../fixtures/generic-apis');

type Judge = (probe: Probe, api: unknown, op: Operation) => { status: string; message: string } | undefined;
const { judge } = enumKnown as unknown as { judge: Judge };

function verdict(apiId: string, opId: string, json: unknown) {
  const api = getCatalogue().api(apiId);
  const op = api.operation(opId);
  const body = JSON.stringify(json);
  const probe: Probe = {
    op,
    purpose: 'baseline',
    exchange: {
      id: 'x',
      api: api.id,
      operation: op.id,
      request: { method: op.method, url: 'http://127.0.0.1/', headers: {} },
      response: { status: 200, headers: { 'content-type': 'application/json' }, body, size: body.length },
      json,
      startedAt: '2026-11-29T10:00:00.000Z',
      durationMs: 1,
      attempts: 1,
    },
  };
  return judge(probe, api, op);
}

test('an unknown value of an open enum is a warning that says the set is open', () => {
  const v = verdict('widget-batches', 'getBatch', { id: 'wb_1', status: 'archived' });
  expect(v?.status).toBe('warn');
  expect(v?.message).toMatch(/'archived' is not a known BatchStatus value \(the set is open/);
  expect(verdict('widget-batches', 'getBatch', { id: 'wb_1', status: 'done' })?.status).toBe('pass');
});

test('an unknown value of a closed enum still fails', () => {
  const api = getCatalogue().api('vectara-v2');
  const get = api.operations.find((o) => o.id === api.lifecycle?.operations.get)!;
  const site = getCatalogue()
    .enumSites(get.responses.get('200')!.body!.ref)
    .find((s) => !s.open && s.path.length === 1)!;
  expect(verdict(api.id, get.id, { id: 'job_1', [site.path[0]!]: 'no-such-value' })?.status).toBe('fail');
});
