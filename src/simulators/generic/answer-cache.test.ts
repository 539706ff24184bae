import { afterEach, describe, expect, it } from 'vitest';
import type { SimRequest, SimulatorSet } from '../core.ts';
import { startSimulators } from '../host.ts';
import { requestKey } from './answer-cache.ts';

const API = 'cloudflare-ai-search';
const NAMESPACED = 'cloudflare-ai-search-namespaced';

let set: SimulatorSet | undefined;
afterEach(async () => {
  await set?.close();
  set = undefined;
});

let clock = 0;
async function start() {
  clock = Date.UTC(2026, 10, 29, 12);
  set = await startSimulators({
    apis: [API, NAMESPACED],
    jobs: 20,
    now: () => clock,
    jobDurationMs: 1000,
    cooldownMs: 0,
  });
  return set;
}

function client(api: string) {
  const target = set!.target(api);
  const { account_id, id, name } = target.pathParams;
  const instanceId = name === undefined ? id : set!.target(API).pathParams.id;
  // The namespaced API holds the instance API's jobs at the namespace 'default' (x-lifecycle sameJobsAs).
  const instance = name === undefined ? '' : '/namespaces/default';
  const jobs = `${target.baseUrl}/accounts/${account_id}/ai-search${instance}/instances/${instanceId}/jobs`;
  const headers = { authorization: `Bearer ${target.credentials.schemes.apiToken?.token}` };
  const call = async (method: string, url: string, body?: object) => {
    const res = await fetch(url, {
      method,
      headers: body ? { ...headers, 'content-type': 'application/json' } : headers,
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, text: await res.text() };
  };
  return {
    list: () => call('GET', `${jobs}?per_page=50`),
    create: () => call('POST', jobs, {}),
    cancel: (job: string) => call('PATCH', `${jobs}/${job}`, { action: 'cancel' }),
  };
}

const firstJob = (text: string) => (JSON.parse(text) as { result: Record<string, unknown>[] }).result[0];

describe('answers served again (answer-cache.ts)', () => {
  it('serves a read again with the same bytes, and logs every request', async () => {
    await start();
    const cf = client(API);
    const a = await cf.list();
    const b = await cf.list();
    expect(a.status).toBe(200);
    expect(b.text).toBe(a.text);
    expect(set!.requests.filter((r) => r.operation === 'listJobs')).toHaveLength(2);
  });

  it('sees a create, on its own API and on the API whose jobs it shares', async () => {
    await start();
    const cf = client(API);
    const ns = client(NAMESPACED);
    // The first list makes the list's base (it reads the time): the second is kept.
    for (const c of [cf, ns, cf, ns]) await c.list();
    const created = JSON.parse((await cf.create()).text).result.id as string;
    expect(firstJob((await cf.list()).text)?.id).toBe(created);
    expect(firstJob((await ns.list()).text)?.id).toBe(created);
  });

  it('sees a running job end by time alone, with nothing else changed', async () => {
    await start();
    const cf = client(API);
    await cf.create();
    const running = (await cf.list()).text;
    expect((await cf.list()).text).toBe(running);
    clock += 999;
    expect((await cf.list()).text).toBe(running);
    clock += 1;
    const ended = (await cf.list()).text;
    expect(ended).not.toBe(running);
    expect(firstJob(ended)?.id).toBe(firstJob(running)?.id);
  });

  it('sees a cancel, an advance, a reset and a provider state', async () => {
    await start();
    const cf = client(API);
    const seeded = (await cf.list()).text;
    const id = JSON.parse((await cf.create()).text).result.id as string;
    const running = (await cf.list()).text;
    await cf.cancel(id);
    const cancelled = (await cf.list()).text;
    expect(cancelled).not.toBe(running);

    await cf.create();
    const second = (await cf.list()).text;
    expect(set!.advanceJobs()).toBe(1);
    expect((await cf.list()).text).not.toBe(second);

    set!.reset();
    expect((await cf.list()).text).toBe(seeded);

    const state = await set!.providerState(API, 'a running job exists');
    expect(firstJob((await cf.list()).text)?.id).toBe(state.job_id);
  });

  it('sees faults set and cleared, and keeps nothing while they are on', async () => {
    await start();
    const cf = client(API);
    const clean = (await cf.list()).text;
    set!.setFaults(['pagination.wrong-total']);
    const faulty = (await cf.list()).text;
    expect(faulty).not.toBe(clean);
    expect((await cf.list()).text).toBe(faulty);
    set!.setFaults(['transport.invalid-json']);
    const cut = (await cf.list()).text;
    expect(cut.length).toBeLessThan(clean.length);
    set!.setFaults([]);
    expect((await cf.list()).text).toBe(clean);
  });

  it('keys a request by what the simulator reads: not by its user agent, by its credential', () => {
    const req = (headers: Record<string, string>): SimRequest => ({
      method: 'GET',
      path: '/jobs',
      query: new URLSearchParams('per_page=50'),
      headers,
      rawBody: '',
    });
    const base = requestKey(req({ authorization: 'Bearer a' }));
    expect(requestKey(req({ authorization: 'Bearer a', 'user-agent': 'x', host: 'h' }))).toBe(base);
    expect(requestKey(req({ authorization: 'Bearer b' }))).not.toBe(base);
    expect(requestKey(req({ authorization: 'Bearer a', 'cf-version': '2' }))).not.toBe(base);
    expect(
      requestKey({ ...req({ authorization: 'Bearer a' }), query: new URLSearchParams('page=2') }),
    ).not.toBe(base);
  });
});
