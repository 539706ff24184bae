/** Helpers for the Vectara simulator tests: the generic simulator serving both versions, requests with credentials. */
import type { SimulatorSet, StartOptions } from '../../src/simulators/index.ts';
import { TEST_NOW } from './clock.ts';
import { startSimulators } from './simulators.ts';

export async function startVectara(options: StartOptions = {}): Promise<SimulatorSet> {
  return startSimulators({ apis: ['vectara-v1', 'vectara-v2'], now: () => TEST_NOW, ...options });
}

/** The bearer token the simulator accepts for `api` (its BearerAuth scheme). */
export function bearerToken(set: SimulatorSet, api: 'vectara-v1' | 'vectara-v2'): string {
  const server = set.servers.find((s) => s.apis.includes(api));
  return server?.credentials['BearerAuth.token'] ?? '';
}

export interface Reply {
  status: number;
  headers: Headers;
  json: unknown;
}

async function reply(res: Response): Promise<Reply> {
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text === '' ? undefined : JSON.parse(text) };
}

export interface V1Call {
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string | undefined>;
}

/** POST /v1/list-jobs with the simulator's own credentials unless `headers` overrides them. */
export async function listV1(set: SimulatorSet, call: V1Call = {}): Promise<Reply> {
  const target = set.target('vectara-v1');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const merged = {
    'x-api-key': target.credentials.schemes.ApiKeyAuth?.value,
    'customer-id': target.headerParams?.['customer-id'],
    ...call.headers,
  };
  for (const [k, v] of Object.entries(merged)) if (v !== undefined) headers[k] = v;
  const res = await fetch(`${target.baseUrl}/v1/list-jobs`, {
    method: 'POST',
    headers,
    body: call.rawBody ?? JSON.stringify(call.body ?? {}),
  });
  return reply(res);
}

/** GET a v2 path (with query) with the simulator's API key unless `headers` overrides it. */
export async function getV2(
  set: SimulatorSet,
  pathAndQuery: string,
  headers: Record<string, string | undefined> = {},
): Promise<Reply> {
  const target = set.target('vectara-v2');
  const sent: Record<string, string> = {};
  for (const [k, v] of Object.entries({
    'x-api-key': target.credentials.schemes.ApiKeyAuth?.value,
    ...headers,
  }))
    if (v !== undefined) sent[k] = v;
  return reply(await fetch(`${target.baseUrl}${pathAndQuery}`, { headers: sent }));
}
