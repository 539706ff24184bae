import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiId, apiIds, getCatalogue } from '../../src/catalogue/index.ts';
import { generatePacts } from '../../src/contracts/generate.ts';
import { readPactDir } from '../../src/contracts/pact-file.ts';
import { type VerifyReport, verifyPacts } from '../../src/contracts/verify.ts';
import { simulatorPlugins } from '../../src/providers/index.ts';
import { liveTargets } from '../../src/runner/index.ts';
import {
  type FaultId,
  faultApplies,
  type SimulatorSet,
  startSimulators,
} from '../../src/simulators/index.ts';
import { ROOT, runCli, envFile as writeEnvFile } from '../support/cli.ts';
import { liveEnvFor } from '../support/live-env.ts';

/**
 * Verifying an implementation that is not ours: the simulators with their control surface off (only
 * the provider's API is served), loaded with another seed and number of jobs than the defaults, are
 * reached with the settings of a live run (.env). Provider states come from the adapter working
 * over the public API; ids reach the requests by injection, so the pacts hold for any data set.
 */

const API_IDS = apiIds();
const CONTROL_LESS = {
  control: false,
  seed: 4242,
  jobs: 9,
  cooldownMs: 300,
  jobDurationMs: 120_000,
} as const;

let pactDir: string;
beforeAll(async () => {
  pactDir = mkdtempSync(join(tmpdir(), 'pacts-any-'));
  await generatePacts({ pactDir });
}, 180_000);
afterAll(() => rmSync(pactDir, { recursive: true, force: true }));

async function verifyControlLess(
  api: ApiId,
  options: { allowWrites?: boolean; faults?: FaultId[] } = {},
): Promise<{ report: VerifyReport; sims: SimulatorSet }> {
  const sims = await startSimulators({
    apis: [api],
    plugins: simulatorPlugins,
    ...CONTROL_LESS,
    faults: options.faults ?? [],
  });
  try {
    const { targets } = liveTargets(liveEnvFor(sims), [api]);
    const report = await verifyPacts({
      pactDir,
      apis: [api],
      providerBaseUrl: sims.target(api).baseUrl,
      targets,
      allowWrites: options.allowWrites === true,
      createCooldownMs: 400,
    });
    return { report, sims };
  } finally {
    await sims.close();
  }
}

const writeOps = (api: ApiId) =>
  new Set(
    getCatalogue()
      .api(api)
      .operations.filter((op) => op.writes)
      .map((op) => op.id),
  );

/** Interactions verified read-only, by API (the write run must verify more where the API writes). */
const verifiedReadOnly = new Map<ApiId, number>();

describe.each(API_IDS)('%s: the pacts against a control-less simulator of another data set', (api) => {
  it('read-only: every verified interaction conforms, writes are not sent, and none passes unverified', async () => {
    const { report, sims } = await verifyControlLess(api);
    const [outcome] = report.outcomes;
    expect(outcome?.error).toBeUndefined();
    expect(
      outcome?.interactions.filter((i) => i.status === 'failed'),
      JSON.stringify(outcome?.interactions),
    ).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.counts.verified).toBeGreaterThan(0);
    verifiedReadOnly.set(api, report.counts.verified);
    for (const i of outcome?.interactions ?? [])
      if (i.status === 'not verified') expect(i.reason).toBeTruthy();
    // No write reached the provider, and nobody asked for the control surface.
    const writes = writeOps(api);
    expect(sims.requests.filter((r) => r.operation !== undefined && writes.has(r.operation))).toEqual([]);
    expect(sims.requests.filter((r) => r.path.includes('/__simulator'))).toEqual([]);
    // Every interaction of the pact has an outcome.
    const pact = readPactDir(pactDir).find((p) => p.pact.provider.name === api)!.pact;
    expect(outcome?.interactions.map((i) => i.description).sort()).toEqual(
      pact.interactions.map((i) => i.description).sort(),
    );
  }, 120_000);

  it('with writes: more is verified, still without a failure', async () => {
    const { report } = await verifyControlLess(api, { allowWrites: true });
    expect(
      report.outcomes[0]?.interactions.filter((i) => i.status === 'failed'),
      JSON.stringify(report.outcomes[0]?.interactions),
    ).toEqual([]);
    expect(report.ok).toBe(true);
    const readOnly = verifiedReadOnly.get(api) ?? 0;
    if (writeOps(api).size > 0) expect(report.counts.verified).toBeGreaterThan(readOnly);
    else expect(report.counts.verified).toBe(readOnly);
  }, 180_000);

  it('a wrong status (status.undocumented: 299 for a read) fails, naming the interaction and the mismatch', async () => {
    const { report } = await verifyControlLess(api, { faults: ['status.undocumented'] });
    expect(report.ok).toBe(false);
    const failed = report.outcomes[0]?.interactions.filter((i) => i.status === 'failed') ?? [];
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.some((i) => /success/.test(i.description) && /but was 299/.test(i.reason ?? ''))).toBe(
      true,
    );
  }, 120_000);
});

