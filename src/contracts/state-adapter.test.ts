import { afterEach, describe, expect, it } from 'vitest';
import { type StateAdapter, startStateAdapter } from './state-adapter.ts';
import { NotVerifiable, type StateBackend } from './state-backend.ts';

/** A backend that records the calls: 'a job exists' gives an id, 'no jobs' is refused, anything else fails. */
function recordingBackend(calls: string[]): StateBackend {
  return {
    name: 'recording',
    async setup(state, params) {
      calls.push(`setup ${state} ${JSON.stringify(params)}`);
      if (state === 'a job exists') return { job_id: 'job-7', token: 't' };
      if (state === 'no jobs') throw new NotVerifiable('the provider has jobs');
      throw new Error('the list answered 500');
    },
    async teardown(state) {
      calls.push(`teardown ${state}`);
    },
    close: async () => {},
  };
}

let adapter: StateAdapter | undefined;
afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
});

const post = (body: unknown) =>
  fetch(adapter!.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe("the state-change endpoint (Pact's provider-state protocol)", () => {
  it('setup answers the values to inject; teardown answers {}', async () => {
    const calls: string[] = [];
    adapter = await startStateAdapter(recordingBackend(calls));
    const setup = await post({ state: 'a job exists', params: { job_id: 'x' }, action: 'setup' });
    expect(setup.status).toBe(200);
    expect(await setup.json()).toEqual({ job_id: 'job-7', token: 't' });
    const teardown = await post({ state: 'a job exists', params: {}, action: 'teardown' });
    expect(await teardown.json()).toEqual({});
    expect(calls).toEqual(['setup a job exists {"job_id":"x"}', 'teardown a job exists']);
  });

  it('a state not reachable answers 409 with why, and is remembered as refused; a failure answers 500', async () => {
    adapter = await startStateAdapter(recordingBackend([]));
    const refused = await post({ state: 'no jobs', action: 'setup' });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ notVerified: 'the provider has jobs' });
    expect(adapter.refused.get('no jobs')).toBe('the provider has jobs');
    const failed = await post({ state: 'jobs exist', action: 'setup' });
    expect(failed.status).toBe(500);
    expect(adapter.failed.get('jobs exist')).toBe('setup: the list answered 500');
  });

  it('no state, or a body that is not JSON, is a 400; other methods a 405', async () => {
    adapter = await startStateAdapter(recordingBackend([]));
    expect((await post({ action: 'setup' })).status).toBe(400);
    expect((await fetch(adapter.url, { method: 'POST', body: '{' })).status).toBe(400);
    expect((await fetch(adapter.url)).status).toBe(405);
  });
});
