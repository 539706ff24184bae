import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMAS_DIR, getCatalogue, loadCatalogue } from '../catalogue/index.ts';
import { UsageError } from '../core/index.ts';
import { envForTargets, liveTargets } from './live-targets.ts';

/** Every env name an x-live-settings object names, wherever it sits (settings are objects with `env`). */
function envNames(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(envNames);
  if (node === null || typeof node !== 'object') return [];
  const own = typeof (node as { env?: unknown }).env === 'string' ? [(node as { env: string }).env] : [];
  return [...own, ...Object.values(node).flatMap(envNames)];
}

describe('.env.example', () => {
  it('lists every setting of every API (each env name of any x-live-settings)', () => {
    const example = readFileSync(join(DEFAULT_SCHEMAS_DIR, '..', '.env.example'), 'utf8');
    const listed = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    const names = [...getCatalogue().apis.values()].flatMap((api) => envNames(api.liveSettings));
    expect(names.length).toBeGreaterThan(0);
    expect([...new Set(names)].filter((n) => !listed.has(n))).toEqual([]);
  });
});

describe('live targets from x-live-settings (the shipped APIs)', () => {
  it('names what is missing: required settings, then the credential alternatives in order', () => {
    const { skipped, targets } = liveTargets({}, [
      'cloudflare-ai-search',
      'emporix-ai-service',
      'vectara-v1',
    ]);
    expect(targets).toEqual({});
    expect(skipped['cloudflare-ai-search']).toBe(
      'live settings missing: CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_AI_SEARCH_INSTANCE, CLOUDFLARE_API_TOKEN or CLOUDFLARE_API_EMAIL + CLOUDFLARE_API_KEY (see .env.example)',
    );
    expect(skipped['emporix-ai-service']).toBe(
      'live settings missing: EMPORIX_TENANT, EMPORIX_ACCESS_TOKEN or EMPORIX_CLIENT_ID + EMPORIX_CLIENT_SECRET (see .env.example)',
    );
    expect(skipped['vectara-v1']).toBe(
      'live settings missing: VECTARA_API_KEY, VECTARA_CUSTOMER_ID (see .env.example)',
    );
    const partial = liveTargets(
      { CLOUDFLARE_ACCOUNT_ID: 'a', CLOUDFLARE_AI_SEARCH_INSTANCE: 'i', CLOUDFLARE_API_EMAIL: 'e' },
      ['cloudflare-ai-search'],
    );
    expect(partial.skipped['cloudflare-ai-search']).toBe(
      'live settings missing: CLOUDFLARE_API_TOKEN or CLOUDFLARE_API_KEY (see .env.example)',
    );
  });

  it('the first complete security alternative wins; the base URL defaults to the server URL', () => {
    const env = {
      CLOUDFLARE_ACCOUNT_ID: 'acc',
      CLOUDFLARE_AI_SEARCH_INSTANCE: 'inst',
      CLOUDFLARE_API_EMAIL: 'ops@example.com',
      CLOUDFLARE_API_KEY: 'key-1',
    };
    const byKey = liveTargets(env, ['cloudflare-ai-search']).targets['cloudflare-ai-search']!;
    expect(byKey).toMatchObject({
      baseUrl: 'https://api.cloudflare.com/client/v4',
      pathParams: { account_id: 'acc', id: 'inst' },
      credentials: {
        kind: 'schemes',
        schemes: { apiEmail: { value: 'ops@example.com' }, apiKey: { value: 'key-1' } },
      },
      live: true,
    });
    const byToken = liveTargets({ ...env, CLOUDFLARE_API_TOKEN: 'tok' }, ['cloudflare-ai-search']).targets[
      'cloudflare-ai-search'
    ]!;
    expect(byToken.credentials).toEqual({ kind: 'schemes', schemes: { apiToken: { token: 'tok' } } });
  });

  it("a scheme's own alternatives in order, read-only credentials and the deletable job on the target", () => {
    const env = {
      EMPORIX_BASE_URL: 'http://127.0.0.1:1/',
      EMPORIX_TENANT: 'acme',
      EMPORIX_CLIENT_ID: 'cid',
      EMPORIX_CLIENT_SECRET: 'csecret',
      EMPORIX_READONLY_CLIENT_ID: 'rid',
      EMPORIX_READONLY_CLIENT_SECRET: 'rsecret',
      EMPORIX_DELETABLE_JOB_ID: 'job-9',
    };
    const target = liveTargets(env, ['emporix-ai-service']).targets['emporix-ai-service']!;
    expect(target).toMatchObject({
      baseUrl: 'http://127.0.0.1:1',
      pathParams: { tenant: 'acme' },
      credentials: {
        schemes: { OAuth2: { clientId: 'cid', clientSecret: 'csecret' } },
        readOnly: { OAuth2: { clientId: 'rid', clientSecret: 'rsecret' } },
      },
      deletableJobId: 'job-9',
    });
    expect(envForTargets({ 'emporix-ai-service': target })).toEqual({
      ...env,
      EMPORIX_BASE_URL: 'http://127.0.0.1:1',
    });
    const withToken = liveTargets({ ...env, EMPORIX_ACCESS_TOKEN: 'tok' }, ['emporix-ai-service']);
    expect(withToken.targets['emporix-ai-service']?.credentials.schemes).toEqual({
      OAuth2: { token: 'tok' },
    });
  });

  it('header parameters: sent from the target, a secret one redacted, checked against its pattern', () => {
    const target = liveTargets({ VECTARA_API_KEY: 'k', VECTARA_CUSTOMER_ID: '42' }, ['vectara-v2']).targets[
      'vectara-v2'
    ]!;
    expect(target.headerParams).toEqual({ 'customer-id': '42' });
    expect(target.secrets).toEqual(['42']);
    // v2 declares no customer-id parameter: it is optional there.
    expect(
      liveTargets({ VECTARA_API_KEY: 'k' }, ['vectara-v2']).targets['vectara-v2']?.headerParams,
    ).toBeUndefined();
    expect(() => liveTargets({ VECTARA_API_KEY: 'k', VECTARA_CUSTOMER_ID: 'abc' }, ['vectara-v1'])).toThrow(
      "VECTARA_CUSTOMER_ID 'abc' must be an integer: set it to the numeric customer ID of your Vectara account",
    );
    expect(() =>
      liveTargets({ EMPORIX_TENANT: 'Upper', EMPORIX_ACCESS_TOKEN: 't' }, ['emporix-ai-service']),
    ).toThrow("EMPORIX_TENANT 'Upper' must be lowercase: set it to 'upper'");
  });

  it('a required header no setting names is sent with its documented default (an API version)', () => {
    const env = { PINECONE_BASE_URL: 'https://index.example', PINECONE_API_KEY: 'k' };
    const target = liveTargets(env, ['pinecone-bulk-imports']).targets['pinecone-bulk-imports']!;
    expect(target.headerParams).toEqual({ 'X-Pinecone-Api-Version': '2026-04' });
    expect(target.secrets).toBeUndefined();
  });
});

