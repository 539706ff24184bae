import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiId } from '../../src/catalogue/index.ts';
import { simulatorPlugins } from '../../src/providers/index.ts';
import { type SimulatorSet, startSimulators } from '../../src/simulators/index.ts';
import { ROOT, runCli, envFile as writeEnvFile } from '../support/cli.ts';
import { liveEnvFor } from '../support/live-env.ts';

/**
 * `contracts provider-states`: the adapter on its own, as another Pact verifier would call it,
 * in front of a simulator without its control surface.
 */
describe('jobs-conformance contracts provider-states', () => {
  const api: ApiId = 'vectara-v2';
  let sims: SimulatorSet;
  beforeAll(async () => {
    sims = await startSimulators({
      apis: [api],
      plugins: simulatorPlugins,
      control: false,
      seed: 99,
      jobs: 4,
    });
  });
  afterAll(() => sims.close());

  it("answers Pact's state-change requests with values from the provider's API, then stops on SIGTERM", async () => {
    const run = runCli(
      [
        'contracts',
        'provider-states',
        '--api',
        api,
        '--provider-base-url',
        sims.target(api).baseUrl,
        '--dotenv',
        writeEnvFile(liveEnvFor(sims)),
      ],
      { cwd: ROOT, timeoutMs: 60_000 },
    );
    let out = '';
    run.child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    await expect.poll(() => out, { timeout: 30_000 }).toContain('Serving until interrupted');
    const url = /POST (http:\/\/\S+)/.exec(out)![1]!;
    const post = (body: unknown) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const setup = await post({ state: 'a job exists', params: { job_id: 'placeholder' }, action: 'setup' });
    expect(setup.status).toBe(200);
    const values = (await setup.json()) as Record<string, string>;
    // A job the provider really has, and the credentials it accepts, for injection.
    const listed = sims.requests.filter((r) => r.operation === 'listJobs');
    expect(listed.length).toBeGreaterThan(0);
    expect(values.job_id).toMatch(/\S/);
    expect(values.job_id).not.toBe('placeholder');
    expect(values.api_key).toBe(Object.values(sims.target(api).credentials.schemes)[0]?.value);
    const refused = await post({ state: 'the service is unavailable', action: 'setup' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { notVerified: string }).notVerified).toMatch(/outage/);
    expect((await post({ state: 'a job exists', action: 'teardown' })).status).toBe(200);
    run.child.kill('SIGTERM');
    const done = await run;
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('provider states: stopped');
  }, 90_000);
});
