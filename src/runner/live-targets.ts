import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'dotenv';
import type { ApiId } from '../catalogue/index.ts';
import { type Credentials, type Target, UsageError } from '../core/index.ts';

export interface LiveSettings {
  targets: Partial<Record<ApiId, Target>>;
  /** APIs whose settings are missing, with the message naming them. */
  skipped: Partial<Record<ApiId, string>>;
  deletableJobId?: string;
}

/** Reads .env (when present) under the process environment, which wins, as dotenv does. */
export function readEnv(envFile: string | undefined, processEnv: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const path = envFile ?? '.env';
  if (!existsSync(path)) {
    if (envFile)
      throw new UsageError(
        `--dotenv ${envFile} does not exist: create it from .env.example, or leave --dotenv out to use .env`,
      );
    return { ...processEnv };
  }
  let parsed: Record<string, string>;
  try {
    parsed = parse(readFileSync(path));
  } catch (error) {
    throw new UsageError(
      `cannot read ${path}: ${(error as Error).message} (fix the file or pass another with --dotenv)`,
    );
  }
  return { ...parsed, ...processEnv };
}

function baseUrl(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = env[name]?.trim() || fallback;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${name} '${value}' is not a URL: set it to an http(s) URL such as ${fallback}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`${name} '${value}' must be an http(s) URL: set it to one such as ${fallback}`);
  }
  return value.replace(/\/+$/, '');
}

function missing(env: NodeJS.ProcessEnv, names: string[]): string[] {
  return names.filter((n) => !env[n]?.trim());
}

/** Targets for `--target live` from the documented settings (.env.example lists them). */
export function liveTargets(env: NodeJS.ProcessEnv, apis: readonly ApiId[]): LiveSettings {
  const settings: LiveSettings = { targets: {}, skipped: {} };
  const skip = (api: ApiId, names: string[]) => {
    settings.skipped[api] = `live settings missing: ${names.join(', ')} (see .env.example)`;
  };
  const get = (name: string) => env[name]!.trim();

  const cloudflare = (api: ApiId, extra: string[]) => {
    const base = baseUrl(env, 'CLOUDFLARE_BASE_URL', 'https://api.cloudflare.com/client/v4');
    const hasToken = !!env.CLOUDFLARE_API_TOKEN?.trim();
    const authMissing = hasToken ? [] : missing(env, ['CLOUDFLARE_API_EMAIL', 'CLOUDFLARE_API_KEY']);
    const gaps = [
      ...missing(env, ['CLOUDFLARE_ACCOUNT_ID', 'CLOUDFLARE_AI_SEARCH_INSTANCE', ...extra]),
      ...(authMissing.length ? [`CLOUDFLARE_API_TOKEN or ${authMissing.join(' + ')}`] : []),
    ];
    if (gaps.length) return skip(api, gaps);
    const credentials: Credentials = hasToken
      ? { kind: 'cloudflare-token', token: get('CLOUDFLARE_API_TOKEN') }
      : { kind: 'cloudflare-key', email: get('CLOUDFLARE_API_EMAIL'), key: get('CLOUDFLARE_API_KEY') };
    const pathParams: Record<string, string> = {
      account_id: get('CLOUDFLARE_ACCOUNT_ID'),
      id: get('CLOUDFLARE_AI_SEARCH_INSTANCE'),
    };
    if (extra.length) pathParams.name = get('CLOUDFLARE_AI_SEARCH_NAMESPACE');
    settings.targets[api] = { api, baseUrl: base, pathParams, credentials, live: true };
  };

  const vectara = (api: ApiId, needsCustomer: boolean) => {
    const base = baseUrl(env, 'VECTARA_BASE_URL', 'https://api.vectara.io');
    const gaps = missing(env, ['VECTARA_API_KEY', ...(needsCustomer ? ['VECTARA_CUSTOMER_ID'] : [])]);
    if (gaps.length) return skip(api, gaps);
    const customerId = env.VECTARA_CUSTOMER_ID?.trim();
    if (customerId && !/^\d+$/.test(customerId))
      throw new UsageError(
        `VECTARA_CUSTOMER_ID '${customerId}' must be an integer: set it to the numeric customer ID of your Vectara account`,
      );
    settings.targets[api] = {
      api,
      baseUrl: base,
      pathParams: {},
      credentials: { kind: 'vectara-api-key', apiKey: get('VECTARA_API_KEY'), customerId },
      live: true,
    };
  };

  const emporix = (api: ApiId) => {
    const base = baseUrl(env, 'EMPORIX_BASE_URL', 'https://api.emporix.io');
    const hasToken = !!env.EMPORIX_ACCESS_TOKEN?.trim();
    const clientGaps = hasToken ? [] : missing(env, ['EMPORIX_CLIENT_ID', 'EMPORIX_CLIENT_SECRET']);
    const gaps = [
      ...missing(env, ['EMPORIX_TENANT']),
      ...(clientGaps.length ? [`EMPORIX_ACCESS_TOKEN or ${clientGaps.join(' + ')}`] : []),
    ];
    if (gaps.length) return skip(api, gaps);
    const tenant = get('EMPORIX_TENANT');
    if (tenant !== tenant.toLowerCase())
      throw new UsageError(
        `EMPORIX_TENANT '${tenant}' must be lowercase: set it to '${tenant.toLowerCase()}'`,
      );
    const readOnly =
      env.EMPORIX_READONLY_CLIENT_ID?.trim() && env.EMPORIX_READONLY_CLIENT_SECRET?.trim()
        ? { clientId: get('EMPORIX_READONLY_CLIENT_ID'), clientSecret: get('EMPORIX_READONLY_CLIENT_SECRET') }
        : undefined;
    const credentials: Credentials = hasToken
      ? { kind: 'emporix-token', token: get('EMPORIX_ACCESS_TOKEN') }
      : {
          kind: 'emporix-client',
          tokenUrl: `${base}/oauth/token`,
          clientId: get('EMPORIX_CLIENT_ID'),
          clientSecret: get('EMPORIX_CLIENT_SECRET'),
          readOnly,
        };
    settings.targets[api] = { api, baseUrl: base, pathParams: { tenant }, credentials, live: true };
    settings.deletableJobId = env.EMPORIX_DELETABLE_JOB_ID?.trim() || undefined;
  };

  for (const api of apis) {
    if (api === 'cloudflare-ai-search') cloudflare(api, []);
    else if (api === 'cloudflare-ai-search-namespaced') cloudflare(api, ['CLOUDFLARE_AI_SEARCH_NAMESPACE']);
    else if (api === 'vectara-v1') vectara(api, true);
    else if (api === 'vectara-v2') vectara(api, false);
    else if (api === 'emporix-ai-service') emporix(api);
  }
  return settings;
}

