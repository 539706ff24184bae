import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiIds, getCatalogue } from '../../src/catalogue/index.ts';
import { envForTargets, liveTargets } from '../../src/runner/live-targets.ts';
import { planChecks } from '../../src/runner/plan.ts';
import { runConformance } from '../../src/runner/run.ts';
import type { SimulatorSet } from '../../src/simulators/index.ts';
import { startSimulators } from '../support/simulators.ts';

/** The APIs the catalogue discovers in schemas/. */
const API_IDS = apiIds();

/** The .env a user would write for a provider, pointed at the simulators as a stand-in deployment. */
const envFor = (sims: SimulatorSet) => envForTargets(sims.targets);

describe('--target live against any base URL (the simulators standing in for a deployment)', () => {
  let sims: SimulatorSet;
  beforeAll(async () => {
    sims = await startSimulators({ jobDurationMs: 1000, cooldownMs: 1000 });
  });
  afterAll(() => sims.close());

  test('a read-only live run checks every API, sends no write, and stays within 40 requests per API', async () => {
    sims.reset();
    const run = await runConformance({
      apis: API_IDS,
      target: 'live',
      allowWrites: false,
      env: envFor(sims),
    });
    const failures = run.results.filter((r) => r.status === 'fail' || r.status === 'error');
    expect(failures.map((r) => `${r.id}: ${r.message}`)).toEqual([]);
    for (const api of API_IDS) {
      expect(run.results.filter((r) => r.api === api).length).toBe(
        planChecks(getCatalogue().api(api)).length,
      );
      expect(run.requestCounts[api], api).toBeLessThanOrEqual(40);
    }
    const reads = new Set(['GET', 'POST /v1/list-jobs', 'POST /jobs/search', 'POST /oauth/token']);
    const writes = sims.requests.filter(
      (r) =>
        r.method !== 'GET' && ![...reads].some((k) => k.startsWith('POST') && r.path.endsWith(k.slice(5))),
    );
    expect(writes.map((w) => `${w.method} ${w.path}`)).toEqual([]);
    // Every write check is skipped, and says why; so is the generated phase, which live runs only when asked.
    const skipped = run.results.filter((r) => r.status === 'skip');
    expect(skipped.length).toBeGreaterThan(0);
    expect(
      skipped.every((r) => r.message.includes('--allow-writes') || r.message.includes('--max-examples')),
    ).toBe(true);
  }, 60_000);

  test('with --allow-writes a live run creates, cancels and cleans up what it created', async () => {
    sims.reset();
    const run = await runConformance({
      apis: ['cloudflare-ai-search'],
      target: 'live',
      allowWrites: true,
      env: envFor(sims),
      checks: 'lifecycle.*',
    });
    expect(run.results.map((r) => `${r.check}:${r.status}`)).toEqual([
      'lifecycle.create:pass',
      'lifecycle.cancel:pass',
      'lifecycle.terminal-state:pass',
    ]);
    const created = sims.requests.filter((r) => r.method === 'POST' && r.status === 200).length;
    const cancels = sims.requests.filter((r) => r.method === 'PATCH').length;
    expect(created).toBe(2);
    // Two cancels by the cancel check, then one clean-up cancel per created job.
    expect(cancels).toBe(4);
  }, 60_000);

  test('an API whose settings are missing is skipped with a message naming them', async () => {
    const run = await runConformance({
      apis: ['vectara-v1', 'emporix-ai-service'],
      target: 'live',
      allowWrites: false,
      env: {},
    });
    const v1 = run.results.filter((r) => r.api === 'vectara-v1');
    expect(
      v1.every((r) => r.status === 'skip' && r.message.includes('VECTARA_API_KEY, VECTARA_CUSTOMER_ID')),
    ).toBe(true);
    const em = run.results.filter((r) => r.api === 'emporix-ai-service');
    expect(
      em.every((r) => r.message.includes('EMPORIX_TENANT') && r.message.includes('EMPORIX_CLIENT_ID')),
    ).toBe(true);
  });

  test('envForTargets is the inverse of liveTargets', () => {
    const settings = liveTargets(envFor(sims), API_IDS);
    expect(settings.skipped).toEqual({});
    for (const api of API_IDS) {
      const original = sims.target(api);
      const { live: _l, ...read } = settings.targets[api]!;
      const { live: _o, ...expected } = original;
      expect(read.baseUrl).toBe(expected.baseUrl);
      expect(read.pathParams).toEqual(expected.pathParams);
      expect(read.credentials.kind).toBe(expected.credentials.kind);
    }
  });

  test('bad settings are usage errors naming the setting', () => {
    expect(() => liveTargets({ VECTARA_BASE_URL: 'ftp://x' }, ['vectara-v2'])).toThrow(
      /VECTARA_BASE_URL 'ftp:\/\/x' must be an http\(s\) URL/,
    );
    expect(() => liveTargets({ CLOUDFLARE_BASE_URL: 'not a url' }, ['cloudflare-ai-search'])).toThrow(
      /CLOUDFLARE_BASE_URL 'not a url' is not a URL/,
    );
    expect(() => liveTargets({ VECTARA_API_KEY: 'k', VECTARA_CUSTOMER_ID: 'abc' }, ['vectara-v1'])).toThrow(
      /VECTARA_CUSTOMER_ID 'abc' must be an integer/,
    );
  });
});
