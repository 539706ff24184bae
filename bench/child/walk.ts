/**
 * One pagination walk of the Cloudflare job list, in its own process so its peak RSS is its own:
 *   walk.ts engine '<target json>'  the engine (compiled, from dist/): every pagination and response check on
 *                                   listJobs, through the runner's HTTP layer and ProbeContext (keeping what
 *                                   the runner keeps)
 *   walk.ts bare '<target json>'    a bare undici loop over the same pages (both page sizes the
 *                                   walk pair uses): request page N, parse the JSON, collect the ids
 */
import { Agent, request } from 'undici';
import type { ProbeInput } from '../../src/checks/index.ts';
import type { Target } from '../../src/core/index.ts';
import { peakRssMiB, reportToParent } from '../lib/measure.ts';

/** A module of the engine as the command runs it: compiled in dist/ (walks.ts builds it first), typed from its source. */
const compiled = <T>(path: string): Promise<T> => import(new URL(`../../dist/${path}`, import.meta.url).href);
const [{ getCatalogue }, { ProbeContext }, { walkSizes }, { sendProbe }, { createHttpClient }, plan, stats] =
  await Promise.all([
    compiled<typeof import('../../src/catalogue/index.ts')>('catalogue/index.js'),
    compiled<typeof import('../../src/checks/index.ts')>('checks/index.js'),
    compiled<typeof import('../../src/checks/paging.ts')>('checks/paging.js'),
    compiled<typeof import('../../src/runner/send-probe.ts')>('runner/send-probe.js'),
    compiled<typeof import('../../src/http/client.ts')>('http/client.js'),
    compiled<typeof import('../../src/runner/plan.ts')>('runner/plan.js'),
    compiled<typeof import('../../src/runner/stats.ts')>('runner/stats.js'),
  ]);
const { planChecks, selectChecks } = plan;
const { ExchangeStats } = stats;

export interface WalkResult {
  mode: 'engine' | 'bare';
  ms: number;
  /** CPU time (user + system) of this process during the walk: its own work, whatever the simulator's. */
  cpuMs: number;
  requests: number;
  ids: number;
  peakRssMiB: number;
  /** Heap in use after the walk with everything it kept still reachable. */
  heapUsedMiB: number;
  checks?: Record<string, string>;
  /** Engine: ms each check took (the first pays for the walk pair every pagination check shares). */
  checkMs?: Record<string, number>;
}

const mode = process.argv[2] as 'engine' | 'bare';
const target = JSON.parse(process.argv[3] ?? '{}') as Target;
const catalogue = getCatalogue();
const op = catalogue.operation(target.api, 'listJobs');
const sizes = walkSizes(op);
const token = target.credentials.schemes.apiToken?.token ?? '';

const cpuSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

async function engine(): Promise<Omit<WalkResult, 'peakRssMiB' | 'heapUsedMiB'>> {
  const api = catalogue.api(target.api);
  // The pagination checks, and the response checks that judge every page as it arrives (a real run's work).
  const plan = planChecks(
    api,
    selectChecks(
      'pagination.*,status.documented,content-type,body.schema,envelope.consistent,enum.known,headers',
    ),
  ).filter((p) => p.op === op);
  // As the runner keeps them: each exchange tallied, not kept.
  const exchanges = new ExchangeStats();
  const cpu = process.cpuUsage();
  const started = performance.now();
  // As runConformance sets it up for the simulators, without its run deadline (a 1M walk outlasts it).
  const http = createHttpClient({
    timeoutMs: 10_000,
    maxRetryWaitMs: 2_000,
    onExchange: (x) => exchanges.add(x),
  });
  // The runner's own probe sender (without a run's reachability signal).
  const send = (o: typeof op, input: ProbeInput) => sendProbe(http, target, o, input);
  const ctx = new ProbeContext(catalogue, api, target, send, {
    live: false,
    allowWrites: false,
    pageLimit: Number.MAX_SAFE_INTEGER,
    pollTimeoutMs: 10_000,
  });
  for (const check of new Set(plan.map((p) => p.check))) check.attach?.(ctx);
  const checks: Record<string, string> = {};
  const checkMs: Record<string, number> = {};
  for (const planned of plan) {
    const t = performance.now();
    const outcome = await planned.check.run(ctx, op);
    checkMs[planned.check.id] = Math.round(performance.now() - t);
    checks[planned.check.id] = outcome.status === 'pass' ? 'pass' : `${outcome.status}: ${outcome.message}`;
  }
  const ms = performance.now() - started;
  const cpuMs = cpuSince(cpu);
  await http.close();
  const walk = await ctx.walk(op, sizes.large);
  keep = [exchanges, ctx];
  return { mode, ms, cpuMs, requests: exchanges.count, ids: walk.ids.length, checks, checkMs };
}

async function bare(): Promise<Omit<WalkResult, 'peakRssMiB' | 'heapUsedMiB'>> {
  const agent = new Agent({ connections: 16 });
  const { account_id, id } = target.pathParams;
  const base = `${target.baseUrl}/accounts/${account_id}/ai-search/instances/${id}/jobs`;
  const cpu = process.cpuUsage();
  const started = performance.now();
  let requests = 0;
  const walks: string[][] = [];
  for (const size of [sizes.large, sizes.small]) {
    const ids: string[] = [];
    for (let page = 1; ; page++) {
      const res = await request(`${base}?page=${page}&per_page=${size}`, {
        dispatcher: agent,
        headers: { authorization: `Bearer ${token}` },
      });
      requests++;
      const body = (await res.body.json()) as { result: { id: string }[] };
      for (const job of body.result) ids.push(job.id);
      if (body.result.length < size) break;
    }
    walks.push(ids);
  }
  const ms = performance.now() - started;
  const cpuMs = cpuSince(cpu);
  await agent.close();
  keep = walks;
  return { mode, ms, cpuMs, requests, ids: walks[0]!.length };
}

// What the walk kept stays reachable until the heap is measured.
let keep: unknown;
const result = mode === 'engine' ? await engine() : await bare();
const heapUsedMiB = process.memoryUsage().heapUsed / 1024 / 1024;
reportToParent({ ...result, peakRssMiB: peakRssMiB(), heapUsedMiB, kept: keep ? 1 : 0 });
