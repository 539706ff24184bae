import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { apiIds } from '../../src/catalogue/index.ts';
import type { RunResults } from '../../src/core/index.ts';
import { startBrokerStandIn } from './broker-stand-in.ts';

/** The APIs the catalogue discovers in schemas/. */
const API_IDS = apiIds();

const BIN = fileURLToPath(new URL('../../bin/jobs-conformance.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'contracts-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs the CLI as a user would (async, so an in-process broker stand-in can answer it). */
function cli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; out: string; err: string }> {
  const base = { ...process.env };
  for (const key of Object.keys(base)) if (key.startsWith('PACT_')) delete base[key];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...base, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();

describe('jobs-conformance contracts', () => {
  it('generate && verify: writes and verifies pacts for all five APIs, consumer name from PACT_CONSUMER', async () => {
    const dir = join(tmp, 'pacts');
    const generated = await cli(['contracts', 'generate', '--pact-dir', dir], {
      PACT_CONSUMER: 'env-consumer',
    });
    expect(generated.code, generated.err).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(API_IDS.map((api) => `env-consumer-${api}.json`).sort());
    expect(generated.out).toMatch(/not covered: emporix-ai-service deleteJob 400/);
    const verified = await cli([
      'contracts',
      'verify',
      '--pact-dir',
      dir,
      '--report-dir',
      join(tmp, 'verify-reports'),
    ]);
    expect(verified.code, verified.out + verified.err).toBe(0);
    for (const api of API_IDS)
      expect(verified.out).toMatch(
        new RegExp(`^${api}: \\d+ verified, 0 failed, 0 not verified against http://127\\.0\\.0\\.1:`, 'm'),
      );
    expect(verified.out).toMatch(/^PASS: \d+ verified, 0 failed, 0 not verified of \d+ interactions$/m);
    // One line per interaction and a summary: the verifier's own report stays in the log.
    expect(verified.out).not.toMatch(/Verifying a pact between/);
    const log = /^verifier log: (.+)$/m.exec(verified.out)?.[1];
    expect(readFileSync(resolve(ROOT, log!), 'utf8')).toMatch(/Verifying a pact between env-consumer and/);
  }, 240_000);

  it('--consumer beats PACT_CONSUMER; a bad name is a usage error (exit 2)', async () => {
    const dir = join(tmp, 'named');
    const ok = await cli(
      ['contracts', 'generate', '--pact-dir', dir, '--api', 'vectara-v2', '--consumer', 'flag-consumer'],
      {
        PACT_CONSUMER: 'env-consumer',
      },
    );
    expect(ok.code, ok.err).toBe(0);
    expect(readdirSync(dir)).toEqual(['flag-consumer-vectara-v2.json']);
    const bad = await cli(['contracts', 'generate', '--pact-dir', dir, '--consumer', 'no spaces']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/consumer name 'no spaces'/);
  }, 120_000);

  it('check prints each finding with its code and exits 1; --report-dir writes them into results.json', async () => {
    const dir = join(tmp, 'broken');
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(FIXTURES, 'response-body-invalid', 'pact.json'), join(dir, 'a.json'));
    copyFileSync(join(FIXTURES, 'request-method-unknown', 'pact.json'), join(dir, 'b.json'));
    const reports = join(tmp, 'reports');
    const run = await cli(['contracts', 'check', '--pact-dir', dir, '--report-dir', reports]);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/^FAIL vectara-v2 getJob contract\.response\.body\.invalid: /m);
    expect(run.out).toMatch(/^FAIL vectara-v2 \(none\) contract\.request\.method\.unknown: /m);
    const results = JSON.parse(readFileSync(join(reports, 'latest', 'results.json'), 'utf8')) as RunResults;
    expect(results.results.map((r) => [r.check, r.code, r.status]).sort()).toEqual([
      ['contract.request.method.unknown', 'request.method.unknown', 'fail'],
      ['contract.response.body.invalid', 'response.body.invalid', 'fail'],
    ]);
    expect(results.summary.fail).toBe(2);
  }, 60_000);

  it('check on a clean pact folder exits 0; a missing folder is a usage error', async () => {
    const dir = join(tmp, 'clean');
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(FIXTURES, 'clean-vectara-v2', 'pact.json'), join(dir, 'clean.json'));
    const clean = await cli(['contracts', 'check', '--pact-dir', dir]);
    expect(clean.code).toBe(0);
    expect(clean.out).toMatch(/^PASS vectara-v2 \(all\) contract\.compare/m);
    const missing = await cli(['contracts', 'check', '--pact-dir', join(tmp, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/pact folder .*nope does not exist/);
  }, 60_000);

  it('verify refuses a provider or state-control URL that is no URL (exit 2), naming the flag', async () => {
    const dir = join(tmp, 'named');
    for (const [flag, value] of [
      ['--provider-base-url', 'not a url'],
      ['--state-control-url', '::'],
    ]) {
      const run = await cli(['contracts', 'verify', '--pact-dir', dir, '--api', 'vectara-v2', flag!, value!]);
      expect(run.code).toBe(2);
      expect(run.err.trim()).toBe(`jobs-conformance: ${flag} is not a URL: '${value}'`);
    }
  }, 60_000);

  it('publish and can-i-deploy need a broker URL: exit 2 naming PACT_BROKER_BASE_URL', async () => {
    for (const args of [
      ['contracts', 'publish'],
      ['contracts', 'can-i-deploy'],
    ]) {
      const run = await cli(args);
      expect(run.code).toBe(2);
      expect(run.err.trim()).toBe(
        'jobs-conformance: no Pact Broker URL: set PACT_BROKER_BASE_URL or pass --broker-url',
      );
    }
  }, 60_000);

  it('publish sends version and branch from git and the token, never printing it; can-i-deploy says no, then yes', async () => {
    const token = 'cli-secret-token-xyz';
    const broker = await startBrokerStandIn({ token });
    try {
      const dir = join(tmp, 'publish');
      mkdirSync(dir, { recursive: true });
      copyFileSync(
        join(FIXTURES, 'clean-vectara-v2', 'pact.json'),
        join(dir, 'jobs-conformance-vectara-v2.json'),
      );
      const env = { PACT_BROKER_BASE_URL: broker.url, PACT_BROKER_TOKEN: token };
      const published = await cli(['contracts', 'publish', '--pact-dir', dir, '--tag', 'ci'], env);
      expect(published.code, published.out + published.err).toBe(0);
      expect(published.out + published.err).not.toContain(token);
      const version = git('rev-parse', '--short', 'HEAD');
      const branch = git('rev-parse', '--abbrev-ref', 'HEAD');
      expect(broker.published).toHaveLength(1);
      expect(broker.published[0]).toMatchObject({
        consumer: 'jobs-conformance',
        provider: 'vectara-v2',
        consumerVersion: version,
        tags: ['ci'],
      });
      if (branch !== 'HEAD') expect(broker.published[0]?.branch).toBe(branch);
      expect(broker.requests.every((r) => r.headers.authorization === `Bearer ${token}`)).toBe(true);

      const no = await cli(['contracts', 'can-i-deploy', '--to-environment', 'production'], env);
      expect(no.code).toBe(1);
      broker.setVerified('jobs-conformance', version, true);
      const yes = await cli(
        [
          'contracts',
          'can-i-deploy',
          '--to-environment',
          'production',
          '--pacticipant',
          'jobs-conformance',
          '--version',
          version,
        ],
        env,
      );
      expect(yes.code, yes.out).toBe(0);
      expect(yes.out + yes.err).not.toContain(token);
    } finally {
      await broker.close();
    }
  }, 120_000);
});
