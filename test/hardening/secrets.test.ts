import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiIds } from '../../src/catalogue/index.ts';
import { writeReports } from '../../src/reports/index.ts';
import { runConformance } from '../../src/runner/run.ts';
import type { SimulatorSet } from '../../src/simulators/index.ts';
import { envFile, runCli, tempDir } from '../support/cli.ts';
import { liveEnvFor } from '../support/live-env.ts';
import { startSimulators } from '../support/simulators.ts';

/** The APIs the catalogue discovers in schemas/. */
const API_IDS = apiIds();

/**
 * The canary scan: the simulators accept only canary credentials, the runs use them, and no canary
 * (nor its URL-encoded or base64 form) may appear in anything a run wrote or printed.
 */
const CANARY = {
  cloudflareToken: 'cnry-cf-token-Q7x2LmZ9w',
  cloudflareKey: 'cnry-cf-global-key-R4t8WpN3',
  cloudflareEmail: 'canary.7h3k+cf@example.com',
  vectaraKey: 'zwt_cnry-vectara-key-K9m2Xq',
  vectaraCustomerId: '9081726354',
  emporixSecret: 'cnry-emporix-secret-V5s1/+=',
  emporixReadOnlySecret: 'cnry-emporix-ro-secret-J8d4',
  emporixToken: 'cnry-emporix-token-P2w7Zx',
};
const EMPORIX_CLIENT = 'canary-agent-manager';
const EMPORIX_READER = 'canary-agent-reader';