describe('an API folder the project has never seen gets live targets from its x-live-settings alone', () => {
  const root = mkdtempSync(join(tmpdir(), 'jobs-conformance-acme-'));
  const folder = join(root, 'acme-jobs');
  cpSync(join(DEFAULT_SCHEMAS_DIR, 'vectara-v2'), folder, { recursive: true });
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    let text = readFileSync(path, 'utf8').replaceAll('/vectara-v2/', '/acme-jobs/');
    if (name === 'openapi.json')
      text = text
        .replace('"x-api-id": "vectara-v2"', '"x-api-id": "acme-jobs"')
        .replaceAll('"env": "VECTARA_', '"env": "ACME_')
        .replace('"url": "https://api.vectara.io"', '"url": "https://jobs.acme.example"');
    writeFileSync(path, text);
  }
  const catalogue = loadCatalogue([DEFAULT_SCHEMAS_DIR, root]);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reads its own env names, defaults to its own server URL, and names its own missing settings', () => {
    expect(catalogue.apis.has('acme-jobs')).toBe(true);
    const missing = liveTargets({ VECTARA_API_KEY: 'not-ours' }, ['acme-jobs'], catalogue);
    expect(missing.skipped['acme-jobs']).toBe('live settings missing: ACME_API_KEY (see .env.example)');

    const env = { ACME_API_KEY: 'acme-key-1', ACME_CUSTOMER_ID: '7' };
    const { targets, skipped } = liveTargets(env, ['acme-jobs'], catalogue);
    expect(skipped).toEqual({});
    expect(targets['acme-jobs']).toEqual({
      api: 'acme-jobs',
      baseUrl: 'https://jobs.acme.example',
      pathParams: {},
      headerParams: { 'customer-id': '7' },
      secrets: ['7'],
      credentials: { kind: 'schemes', schemes: { ApiKeyAuth: { value: 'acme-key-1' } } },
      live: true,
    });
    expect(envForTargets(targets, catalogue)).toEqual({ ...env, ACME_BASE_URL: 'https://jobs.acme.example' });
  });

  it('its settings are checked as declared', () => {
    expect(() => liveTargets({ ACME_API_KEY: 'k', ACME_CUSTOMER_ID: 'x' }, ['acme-jobs'], catalogue)).toThrow(
      UsageError,
    );
    expect(() =>
      liveTargets({ ACME_API_KEY: 'k', ACME_BASE_URL: 'ftp://x' }, ['acme-jobs'], catalogue),
    ).toThrow(
      "ACME_BASE_URL 'ftp://x' must be an http(s) URL: set it to one such as https://jobs.acme.example",
    );
  });
});

describe("the README's smallest complete folder (examples/schemas/acme-jobs)", () => {
  it('runs live from its x-live-settings: its key, its server URL', () => {
    const catalogue = loadCatalogue([
      DEFAULT_SCHEMAS_DIR,
      join(DEFAULT_SCHEMAS_DIR, '..', 'examples', 'schemas'),
    ]);
    expect(liveTargets({}, ['acme-jobs'], catalogue).skipped['acme-jobs']).toBe(
      'live settings missing: ACME_API_KEY (see .env.example)',
    );
    const target = liveTargets({ ACME_API_KEY: 'k-1' }, ['acme-jobs'], catalogue).targets['acme-jobs'];
    expect(target).toMatchObject({
      baseUrl: 'https://api.acme.example',
      credentials: { kind: 'schemes', schemes: { apiKey: { value: 'k-1' } } },
    });
  });
});
