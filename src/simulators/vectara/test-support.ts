/** Helpers for the Vectara simulator tests: a started group, requests with credentials, body diffs. */
import type { SimulatorSet, StartOptions } from '../core.ts';
import { startSimulators } from '../host.ts';
import { vectaraSimulator } from './index.ts';

/** A fixed clock so seeded data is the same in every run of the tests. */
export const TEST_NOW = Date.UTC(2026, 10, 22, 15, 30, 0);

export async function startVectara(options: StartOptions = {}): Promise<SimulatorSet> {
  return startSimulators({ modules: [vectaraSimulator], now: () => TEST_NOW, ...options });
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
  if (target.credentials.kind !== 'vectara-api-key') throw new Error('unexpected credentials');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const merged = {
    'x-api-key': target.credentials.apiKey,
    'customer-id': target.credentials.customerId,
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
  if (target.credentials.kind !== 'vectara-api-key') throw new Error('unexpected credentials');
  const sent: Record<string, string> = {};
  for (const [k, v] of Object.entries({ 'x-api-key': target.credentials.apiKey, ...headers }))
    if (v !== undefined) sent[k] = v;
  return reply(await fetch(`${target.baseUrl}${pathAndQuery}`, { headers: sent }));
}

/** JSON pointers of every leaf where `a` and `b` differ (added, removed or changed). */
export function diffPaths(a: unknown, b: unknown, at = ''): string[] {
  if (a === b) return [];
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';
  if (!isObject(a) || !isObject(b) || Array.isArray(a) !== Array.isArray(b)) return [at];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((k) => diffPaths(a[k], b[k], `${at}/${k}`));
}
