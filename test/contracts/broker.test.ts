import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  brokerSettings,
  canIDeploy,
  publishPacts,
  recordDeployment,
  redactSecrets,
} from '../../src/contracts/broker.ts';
import { UsageError } from '../../src/core/index.ts';
import { type BrokerStandIn, startBrokerStandIn } from './broker-stand-in.ts';

const TOKEN = 'stand-in-secret-token-42';
const pact = (provider: string) => ({
  consumer: { name: 'jobs-conformance' },
  provider: { name: provider },
  interactions: [
    {
      type: 'Synchronous/HTTP',
      description: `list jobs of ${provider}`,
      request: { method: 'GET', path: '/v2/jobs' },
      response: { status: 200 },
    },
  ],
  metadata: { pactSpecification: { version: '4.0' } },
});

let broker: BrokerStandIn;
let pactDir: string;
beforeAll(async () => {
  broker = await startBrokerStandIn({ token: TOKEN });
  pactDir = mkdtempSync(join(tmpdir(), 'pacts-'));
  for (const provider of ['vectara-v2', 'emporix-ai-service']) {
    writeFileSync(join(pactDir, `jobs-conformance-${provider}.json`), JSON.stringify(pact(provider)));
  }
});
afterAll(async () => {
  await broker.close();
  rmSync(pactDir, { recursive: true, force: true });
});

describe('publishing with the real pact-cli against the broker stand-in', () => {
  it('publishes every pact with consumer, version, branch, tags and content, sending the token', async () => {
    const settings = brokerSettings({ brokerUrl: broker.url }, { PACT_BROKER_TOKEN: TOKEN });
    const run = await publishPacts(settings, {
      pactDir,
      consumerVersion: 'abc1234',
      branch: 'feature/x',
      tags: ['dev', 'ci'],
    });
    expect(run.exitCode, run.output).toBe(0);
    expect(run.output).not.toContain(TOKEN);
    expect(run.command).not.toContain(TOKEN);
    const publishRequests = broker.requests.filter(
      (r) => r.method === 'POST' && r.path === '/contracts/publish',
    );
    // pact-cli 18 posts one publish request per pact file.
    expect(publishRequests).toHaveLength(2);
    for (const request of publishRequests) expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(broker.published.map((p) => p.provider).sort()).toEqual(['emporix-ai-service', 'vectara-v2']);
    for (const published of broker.published) {
      expect(published).toMatchObject({
        consumer: 'jobs-conformance',
        consumerVersion: 'abc1234',
        branch: 'feature/x',
        tags: ['dev', 'ci'],
      });
      expect(published.pact).toMatchObject(pact(published.provider) as never);
    }
  });

  it('answers can-i-deploy with no (exit 1) until verified, then yes (exit 0)', async () => {
    const settings = brokerSettings({ brokerUrl: broker.url }, { PACT_BROKER_TOKEN: TOKEN });
    const no = await canIDeploy(settings, {
      pacticipant: 'jobs-conformance',
      version: 'abc1234',
      toEnvironment: 'test',
    });
    expect(no.exitCode, no.output).toBe(1);
    expect(no.output).toMatch(/Computer says no/);
    const matrix = broker.requests.filter((r) => r.path === '/matrix').at(-1)!;
    expect(matrix.query).toMatchObject({
      'q[][pacticipant]': ['jobs-conformance'],
      'q[][version]': ['abc1234'],
      environment: ['test'],
    });
    broker.setVerified('jobs-conformance', 'abc1234', true);
    const yes = await canIDeploy(settings, {
      pacticipant: 'jobs-conformance',
      version: 'abc1234',
      toEnvironment: 'test',
    });
    expect(yes.exitCode, yes.output).toBe(0);
    expect(yes.output).toMatch(/Computer says yes/);
    broker.setVerified('jobs-conformance', 'abc1234', false);
    const failed = await canIDeploy(settings, {
      pacticipant: 'jobs-conformance',
      version: 'abc1234',
      toEnvironment: 'test',
    });
    expect(failed.exitCode).toBe(1);
  });

  it('records a deployment to an environment the broker lists', async () => {
    const settings = brokerSettings({ brokerUrl: broker.url }, { PACT_BROKER_TOKEN: TOKEN });
    const run = await recordDeployment(settings, {
      pacticipant: 'jobs-conformance',
      version: 'abc1234',
      environment: 'test',
    });
    expect(run.exitCode, run.output).toBe(0);
    expect(broker.deployments).toContainEqual({
      pacticipant: 'jobs-conformance',
      version: 'abc1234',
      environment: 'test',
    });
  });

  it('fails (exit 1) when the broker refuses the credentials', async () => {
    const settings = brokerSettings({ brokerUrl: broker.url }, { PACT_BROKER_TOKEN: 'wrong-token' });
    const run = await publishPacts(settings, { pactDir, consumerVersion: 'zzz' });
    expect(run.exitCode).not.toBe(0);
    expect(run.output).not.toContain('wrong-token');
    expect(broker.published.some((p) => p.consumerVersion === 'zzz')).toBe(false);
  });

  it('sends basic auth when username and password are set', async () => {
    const basicBroker = await startBrokerStandIn({ basic: { username: 'ci', password: 'pw-secret' } });
    try {
      const settings = brokerSettings(
        { brokerUrl: basicBroker.url },
        { PACT_BROKER_USERNAME: 'ci', PACT_BROKER_PASSWORD: 'pw-secret' },
      );
      const run = await publishPacts(settings, { pactDir, consumerVersion: 'b1' });
      expect(run.exitCode, run.output).toBe(0);
      expect(basicBroker.published).toHaveLength(2);
      expect(run.output).not.toContain('pw-secret');
    } finally {
      await basicBroker.close();
    }
  });
});

describe('broker settings', () => {
  it('names the missing setting', () => {
    expect(() => brokerSettings({}, {})).toThrow(
      new UsageError('no Pact Broker URL: set PACT_BROKER_BASE_URL or pass --broker-url'),
    );
    expect(() => brokerSettings({ brokerUrl: 'ftp://x' }, {})).toThrow(UsageError);
    expect(() => brokerSettings({ brokerUrl: 'http://x' }, { PACT_BROKER_USERNAME: 'u' })).toThrow(
      /PACT_BROKER_PASSWORD/,
    );
    expect(() => brokerSettings({ brokerUrl: 'http://x' }, { PACT_BROKER_PASSWORD: 'p' })).toThrow(
      /PACT_BROKER_USERNAME/,
    );
    expect(brokerSettings({}, { PACT_BROKER_BASE_URL: 'http://b' }).baseUrl).toBe('http://b');
  });

  it('redacts the token, the password and the basic-auth form', () => {
    const settings = { baseUrl: 'http://b', username: 'u', password: 'pw' };
    const basic = Buffer.from('u:pw').toString('base64');
    expect(redactSecrets(`x pw y ${basic}`, settings)).toBe('x [redacted] y [redacted]');
    expect(redactSecrets('Bearer t0k', { baseUrl: 'http://b', token: 't0k' })).toBe('Bearer [redacted]');
  });
});
