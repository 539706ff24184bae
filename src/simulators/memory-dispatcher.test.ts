import { Agent, type Dispatcher, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimResponse, SimulatorModule, SimulatorSet } from './core.ts';
import { startSimulators } from './host.ts';

/** Answers with the request as the simulator saw it (headers included); throws on /boom, 204 on /empty. */
const echoModule: SimulatorModule = {
  name: 'echo',
  apis: ['vectara-v2'],
  basePath: '',
  defaultCredentials: {},
  create: () => ({
    handle: (req): SimResponse => {
      if (req.path === '/boom') throw new Error('boom');
      if (req.path === '/empty') return { status: 204, headers: { 'x-empty': 'yes' } };
      return {
        status: 200,
        headers: { 'x-trace': 'a', 'retry-after': '1' },
        json: { method: req.method, path: req.path, headers: req.headers, body: req.rawBody },
      };
    },
    errorResponse: (_req, status, message) => ({ status, json: { error: message } }),
    reset: () => {},
    advanceJobs: () => 0,
    providerStates: {},
    target: (api, baseUrl) => ({
      api,
      baseUrl,
      pathParams: {},
      credentials: { kind: 'schemes', schemes: {} },
      live: false,
    }),
  }),
};

let set: SimulatorSet;
let origin: string;
const agent = new Agent();
beforeAll(async () => {
  set = await startSimulators({ modules: [echoModule] });
  origin = set.servers[0]!.origin;
});
afterAll(async () => {
  await set.close();
  await agent.close();
});

type Options = Parameters<typeof request>[1];

/** What a client reads: status, header names in order, values (the date aside), body. */
async function exchange(dispatcher: Dispatcher, path: string, options: Options = {}) {
  try {
    const res = await request(`${origin}${path}`, { ...options, dispatcher });
    const { date, ...headers } = res.headers;
    return {
      status: res.statusCode,
      names: Object.keys(res.headers),
      date: typeof date,
      headers,
      body: await res.body.text(),
    };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

describe('in memory, a simulator server answers as over its socket', () => {
  const cases: [string, string, Options][] = [
    ['a GET with a query', '/v2/jobs?limit=2&x=%20y', {}],
    [
      'a POST with a JSON body',
      '/v2/jobs',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-A': ' spaced ' },
        body: '{"a":"é"}',
      },
    ],
    ['a POST without a body', '/v2/jobs', { method: 'POST' }],
    ['a GET that asks to close', '/v2/jobs', { headers: { connection: 'close' } }],
    ['a DELETE', '/v2/jobs/1', { method: 'DELETE', headers: { authorization: 'Bearer x' } }],
    ['a HEAD', '/v2/jobs', { method: 'HEAD' }],
    ['a 204', '/empty', {}],
    ['a body over the host limit (413)', '/v2/jobs', { method: 'PUT', body: 'x'.repeat(1024 * 1024 + 1) }],
    ['a simulator that throws (500)', '/boom', {}],
    ['a control request', '/__simulator', {}],
    ['a head too large for node (431)', `/v2/jobs?q=${'a'.repeat(20_000)}`, {}],
    ['a header value undici refuses', '/v2/jobs', { headers: { 'x-bad': 'a\nb' } }],
    ['a header undici refuses', '/v2/jobs', { headers: { upgrade: 'websocket' } }],
  ];
  it.each(cases)('%s', async (_name, path, options) => {
    const memory = set.memoryDispatcher(origin);
    expect(memory).toBeDefined();
    const overSocket = await exchange(agent, path, options);
    const inMemory = await exchange(memory!, path, options);
    expect(inMemory).toEqual(overSocket);
  });

  it('adds the headers node adds on a socket', async () => {
    const answer = await exchange(set.memoryDispatcher(origin)!, '/v2/jobs');
    expect(answer).toMatchObject({
      names: ['x-trace', 'retry-after', 'content-type', 'content-length', 'date', 'connection', 'keep-alive'],
      headers: { connection: 'keep-alive', 'keep-alive': 'timeout=5' },
    });
  });

  it('serves only its own origins, and none while a fault is on', () => {
    expect(set.memoryDispatcher('http://127.0.0.1:1')).toBeUndefined();
    set.setFaults(['transport.drip']);
    try {
      expect(set.memoryDispatcher(origin)).toBeUndefined();
    } finally {
      set.setFaults([]);
    }
    expect(set.memoryDispatcher(origin)).toBeDefined();
  });
});
