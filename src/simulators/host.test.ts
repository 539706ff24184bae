import { afterEach, describe, expect, it } from 'vitest';
import { getCatalogue } from '../catalogue/index.ts';
import type { SimulatorModule, SimulatorSet } from './core.ts';
import { startSimulators } from './host.ts';
import { SimulatorOptionsError } from './host-settings.ts';
import { pageWindow, readInteger } from './paging.ts';

/** A minimal module: echoes the request, so the host's own behaviour is visible. */
const echoModule: SimulatorModule = {
  name: 'echo',
  apis: ['cloudflare-ai-search'],
  basePath: '/client/v4',
  defaultCredentials: { token: 'echo-token' },
  create(ctx) {
    let advanced = 0;
    const op = ctx.catalogue.operation('cloudflare-ai-search', 'listJobs');
    return {
      handle: (req) => ({
        status: 200,
        api: 'cloudflare-ai-search',
        operation: op,
        json: {
          method: req.method,
          path: req.path,
          q: req.query.get('q'),
          body: req.json ?? null,
          seed: ctx.seed,
        },
      }),
      errorResponse: (_req, status, message) => ({ status, json: { error: message } }),
      reset: () => {
        advanced = 0;
      },
      advanceJobs: () => ++advanced,
      providerStates: { 'a job exists': (params) => ({ job_id: `job-${String(params.n ?? 1)}` }) },
      target: (api, baseUrl) => ({
        api,
        baseUrl,
        pathParams: {},
        credentials: { kind: 'schemes', schemes: { apiToken: { token: ctx.credentials.token ?? '' } } },
        live: false,
      }),
    };
  },
};

let set: SimulatorSet | undefined;
afterEach(async () => {
  await set?.close();
  set = undefined;
});

describe('simulator host', () => {
  it('serves a module under its base path and passes method, path, query and JSON body', async () => {
    set = await startSimulators({ modules: [echoModule], seed: 7 });
    const target = set.target('cloudflare-ai-search');
    expect(target.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/client\/v4$/);
    expect(target.credentials).toEqual({ kind: 'schemes', schemes: { apiToken: { token: 'echo-token' } } });
    const res = await fetch(`${target.baseUrl}/x/y?q=1`, { method: 'POST', body: '{"a":1}' });
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ method: 'POST', path: '/x/y', q: '1', body: { a: 1 }, seed: 7 });
    expect(set.requests).toEqual([
      {
        api: 'cloudflare-ai-search',
        operation: 'listJobs',
        method: 'POST',
        path: '/client/v4/x/y',
        status: 200,
      },
    ]);
  });

  it('rejects unknown APIs and faults with a message naming the valid values', async () => {
    await expect(startSimulators({ modules: [echoModule], apis: ['vectara-v1'] })).rejects.toThrow(
      SimulatorOptionsError,
    );
    await expect(startSimulators({ modules: [echoModule], faults: ['nope' as never] })).rejects.toThrow(
      /unknown fault 'nope' \(known: status.undocumented/,
    );
  });

  it('control surface: advance, faults, state, reset, requests', async () => {
    set = await startSimulators({ modules: [echoModule] });
    const origin = set.servers[0]!.origin;
    const post = (path: string, body?: unknown) =>
      fetch(`${origin}/__simulator${path}`, {
        method: 'POST',
        body: body ? JSON.stringify(body) : undefined,
      });
    expect(await (await post('/advance')).json()).toEqual({ ended: 1 });
    expect(await (await post('/faults', { faults: ['content-type.wrong'] })).json()).toEqual({
      faults: ['content-type.wrong'],
    });
    expect([...set.faults]).toEqual(['content-type.wrong']);
    expect((await post('/faults', { faults: ['bogus'] })).status).toBe(400);
    expect(await (await post('/state', { state: 'a job exists', params: { n: 3 } })).json()).toEqual({
      job_id: 'job-3',
    });
    expect((await post('/state', { state: 'no such state' })).status).toBe(400);
    // A state of the vocabulary the simulator cannot set: 422 and the state's name.
    const unsupported = await post('/state', { state: 'a running job exists' });
    expect(unsupported.status).toBe(422);
    expect(await unsupported.json()).toMatchObject({ unsupported: 'a running job exists' });
    const info = (await (await fetch(`${origin}/__simulator`)).json()) as {
      states: string[];
      targets: Record<string, { pathParams: unknown }>;
    };
    expect(info.states).toEqual(['a job exists']);
    expect(info.targets['cloudflare-ai-search']?.pathParams).toEqual({});
    await fetch(`${set.targets['cloudflare-ai-search']!.baseUrl}/jobs`);
    const log = (await (await fetch(`${origin}/__simulator/requests`)).json()) as { requests: unknown[] };
    expect(log.requests).toHaveLength(1);
    await post('/reset');
    expect(set.requests).toHaveLength(0);
    expect(await (await post('/advance')).json()).toEqual({ ended: 1 });
  });

  it('control: false serves only the API: the control paths reach the simulator like any other path', async () => {
    set = await startSimulators({ modules: [echoModule], control: false });
    const origin = set.servers[0]!.origin;
    const state = await fetch(`${origin}/__simulator/state`, {
      method: 'POST',
      body: JSON.stringify({ state: 'a job exists' }),
    });
    // The echo module answers every path it is handed: the host did not take the request.
    expect(await state.json()).toMatchObject({
      method: 'POST',
      path: expect.stringContaining('/__simulator/state'),
    });
    expect(set.requests.map((r) => r.path)).toEqual(['/__simulator/state']);
  });
});

describe('paging helpers', () => {
  const bounds = getCatalogue()
    .operation('cloudflare-ai-search', 'listJobs')
    .parameters.find((p) => p.name === 'per_page')!.schema.schema as { minimum: number; maximum: number };

  it('reads integers within documented bounds, rejects or clamps outside', () => {
    const b = { minimum: bounds.minimum, maximum: bounds.maximum, default: 20 };
    expect(readInteger(undefined, 'per_page', b, false)).toEqual({ ok: true, value: 20 });
    expect(readInteger('7', 'per_page', b, false)).toEqual({ ok: true, value: 7 });
    expect(readInteger(String(bounds.maximum + 1), 'per_page', b, false)).toEqual({
      ok: false,
      message: `per_page must be <= ${bounds.maximum}`,
    });
    expect(readInteger(String(bounds.maximum + 1), 'per_page', b, true)).toEqual({
      ok: true,
      value: bounds.maximum,
    });
    expect(readInteger('x', 'per_page', b, true).ok).toBe(false);
  });

  it('windows pages, with duplicate, skipped and past-end faults', () => {
    expect(pageWindow(10, 1, 4)).toEqual({ start: 0, end: 4 });
    expect(pageWindow(10, 3, 4)).toEqual({ start: 8, end: 10 });
    expect(pageWindow(10, 4, 4)).toEqual({ start: 10, end: 10 });
    expect(pageWindow(10, 2, 4, { duplicateItem: true })).toEqual({ start: 3, end: 7 });
    expect(pageWindow(10, 2, 4, { skippedItem: true })).toEqual({ start: 5, end: 8 });
    expect(pageWindow(10, 9, 4, { dataPastEnd: true })).toEqual({ start: 8, end: 10 });
  });
});
