import { readFileSync } from 'node:fs';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { type ApiId, apiIds } from '../../src/catalogue/index.ts';
import type { RunResults } from '../../src/core/index.ts';
import { callOperation } from '../../src/http/call.ts';
import { createHttpClient } from '../../src/http/client.ts';
import { runConformance } from '../../src/runner/run.ts';
import type { RequestLogEntry, SimulatorSet } from '../../src/simulators/index.ts';
import { envFile, runCli, tempDir } from '../support/cli.ts';
import { liveEnvFor, plannedIds, resultIds } from '../support/live-env.ts';
import { startSimulators } from '../support/simulators.ts';

/** The APIs the catalogue discovers in schemas/. */
const API_IDS = apiIds();

/** POSTs that read: Vectara v1's list, Emporix search and the OAuth token grant. */
const READ_POSTS = [/\/v1\/list-jobs$/, /\/jobs\/search$/, /\/oauth\/token$/];

function writesIn(log: readonly RequestLogEntry[]): string[] {
  return log
    .filter((r) => r.method !== 'GET' && r.method !== 'HEAD')
    .filter((r) => !(r.method === 'POST' && READ_POSTS.some((p) => p.test(r.path))))
    .map((r) => `${r.method} ${r.path}`);
}

/** Every job a run created on a Cloudflare surface (they carry the run's description), as listed now. */
async function jobsTheRunCreated(sims: SimulatorSet, api: ApiId): Promise<Record<string, unknown>[]> {
  const http = createHttpClient();
  try {
    const x = await callOperation(http, sims.target(api), 'listJobs', { query: { per_page: 50 } });
    const jobs = ((x.json as { result?: Record<string, unknown>[] })?.result ?? []).filter((j) =>
      String(j.description ?? '').startsWith('jobs-conformance'),
    );
    return jobs;
  } finally {
    await http.close();
  }
}

function createsIn(log: readonly RequestLogEntry[], api: ApiId): number {
  return log.filter((r) => r.api === api && r.operation === 'createJob' && r.status === 200).length;
}

