import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiIds } from '../../src/catalogue/index.ts';
import { brokerSettings, canIDeploy, publishPacts } from '../../src/contracts/broker.ts';
import { comparePact } from '../../src/contracts/compare.ts';
import { generatePacts } from '../../src/contracts/generate.ts';
import { readPactDir } from '../../src/contracts/pact-file.ts';
import { verifyPacts } from '../../src/contracts/verify.ts';
import { startSimulators } from '../support/simulators.ts';
import { startBrokerStandIn } from './broker-stand-in.ts';

/** The APIs the catalogue discovers in schemas/. */
const API_IDS = apiIds();

let pactDir: string;
beforeAll(async () => {
  pactDir = mkdtempSync(join(tmpdir(), 'pacts-'));
  await generatePacts({ consumer: 'ci-consumer', pactDir });
}, 180_000);
afterAll(() => rmSync(pactDir, { recursive: true, force: true }));

describe('generate and verify all five APIs against the simulators', () => {
  it('writes one pact per consumer–provider pair, named after the consumer and the API', () => {
    expect(readdirSync(pactDir).sort()).toEqual(API_IDS.map((api) => `ci-consumer-${api}.json`).sort());
    for (const { pact } of readPactDir(pactDir)) expect(comparePact(pact)).toEqual([]);
  });

  it('verifies every pact against the in-process simulators, each provider state set up', async () => {
    const report = await verifyPacts({ pactDir });
    expect(report.outcomes.map((o) => [o.api, o.ok, o.error ?? '']).sort()).toEqual(
      [...API_IDS].sort().map((api) => [api, true, '']),
    );
    expect(report.ok).toBe(true);
  }, 180_000);

  it('fails verification when the implementation breaks the contract (a simulator fault)', async () => {
    const broken = await startSimulators({
      apis: ['vectara-v2'],
      faults: ['auth.wrong-credentials-accepted'],
    });
    try {
      const target = broken.target('vectara-v2');
      const report = await verifyPacts({
        pactDir,
        apis: ['vectara-v2'],
        providerBaseUrl: target.baseUrl,
        targets: { 'vectara-v2': target },
      });
      expect(report.ok).toBe(false);
      // The wrong-credentials interactions now get 200 instead of the documented rejection.
      const failed = report.outcomes[0]?.interactions.filter((i) => i.status === 'failed') ?? [];
      expect(failed.map((i) => i.description)).toEqual([
        'getJob: status 403 (auth failure)',
        'listJobs: status 403 (auth failure)',
      ]);
      expect(failed.find((i) => i.description.startsWith('listJobs'))?.reason).toMatch(
        /expected 403 but was 200/,
      );
    } finally {
      await broken.close();
    }
  }, 120_000);
});

describe('verification through a broker', () => {
  it('fetches the pacts for verification by URL, publishes verification results, and can-i-deploy then says yes', async () => {
    const broker = await startBrokerStandIn({ token: 'verify-token' });
    try {
      const settings = brokerSettings({ brokerUrl: broker.url }, { PACT_BROKER_TOKEN: 'verify-token' });
      const published = await publishPacts(settings, { pactDir, consumerVersion: 'c1', branch: 'main' });
      expect(published.exitCode, published.output).toBe(0);
      const before = await canIDeploy(settings, {
        pacticipant: 'ci-consumer',
        version: 'c1',
        toEnvironment: 'test',
      });
      expect(before.exitCode).toBe(1);
      const report = await verifyPacts({
        apis: ['vectara-v2', 'emporix-ai-service'],
        broker: { settings },
        publish: { settings, providerVersion: 'p1', branch: 'main' },
      });
      expect(report.ok, JSON.stringify(report.outcomes)).toBe(true);
      const fetched = broker.requests.filter(
        (r) => r.method === 'GET' && r.path.startsWith('/pacts/provider/'),
      );
      expect(fetched.length).toBeGreaterThanOrEqual(2);
      for (const r of fetched) expect(r.headers.authorization).toBe('Bearer verify-token');
      expect(
        broker.verifications.map((v) => [v.provider, v.consumerVersion, v.providerVersion, v.success]).sort(),
      ).toEqual([
        ['emporix-ai-service', 'c1', 'p1', true],
        ['vectara-v2', 'c1', 'p1', true],
      ]);
      expect(broker.branchVersions).toContainEqual({
        pacticipant: 'vectara-v2',
        branch: 'main',
        version: 'p1',
      });
      // Three of the five pacts are still unverified: still no.
      const after = await canIDeploy(settings, {
        pacticipant: 'ci-consumer',
        version: 'c1',
        toEnvironment: 'test',
      });
      expect(after.exitCode).toBe(1);
      broker.setVerified('ci-consumer', 'c1', true);
      const yes = await canIDeploy(settings, {
        pacticipant: 'ci-consumer',
        version: 'c1',
        toEnvironment: 'test',
      });
      expect(yes.exitCode, yes.output).toBe(0);
    } finally {
      await broker.close();
    }
  }, 180_000);
});