/**
 * The settings a user would write in .env to reach these targets: the inverse of liveTargets, used to
 * point a live run at the simulators standing in for a deployment (tests, benchmarks).
 */
export function envForTargets(targets: Partial<Record<ApiId, Target>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const target of Object.values(targets)) {
    if (!target) continue;
    const c = target.credentials;
    if (target.api.startsWith('cloudflare')) {
      env.CLOUDFLARE_BASE_URL = target.baseUrl;
      env.CLOUDFLARE_ACCOUNT_ID = target.pathParams.account_id;
      env.CLOUDFLARE_AI_SEARCH_INSTANCE = target.pathParams.id;
      if (target.pathParams.name) env.CLOUDFLARE_AI_SEARCH_NAMESPACE = target.pathParams.name;
      if (c.kind === 'cloudflare-token') env.CLOUDFLARE_API_TOKEN = c.token;
      if (c.kind === 'cloudflare-key')
        Object.assign(env, { CLOUDFLARE_API_EMAIL: c.email, CLOUDFLARE_API_KEY: c.key });
    } else if (target.api.startsWith('vectara')) {
      env.VECTARA_BASE_URL = target.baseUrl;
      if (c.kind === 'vectara-api-key') env.VECTARA_API_KEY = c.apiKey;
      if ((c.kind === 'vectara-api-key' || c.kind === 'vectara-bearer') && c.customerId)
        env.VECTARA_CUSTOMER_ID = c.customerId;
    } else {
      env.EMPORIX_BASE_URL = target.baseUrl;
      env.EMPORIX_TENANT = target.pathParams.tenant;
      if (c.kind === 'emporix-client') {
        Object.assign(env, { EMPORIX_CLIENT_ID: c.clientId, EMPORIX_CLIENT_SECRET: c.clientSecret });
        if (c.readOnly)
          Object.assign(env, {
            EMPORIX_READONLY_CLIENT_ID: c.readOnly.clientId,
            EMPORIX_READONLY_CLIENT_SECRET: c.readOnly.clientSecret,
          });
      }
      if (c.kind === 'emporix-token') env.EMPORIX_ACCESS_TOKEN = c.token;
    }
  }
  return env;
}