async function waitFor(predicate: () => boolean, what: string, limitMs = 30_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.concurrent('read-only by default: no POST, PATCH or DELETE reaches the provider', () => {
  test.each(API_IDS)('%s, live target without --allow-writes', async (api) => {
    const sims = await startSimulators({ apis: [api], jobDurationMs: 1000, cooldownMs: 1000 });
    try {
      // Even a job named deletable is not deleted without --allow-writes.
      const env = { ...liveEnvFor(sims), EMPORIX_DELETABLE_JOB_ID: 'job-named-deletable' };
      const run = await runConformance({ apis: [api], target: 'live', allowWrites: false, env });
      expect(resultIds(run)).toEqual(plannedIds([api]));
      expect(sims.requests.filter((r) => r.api === api).length).toBeGreaterThan(0);
      expect(writesIn(sims.requests)).toEqual([]);
      const methods = new Set(sims.requests.map((r) => r.method));
      expect([...methods].filter((m) => m !== 'GET' && m !== 'POST')).toEqual([]);
    } finally {
      await sims.close();
    }
  });

  test('every API, mock target without --allow-writes', async () => {
    const sims = await startSimulators({ jobDurationMs: 1000, cooldownMs: 1000 });
    try {
      await runConformance({ apis: API_IDS, target: 'mock', allowWrites: false, simulators: sims });
      expect(new Set(sims.requests.map((r) => r.api))).toEqual(new Set(API_IDS));
      expect(writesIn(sims.requests)).toEqual([]);
    } finally {
      await sims.close();
    }
  });

  test('the counter is able to see a write: with --allow-writes the same run sends them', async () => {
    const sims = await startSimulators({
      apis: ['cloudflare-ai-search'],
      jobDurationMs: 300,
      cooldownMs: 500,
    });
    try {
      await runConformance({
        apis: ['cloudflare-ai-search'],
        target: 'mock',
        allowWrites: true,
        simulators: sims,
        checks: 'lifecycle.create',
      });
      expect(writesIn(sims.requests).length).toBeGreaterThan(0);
    } finally {
      await sims.close();
    }
  });
});

describe.concurrent('with --allow-writes every job the run created is cancelled at the end', () => {
  // Jobs that never end on their own: only a cancel ends them.
  const LONG_JOBS = { jobDurationMs: 600_000, cooldownMs: 300 };

  test('when a check fails (lifecycle.never-ends): the failing check’s job is cancelled too', async () => {
    const api = 'cloudflare-ai-search';
    const sims = await startSimulators({ apis: [api], ...LONG_JOBS, faults: ['lifecycle.never-ends'] });
    try {
      const run = await runConformance({
        apis: [api],
        target: 'live',
        allowWrites: true,
        env: liveEnvFor(sims),
        checks: 'lifecycle.*',
        pollTimeoutMs: 2_500,
      });
      const terminal = run.results.find((r) => r.check === 'lifecycle.terminal-state');
      expect(terminal?.status, terminal?.message).toBe('fail');
      const created = await jobsTheRunCreated(sims, api);
      expect(created.length).toBe(createsIn(sims.requests, api));
      expect(created.length).toBeGreaterThanOrEqual(2);
      expect(created.map((j) => j.end_reason)).toEqual(created.map(() => 'cancelled'));
    } finally {
      await sims.close();
    }
  });

  test('when the budget is spent right after the first create: the clean-up still cancels it', async () => {
    const api = 'cloudflare-ai-search';
    const sims = await startSimulators({ apis: [api], ...LONG_JOBS });
    try {
      const run = await runConformance({
        apis: [api],
        target: 'live',
        allowWrites: true,
        env: liveEnvFor(sims),
        checks: 'lifecycle.*',
        budget: 2,
      });
      expect(run.results.map((r) => r.message).join('\n')).toMatch(/budget-exhausted/);
      const created = await jobsTheRunCreated(sims, api);
      expect(created.length).toBe(1);
      expect(created[0]?.end_reason).toBe('cancelled');
      // The clean-up's cancel is counted, outside the budget of 2.
      expect(run.requestCounts[api]).toBe(3);
    } finally {
      await sims.close();
    }
  });

  // Ctrl-C, a CI cancel (GitLab, Kubernetes) and a closed terminal all stop a run the same way.
  test.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)(
    'when the run is interrupted with %s: the CLI cancels, writes what it has, exits %i',
    async (signal, exitCode) => {
      const api = 'cloudflare-ai-search';
      // A long cooldown keeps the run busy after its first create (the next create waits it out).
      const sims = await startSimulators({ apis: [api], jobDurationMs: 600_000, cooldownMs: 20_000 });
      try {
        const dir = tempDir(signal.toLowerCase());
        const cli = runCli([
          'run',
          '--api',
          api,
          '--target',
          'live',
          '--allow-writes',
          '--dotenv',
          envFile(liveEnvFor(sims)),
          '--report-dir',
          join(dir, 'reports'),
        ]);
        await waitFor(() => createsIn(sims.requests, api) > 0, 'the first create');
        const interruptedAt = Date.now();
        cli.child.kill(signal);
        const out = await cli;
        const tookMs = Date.now() - interruptedAt;
        expect(out.stderr).toMatch(
          new RegExp(`^jobs-conformance: interrupted \\(${signal}\\): stopping the checks`, 'm'),
        );
        expect(out.stderr).not.toMatch(/\n\s+at /);
        expect(out.code).toBe(exitCode);
        // Prompt: well under the 20 s cooldown the run was waiting on.
        expect(tookMs).toBeLessThan(10_000);
        const created = await jobsTheRunCreated(sims, api);
        expect(created.length).toBe(createsIn(sims.requests, api));
        expect(created.length).toBeGreaterThan(0);
        expect(created.map((j) => j.end_reason)).toEqual(created.map(() => 'cancelled'));
        // The results so far are written: every planned pair, the ones not reached marked not run.
        const results = JSON.parse(
          readFileSync(join(dir, 'reports', 'latest', 'results.json'), 'utf8'),
        ) as RunResults;
        expect(resultIds(results)).toEqual(plannedIds([api]));
        expect(results.results.some((r) => r.message.includes(`interrupted (${signal})`))).toBe(true);
        // Every result also reached results.ndjson as it was known.
        const streamed = readFileSync(join(dir, 'reports', 'latest', 'results.ndjson'), 'utf8')
          .trim()
          .split('\n');
        expect(streamed.map((line) => (JSON.parse(line) as { id: string }).id).sort()).toEqual(
          plannedIds([api]),
        );
      } finally {
        await sims.close();
      }
    },
  );
});

