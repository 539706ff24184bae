import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_IDS, type ApiId, getCatalogue } from '../../src/catalogue/index.ts';
import type { RunResults } from '../../src/core/index.ts';
import { planChecks } from '../../src/runner/plan.ts';
import type { SimulatorSet } from '../../src/simulators/index.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'bin/jobs-conformance.js');

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `jc-${prefix}-`));
}

/** A loopback port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The .env a user would write, pointed at the simulators standing in for a deployment (the APIs they serve). */
export function liveEnvFor(sims: SimulatorSet): Record<string, string> {
  const env: Record<string, string> = {};
  const cf = sims.targets['cloudflare-ai-search-namespaced'] ?? sims.targets['cloudflare-ai-search'];
  if (cf) {
    env.CLOUDFLARE_BASE_URL = cf.baseUrl;
    env.CLOUDFLARE_ACCOUNT_ID = cf.pathParams.account_id!;
    env.CLOUDFLARE_AI_SEARCH_INSTANCE = cf.pathParams.id!;
    env.CLOUDFLARE_AI_SEARCH_NAMESPACE = cf.pathParams.name ?? 'default';
    if (cf.credentials.kind === 'cloudflare-token') env.CLOUDFLARE_API_TOKEN = cf.credentials.token;
  }
  const vectara = sims.targets['vectara-v1'] ?? sims.targets['vectara-v2'];
  if (vectara) {
    env.VECTARA_BASE_URL = vectara.baseUrl;
    if (vectara.credentials.kind === 'vectara-api-key') {
      env.VECTARA_API_KEY = vectara.credentials.apiKey;
      if (vectara.credentials.customerId) env.VECTARA_CUSTOMER_ID = vectara.credentials.customerId;
    }
  }
  const em = sims.targets['emporix-ai-service'];
  if (em) {
    env.EMPORIX_BASE_URL = em.baseUrl;
    env.EMPORIX_TENANT = em.pathParams.tenant!;
    if (em.credentials.kind === 'emporix-client') {
      env.EMPORIX_CLIENT_ID = em.credentials.clientId;
      env.EMPORIX_CLIENT_SECRET = em.credentials.clientSecret;
    }
  }
  return env;
}

/** A .env file in a fresh folder: the path, for --env-file. */
export function envFile(env: Record<string, string>): string {
  const path = join(tempDir('env'), '.env');
  writeFileSync(
    path,
    `${Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`,
  );
  return path;
}

/** Every planned (operation, check) id of the APIs, the set a complete run reports on. */
export function plannedIds(apis: readonly ApiId[] = API_IDS, checks?: Parameters<typeof planChecks>[1]) {
  return apis.flatMap((api) => planChecks(getCatalogue().api(api), checks).map((p) => p.id)).sort();
}

export function resultIds(run: RunResults): string[] {
  return run.results.map((r) => r.id).sort();
}

export interface CliOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Spawns the CLI as a user would; the environment is the given one only (plus PATH). */
export function runCli(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number; asInstalled?: boolean } = {},
): Promise<CliOutcome> & { child: ReturnType<typeof spawn> } {
  // asInstalled: run the bin file itself, through its shebang, as the installed command runs.
  const [command, argv] = options.asInstalled ? [BIN, args] : [process.execPath, [BIN, ...args]];
  return runCommand(command, argv, options);
}

/** Spawns any command (npx, npm) in the project as a user would; the environment is the given one only (plus PATH). */
export function runCommand(
  command: string,
  argv: string[],
  options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {},
): Promise<CliOutcome> & { child: ReturnType<typeof spawn> } {
  const child = spawn(command, argv, {
    cwd: options.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const done = new Promise<CliOutcome>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return Object.assign(done, { child });
}