/** Every form a canary could take on the way out: as is, URL-encoded, base64 (plain and URL-safe), Basic auth. */
function forms(): { name: string; form: string }[] {
  const out: { name: string; form: string }[] = [];
  for (const [name, value] of Object.entries(CANARY)) {
    const b64 = Buffer.from(value).toString('base64');
    for (const form of [value, encodeURIComponent(value), b64, Buffer.from(value).toString('base64url')])
      out.push({ name, form });
  }
  out.push({
    name: 'emporix Basic auth',
    form: Buffer.from(`${EMPORIX_CLIENT}:${CANARY.emporixSecret}`).toString('base64'),
  });
  return out;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** 'where: canary name (form)' for every canary form found. */
function leaks(where: string, text: string): string[] {
  return forms()
    .filter(({ form }) => text.includes(form))
    .map(({ name, form }) => `${where}: ${name} (${form})`);
}

function scanDir(dir: string): { files: string[]; found: string[] } {
  const files = filesUnder(dir);
  return { files, found: files.flatMap((f) => leaks(f, readFileSync(f, 'utf8'))) };
}

let sims: SimulatorSet;
beforeAll(async () => {
  sims = await startSimulators({
    // Long enough for the cancel check to find its job still running, short for terminal-state.
    jobDurationMs: 2_000,
    cooldownMs: 500,
    credentials: {
      // The generic simulator's credentials, by security scheme and field.
      cloudflare: {
        'apiToken.token': CANARY.cloudflareToken,
        'apiKey.value': CANARY.cloudflareKey,
        'apiEmail.value': CANARY.cloudflareEmail,
      },
      vectara: { 'ApiKeyAuth.value': CANARY.vectaraKey, 'customer-id': CANARY.vectaraCustomerId },
      'emporix-ai-service': {
        'OAuth2.clientId': EMPORIX_CLIENT,
        'OAuth2.clientSecret': CANARY.emporixSecret,
        'readOnly:OAuth2.clientId': EMPORIX_READER,
        'readOnly:OAuth2.clientSecret': CANARY.emporixReadOnlySecret,
      },
    },
  });
});
afterAll(() => sims.close());

/** The scan can see a canary: the forms list is what the scan looks for, and a file that holds one is caught. */
test('the scan finds a canary in each of its forms', () => {
  for (const { form } of forms()) expect(leaks('probe', `x ${form} y`).length).toBeGreaterThan(0);
  expect(leaks('probe', 'nothing secret here')).toEqual([]);
});

describe.concurrent('no canary credential in anything a run wrote or printed', () => {
  test('live run of every API with --allow-writes (token, API key + customer id, client credentials)', async () => {
    const env: Record<string, string> = {
      ...liveEnvFor(sims),
      EMPORIX_READONLY_CLIENT_ID: EMPORIX_READER,
      EMPORIX_READONLY_CLIENT_SECRET: CANARY.emporixReadOnlySecret,
    };
    // The run really used the canaries: the simulators accept nothing else.
    expect(env.CLOUDFLARE_API_TOKEN).toBe(CANARY.cloudflareToken);
    expect(env.VECTARA_API_KEY).toBe(CANARY.vectaraKey);
    expect(env.EMPORIX_CLIENT_SECRET).toBe(CANARY.emporixSecret);
    const dir = tempDir('canary-live');
    const out = await runCli([
      'run',
      '--target',
      'live',
      '--allow-writes',
      // The terminal-state poll alone can spend the default 60 requests on a fast simulator.
      '--budget',
      '200',
      '--dotenv',
      envFile(env),
      '--report-dir',
      dir,
    ]);
    // Every check passed or was skipped: the canaries were accepted, so every path was exercised.
    expect(out.stdout).toMatch(/^PASS: [1-9]\d* passed, 0 failed/m);
    const { files, found } = scanDir(dir);
    expect(files.map((f) => f.split('/').pop())).toEqual(
      expect.arrayContaining(['results.json', 'junit.xml', 'index.html', 'summary.md', 'exchanges.har']),
    );
    expect([...found, ...leaks('stdout', out.stdout), ...leaks('stderr', out.stderr)]).toEqual([]);
    // Redacted, not absent: the evidence shows where a credential was.
    expect(readFileSync(join(dir, 'latest', 'exchanges.har'), 'utf8')).toContain('[REDACTED]');
  });

  test('live run with a global API key + email and a ready Emporix access token', async () => {
    const env = {
      ...liveEnvFor(sims),
      CLOUDFLARE_API_TOKEN: '',
      CLOUDFLARE_API_EMAIL: CANARY.cloudflareEmail,
      CLOUDFLARE_API_KEY: CANARY.cloudflareKey,
      EMPORIX_CLIENT_ID: '',
      EMPORIX_CLIENT_SECRET: '',
      EMPORIX_ACCESS_TOKEN: CANARY.emporixToken,
    };
    const dir = tempDir('canary-key');
    const out = await runCli([
      'run',
      '--target',
      'live',
      '--api',
      'cloudflare-ai-search,emporix-ai-service',
      '--dotenv',
      envFile(env),
      '--report-dir',
      dir,
    ]);
    expect(out.stdout).toMatch(/^(PASS|FAIL): [1-9]\d* passed/m);
    const { found } = scanDir(dir);
    expect([...found, ...leaks('stdout', out.stdout), ...leaks('stderr', out.stderr)]).toEqual([]);
  });

  test('mock run against simulators holding the canaries, clean and with token responses cut mid-value (invalid JSON)', async () => {
    for (const faults of [[], ['transport.invalid-json']] as const) {
      const own = await startSimulators({
        jobDurationMs: 300,
        cooldownMs: 500,
        faults,
        credentials: {
          cloudflare: { 'apiToken.token': CANARY.cloudflareToken },
          vectara: { 'ApiKeyAuth.value': CANARY.vectaraKey, 'customer-id': CANARY.vectaraCustomerId },
          'emporix-ai-service': { 'OAuth2.clientSecret': CANARY.emporixSecret },
        },
      });
      try {
        const run = await runConformance({
          apis: API_IDS,
          target: 'mock',
          allowWrites: true,
          simulators: own,
        });
        expect(run.summary.pass).toBeGreaterThan(0);
        const dir = tempDir('canary-mock');
        writeReports(run, { reportDir: dir });
        expect(scanDir(dir).found).toEqual([]);
      } finally {
        await own.close();
      }
    }
  });

  test('pact files generated with the canaries in the environment', async () => {
    const dir = tempDir('canary-pacts');
    const out = await runCli(['contracts', 'generate', '--pact-dir', dir], {
      env: {
        ...liveEnvFor(sims),
        CLOUDFLARE_API_EMAIL: CANARY.cloudflareEmail,
        CLOUDFLARE_API_KEY: CANARY.cloudflareKey,
      },
    });
    expect(out.code).toBe(0);
    const { files, found } = scanDir(dir);
    expect(files.length).toBe(API_IDS.length);
    expect([...found, ...leaks('stdout', out.stdout), ...leaks('stderr', out.stderr)]).toEqual([]);
  });
});
