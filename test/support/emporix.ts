/** Helpers for the Emporix simulator tests: the generic simulator serving it, tokens, requests. */
import type { SimulatorSet, StartOptions } from '../../src/simulators/index.ts';
import { TEST_NOW } from './clock.ts';
import { startSimulators } from './simulators.ts';

export interface Clock {
  now: number;
}

/** Starts the Emporix group; `clock.now` may be moved forward by a test (token expiry). */
export async function startEmporix(
  options: StartOptions = {},
  clock: Clock = { now: TEST_NOW },
): Promise<SimulatorSet> {
  return startSimulators({ apis: ['emporix-ai-service'], now: () => clock.now, ...options });
}

export interface Reply {
  status: number;
  headers: Headers;
  json: unknown;
  text: string;
}

async function reply(res: Response): Promise<Reply> {
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text === '' ? undefined : JSON.parse(text) };
}

/** POST /oauth/token with a form; `client` 'manage' or 'read' picks the configured client. */
export async function fetchToken(
  set: SimulatorSet,
  client: 'manage' | 'read' = 'manage',
  extra: Record<string, string> = {},
): Promise<string> {
  const res = await requestToken(set, { ...clientForm(set, client), ...extra });
  if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${res.text}`);
  return (res.json as { access_token: string }).access_token;
}

export function clientForm(set: SimulatorSet, client: 'manage' | 'read'): Record<string, string> {
  const credentials = set.target('emporix-ai-service').credentials;
  const chosen = client === 'manage' ? credentials.schemes.OAuth2 : credentials.readOnly?.OAuth2;
  if (!chosen?.clientId || !chosen.clientSecret) throw new Error('unexpected credentials');
  return { grant_type: 'client_credentials', client_id: chosen.clientId, client_secret: chosen.clientSecret };
}

export async function requestToken(
  set: SimulatorSet,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const target = set.target('emporix-ai-service');
  return reply(
    await fetch(`${target.baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
    }),
  );
}

export interface JobsCall {
  method?: string;
  /** Path after /ai-service/{tenant}/jobs, e.g. '', '/search', '/abc'. */
  path?: string;
  query?: string;
  token?: string;
  headers?: Record<string, string>;
  body?: string;
  tenant?: string;
}

export async function jobs(set: SimulatorSet, call: JobsCall = {}): Promise<Reply> {
  const target = set.target('emporix-ai-service');
  const tenant = call.tenant ?? target.pathParams.tenant;
  const headers: Record<string, string> = { ...call.headers };
  if (call.token !== undefined) headers.authorization = `Bearer ${call.token}`;
  if (call.body !== undefined) headers['content-type'] ??= 'application/json';
  const url = `${target.baseUrl}/ai-service/${tenant}/jobs${call.path ?? ''}${call.query ? `?${call.query}` : ''}`;
  return reply(await fetch(url, { method: call.method ?? 'GET', headers, body: call.body }));
}