describe.concurrent('the request budget and the run time limit are enforced and reported', () => {
  test('--budget 4: at most 4 requests reach the API; the rest are budget-exhausted errors; exit 1', async () => {
    const sims = await startSimulators({ apis: ['vectara-v2'] });
    try {
      const dir = tempDir('budget');
      const out = await runCli([
        'run',
        '--api',
        'vectara-v2',
        '--target',
        'live',
        '--budget',
        '4',
        '--dotenv',
        envFile(liveEnvFor(sims)),
        '--report-dir',
        join(dir, 'reports'),
      ]);
      expect(out.code).toBe(1);
      expect(sims.requests.length).toBe(4);
      const results = JSON.parse(
        readFileSync(join(dir, 'reports', 'latest', 'results.json'), 'utf8'),
      ) as RunResults;
      const spent = results.results.filter(
        (r) =>
          r.status === 'error' &&
          /budget-exhausted: request budget of 4 for vectara-v2 spent/.test(r.message),
      );
      expect(spent.length).toBeGreaterThan(0);
      expect(results.requestCounts['vectara-v2']).toBe(4);
    } finally {
      await sims.close();
    }
  });

  test('a provider that never answers: unreachable after 3 timeouts, the rest end at once; exit 1', async () => {
    // Accepts every connection, reads the request, never sends a byte back.
    const sockets: Socket[] = [];
    const server = createServer((socket) => {
      sockets.push(socket);
      socket.on('error', () => {});
      socket.resume();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const dir = tempDir('unreachable');
      const env = { VECTARA_BASE_URL: `http://127.0.0.1:${port}`, VECTARA_API_KEY: 'zwt_key' };
      const started = Date.now();
      const out = await runCli([
        'run',
        '--api',
        'vectara-v2',
        '--target',
        'live',
        '--request-timeout',
        '1',
        '--dotenv',
        envFile(env),
        '--report-dir',
        join(dir, 'reports'),
      ]);
      const tookMs = Date.now() - started;
      expect(out.code, out.stderr).toBe(1);
      // About four request timeouts (plus start-up), not the 600 s run limit.
      expect(tookMs).toBeLessThan(15_000);
      const results = JSON.parse(
        readFileSync(join(dir, 'reports', 'latest', 'results.json'), 'utf8'),
      ) as RunResults;
      expect(resultIds(results)).toEqual(plannedIds(['vectara-v2']));
      expect(results.results.filter((r) => r.status === 'pass')).toEqual([]);
      const notRun = results.results.filter((r) =>
        /^not run: vectara-v2 is unreachable: 3 requests in a row got no answer \(last: no response within 1000 ms\)/.test(
          r.message,
        ),
      );
      expect(notRun.length).toBeGreaterThan(0);
      expect(notRun.every((r) => r.status === 'error')).toBe(true);
      expect(results.requestCounts['vectara-v2']).toBeLessThanOrEqual(4);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('--timeout 1 against a provider that answers slowly: the run stops at its limit, exit 1', async () => {
    const sims = await startSimulators({
      apis: ['vectara-v2'],
      faults: ['transport.slow'],
      transport: { slowMs: 20_000 },
    });
    try {
      const dir = tempDir('timeout');
      const out = await runCli([
        'run',
        '--api',
        'vectara-v2',
        '--target',
        'live',
        '--timeout',
        '1',
        '--dotenv',
        envFile(liveEnvFor(sims)),
        '--report-dir',
        join(dir, 'reports'),
      ]);
      expect(out.code).toBe(1);
      const results = JSON.parse(
        readFileSync(join(dir, 'reports', 'latest', 'results.json'), 'utf8'),
      ) as RunResults;
      expect(results.durationMs).toBeLessThan(5_000);
      expect(resultIds(results)).toEqual(plannedIds(['vectara-v2']));
      const messages = results.results.map((r) => r.message).join('\n');
      expect(messages).toMatch(/aborted: the run deadline was reached/);
      expect(messages).toMatch(/not run: the run's time limit \(1 s\) was reached/);
      expect(results.results.filter((r) => r.status === 'pass')).toEqual([]);
    } finally {
      await sims.close();
    }
  });
});
