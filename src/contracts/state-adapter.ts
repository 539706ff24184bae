import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NotVerifiable, type StateBackend } from './state-backend.ts';

/**
 * The state-change endpoint of Pact's standard provider-state protocol, as any Pact verifier calls
 * it (pact-js `providerStatesSetupUrl`, the pact_verifier CLI's `--state-change-url`):
 *   POST /  {"state": "a job exists", "params": {...}, "action": "setup" | "teardown"}
 * Setup answers 200 with the values the interaction's request takes (provider-state injection);
 * a state the backend will not reach answers 409 `{error, notVerified}`, a failure 500 `{error}`
 * (either fails the interaction without its request being sent). Teardown answers 200 `{}`.
 */
export interface StateAdapter {
  url: string;
  /** Why a state was not reached, by state name (the interactions needing it are not verified). */
  refused: Map<string, string>;
  /** Setups that failed, by state name. */
  failed: Map<string, string>;
  close(): Promise<void>;
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', reject);
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text ? (JSON.parse(text) as Record<string, unknown>) : {});
      } catch (error) {
        reject(error);
      }
    });
  });
}

function reply(res: ServerResponse, status: number, json: unknown): void {
  const bytes = Buffer.from(JSON.stringify(json));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(bytes.length) });
  res.end(bytes);
}

export async function startStateAdapter(
  backend: StateBackend,
  options: { host?: string; port?: number } = {},
): Promise<StateAdapter> {
  const refused = new Map<string, string>();
  const failed = new Map<string, string>();
  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return reply(res, 405, { error: 'POST {state, params, action}' });
    let body: Record<string, unknown>;
    try {
      body = await readJson(req);
    } catch (error) {
      return reply(res, 400, { error: `the body is not JSON: ${(error as Error).message}` });
    }
    // The query form some verifiers use (state_change_as_query) carries the same fields.
    const query = new URL(req.url ?? '/', 'http://adapter').searchParams;
    const state = String(body.state ?? query.get('state') ?? '');
    const action = String(body.action ?? query.get('action') ?? 'setup');
    const params = (typeof body.params === 'object' && body.params !== null ? body.params : {}) as Record<
      string,
      unknown
    >;
    if (!state) return reply(res, 400, { error: 'no state named: {"state": "..."}' });
    try {
      if (action === 'teardown') {
        await backend.teardown(state, params);
        return reply(res, 200, {});
      }
      return reply(res, 200, await backend.setup(state, params));
    } catch (error) {
      const message = (error as Error).message;
      if (error instanceof NotVerifiable) {
        refused.set(state, message);
        return reply(res, 409, { error: message, notVerified: message });
      }
      failed.set(state, `${action}: ${message}`);
      return reply(res, 500, { error: message });
    }
  }

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/`,
    refused,
    failed,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
