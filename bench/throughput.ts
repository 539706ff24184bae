/**
 * Benchmark 2: requests/s on the Cloudflare job list (per_page=50), three servers side by side,
 * each in its own process on 127.0.0.1 and driven by autocannon from this process with the same
 * connections and duration:
 *   - the simulator (stateful, faithful: auth, bounds, paging from the catalogue);
 *   - Prism (`prism mock` on the same OpenAPI document, external $refs resolved by Prism);
 *   - node:http answering the simulator's page as a fixed body: what any Node server can reach here;
 *   - pact-stub-server (the Rust stub in @pact-foundation/pact-cli) replaying a pact whose one
 *     interaction is this request with the simulator's own page as its body (same bytes on the wire).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { Target } from '../src/core/index.ts';
import {
  ROOT,
  type Row,
  type ServerChild,
  type Stats,
  sleep,
  startBenchServer,
  startProcess,
  stats,
  table,
  verdict,
} from './lib/measure.ts';

export interface ServerThroughput {
  server: string;
  requestsPerSecond: Stats;
  /** Median latency (ms) per run. */
  latencyMs: Stats;
  bodyBytes: number;
  non2xx: number;
  errors: number;
}

export interface ThroughputResult {
  connections: number;
  durationSeconds: number;
  runs: number;
  path: string;
  servers: ServerThroughput[];
  ratioToPrism: number;
  ratioToPactStub: number;
  met: { prism: boolean; pactStub: boolean };
}

const require = createRequire(import.meta.url);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls until the URL answers 200 (a server that says it listens may not route yet). */
async function waitFor200(url: string, headers: Record<string, string>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { headers });
      await res.arrayBuffer();
      if (res.status === 200) return;
      last = `status ${res.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(100);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (${last})`);
}

async function bodyBytes(url: string, headers: Record<string, string>): Promise<number> {
  const res = await fetch(url, { headers });
  return (await res.arrayBuffer()).byteLength;
}

function cannon(url: string, headers: Record<string, string>, connections: number, seconds: number) {
  return autocannon({ url, headers, connections, duration: seconds, pipelining: 1 });
}

async function measureServer(
  server: string,
  url: string,
  headers: Record<string, string>,
  o: { connections: number; seconds: number; runs: number },
): Promise<ServerThroughput> {
  await waitFor200(url, headers);
  // Warm-up: JIT, keep-alive sockets, any lazy state on the server.
  await cannon(url, headers, o.connections, 1);
  const rps: number[] = [];
  const latency: number[] = [];
  let non2xx = 0;
  let errors = 0;
  for (let i = 0; i < o.runs; i++) {
    const r = await cannon(url, headers, o.connections, o.seconds);
    rps.push(r.requests.average);
    latency.push(r.latency.p50);
    non2xx += r.non2xx;
    errors += r.errors + r.timeouts;
  }
  return {
    server,
    requestsPerSecond: stats(rps),
    latencyMs: stats(latency),
    bodyBytes: await bodyBytes(url, headers),
    non2xx,
    errors,
  };
}

/** A pact (V3) with one interaction: the list request and the page the simulator answers it with. */
function writeStubPact(dir: string, path: string, query: string, token: string, body: unknown): string {
  const file = join(dir, 'bench-cloudflare-ai-search.json');
  const pact = {
    consumer: { name: 'jobs-conformance-bench' },
    provider: { name: 'cloudflare-ai-search' },
    interactions: [
      {
        description: 'a request for the first page of jobs, 50 per page',
        request: {
          method: 'GET',
          path,
          query: Object.fromEntries([...new URLSearchParams(query).entries()].map(([k, v]) => [k, [v]])),
          headers: { Authorization: `Bearer ${token}` },
        },
        response: { status: 200, headers: { 'Content-Type': 'application/json' }, body },
      },
    ],
    metadata: { pactSpecification: { version: '3.0.0' } },
  };
  writeFileSync(file, JSON.stringify(pact));
  return file;
}