describe('an undocumented enum value fails the interactions that read it', () => {
  const apis = API_IDS.filter((api) => faultApplies('body.enum-unknown', api));
  it.each(apis)(
    '%s',
    async (api) => {
      const { report } = await verifyControlLess(api, { faults: ['body.enum-unknown'] });
      expect(report.ok).toBe(false);
      const failed = report.outcomes[0]?.interactions.filter((i) => i.status === 'failed') ?? [];
      // The mismatch names the field and the value no documented enum has.
      expect(
        failed.some((i) => /^\$\S+: Expected '[^']+' to match '\^\(/.test(i.reason ?? '')),
        JSON.stringify(failed),
      ).toBe(true);
    },
    120_000,
  );
});

describe('jobs-conformance contracts verify --provider-base-url (the settings of a live run)', () => {
  const api: ApiId = 'cloudflare-ai-search';
  let sims: SimulatorSet;
  let dotenv: string;
  let reportDir: string;
  beforeAll(async () => {
    sims = await startSimulators({ apis: [api], plugins: simulatorPlugins, ...CONTROL_LESS });
    dotenv = writeEnvFile(liveEnvFor(sims));
    reportDir = mkdtempSync(join(tmpdir(), 'verify-reports-'));
  });
  afterAll(async () => {
    await sims.close();
    rmSync(reportDir, { recursive: true, force: true });
  });
  const verify = (...extra: string[]) =>
    runCli(
      [
        'contracts',
        'verify',
        '--pact-dir',
        pactDir,
        '--api',
        api,
        '--provider-base-url',
        sims.target(api).baseUrl,
        '--dotenv',
        dotenv,
        '--report-dir',
        reportDir,
        ...extra,
      ],
      { cwd: ROOT, timeoutMs: 120_000 },
    );

  it('read-only: exit 0, one line per interaction, the writes not verified with why, the log in the report folder', async () => {
    const run = await verify();
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^verified {6}cloudflare-ai-search {2}getJob: success$/m);
    expect(run.stdout).toMatch(
      /^not verified {2}cloudflare-ai-search {2}cancelJob: success: it sends a write/m,
    );
    expect(run.stdout).toMatch(/^PASS: \d+ verified, 0 failed, \d+ not verified of 28 interactions$/m);
    expect(run.stdout.split('\n').length).toBeLessThan(40);
    const log = /^verifier log: (.+)$/m.exec(run.stdout)?.[1];
    const text = readFileSync(resolve(ROOT, log!), 'utf8');
    expect(text).toMatch(/Verifying a pact between jobs-conformance and cloudflare-ai-search/);
    // Redacted like a live run's reports: the token never reaches the log.
    const token = Object.values(sims.target(api).credentials.schemes)[0]?.token;
    expect(token).toBeTruthy();
    expect(text).not.toContain(token);
  }, 120_000);

  it('a settings file without the credentials is a usage error naming them (exit 2)', async () => {
    const run = await runCli(
      [
        'contracts',
        'verify',
        '--pact-dir',
        pactDir,
        '--api',
        api,
        '--provider-base-url',
        sims.target(api).baseUrl,
        '--dotenv',
        writeEnvFile({ CLOUDFLARE_ACCOUNT_ID: 'abc' }),
      ],
      { cwd: ROOT, timeoutMs: 60_000 },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^jobs-conformance: cloudflare-ai-search: live settings missing: .*CLOUDFLARE_API_TOKEN/m,
    );
  }, 60_000);
});