export async function benchThroughput(o: {
  connections: number;
  seconds: number;
  runs: number;
}): Promise<ThroughputResult> {
  const children: ServerChild<unknown>[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'jobs-conformance-bench-'));
  try {
    const sim = await startBenchServer<{ targets: Record<string, Target> }>('../child/simulator.ts', [
      'cloudflare-ai-search',
      '300',
    ]);
    children.push(sim);
    const target = sim.info.targets['cloudflare-ai-search']!;
    const { account_id, id } = target.pathParams;
    const token = target.credentials.schemes.apiToken?.token ?? '';
    const headers = { authorization: `Bearer ${token}` };
    const path = `/accounts/${account_id}/ai-search/instances/${id}/jobs`;
    const query = 'per_page=50';
    const simUrl = `${target.baseUrl}${path}?${query}`;
    const servers: ServerThroughput[] = [];
    servers.push(await measureServer('simulator', simUrl, headers, o));

    // Prism: the same OpenAPI document, its servers' base path (/client/v4) not part of its routes.
    const prismPort = await freePort();
    const prism = await startProcess(
      process.execPath,
      [
        require.resolve('@stoplight/prism-cli/dist/index.js'),
        'mock',
        '-h',
        '127.0.0.1',
        '-p',
        String(prismPort),
        join(ROOT, 'schemas/cloudflare-ai-search/openapi.json'),
      ],
      (out) => (out.includes('Prism is listening') ? true : undefined),
      { timeoutMs: 60_000 },
    );
    children.push(prism);
    servers.push(await measureServer('prism', `http://127.0.0.1:${prismPort}${path}?${query}`, headers, o));
    await prism.stop();

    // The floor of a Node server: node:http answering the simulator's own page, fixed.
    const page = await (await fetch(simUrl, { headers })).json();
    const bodyFile = join(dir, 'page.json');
    writeFileSync(bodyFile, JSON.stringify(page));
    const fixed = await startBenchServer<{ port: number }>('../child/fixed-body-server.ts', [bodyFile]);
    children.push(fixed);
    servers.push(
      await measureServer(
        'node:http fixed body',
        `http://127.0.0.1:${fixed.info.port}${path}?${query}`,
        headers,
        o,
      ),
    );
    await fixed.stop();

    // pact-stub-server: the simulator's own page as the interaction's body.
    const pactFile = writeStubPact(dir, `/client/v4${path}`, query, token, page);
    const stubPort = await freePort();
    const { standalone } = require('@pact-foundation/pact-cli/src/pact-standalone') as {
      standalone: () => { pactFullPath: string };
    };
    const stub = await startProcess(
      standalone().pactFullPath,
      ['stub', '-p', String(stubPort), '-f', pactFile, '--loglevel', 'error'],
      () => true,
      { timeoutMs: 30_000 },
    );
    children.push(stub);
    servers.push(
      await measureServer(
        'pact-stub-server',
        `http://127.0.0.1:${stubPort}/client/v4${path}?${query}`,
        headers,
        o,
      ),
    );

    const rps = (name: string) => servers.find((s) => s.server === name)!.requestsPerSecond.median;
    const ratioToPrism = rps('simulator') / rps('prism');
    const ratioToPactStub = rps('simulator') / rps('pact-stub-server');
    return {
      connections: o.connections,
      durationSeconds: o.seconds,
      runs: o.runs,
      path: `${path}?${query}`,
      servers,
      ratioToPrism,
      ratioToPactStub,
      met: { prism: ratioToPrism >= 5, pactStub: ratioToPactStub >= 1 },
    };
  } finally {
    for (const child of children.reverse()) await child.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function throughputRows(r: ThroughputResult): Row[] {
  const of = (name: string) => r.servers.find((s) => s.server === name)!;
  const rpsCell = (s: ServerThroughput) =>
    `${Math.round(s.requestsPerSecond.median).toLocaleString('en-US')} req/s (${Math.round(s.requestsPerSecond.min).toLocaleString('en-US')}–${Math.round(s.requestsPerSecond.max).toLocaleString('en-US')})`;
  const detail = (s: ServerThroughput) =>
    `p50 ${s.latencyMs.median.toFixed(1)} ms, ${s.bodyBytes} B body${s.non2xx + s.errors > 0 ? `, ${s.non2xx} non-2xx, ${s.errors} errors` : ''}`;
  const sim = of('simulator');
  return [
    { measure: 'simulator: Cloudflare list, per_page=50', value: rpsCell(sim), peer: detail(sim) },
    { measure: 'Prism mock, same OpenAPI document', value: rpsCell(of('prism')), peer: detail(of('prism')) },
    {
      measure: 'pact-stub-server, same request and body',
      value: rpsCell(of('pact-stub-server')),
      peer: detail(of('pact-stub-server')),
    },
    {
      measure: "node:http, fixed body (a Node server's floor)",
      value: rpsCell(of('node:http fixed body')),
      peer: detail(of('node:http fixed body')),
    },
    {
      measure: 'simulator ÷ Prism',
      value: `${r.ratioToPrism.toFixed(2)}×`,
      target: '≥ 5×',
      verdict: verdict(r.met.prism),
    },
    {
      measure: 'simulator ÷ pact-stub-server',
      value: `${r.ratioToPactStub.toFixed(2)}×`,
      target: '≥ 1.0×',
      verdict: verdict(r.met.pactStub),
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchThroughput({ connections: 10, seconds: Number(process.argv[2] ?? 5), runs: 3 });
  process.stdout.write(
    table(`Throughput (${r.connections} connections, ${r.durationSeconds} s × ${r.runs})`, throughputRows(r)),
  );
}
