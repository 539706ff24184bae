/**
 * A mock run reaches its own simulators in memory (SimulatorSet.memoryDispatcher): the whole suite on
 * every API, run over the sockets and in memory, gives the same results, evidence, recorded exchanges
 * and request counts but for what differs from one run to the next anyway (times, durations, exchange
 * ids, ports, the scrambled wrong credentials).
 */
import { describe, expect, test } from 'vitest';
import { type ApiId, apiIds } from '../../src/catalogue/index.ts';
import type { Exchange, RunResults } from '../../src/core/index.ts';
import { runConformance } from '../../src/runner/index.ts';
import { diffPaths } from '../support/json-diff.ts';

const shape = (value: string) => value.replace(/[a-z]/g, 'a').replace(/[A-Z]/g, 'A').replace(/\d/g, '0');

function steadyExchange({ id: _i, durationMs: _d, startedAt: _s, request, response, ...x }: Exchange) {
  const { date: _date, ...headers } = response?.headers ?? {};
  // A wrong credential is scrambled anew in each run: its shape is what stays.
  const sent = Object.entries(request.headers).map(([k, v]) => [k, shape(v)]);
  return {
    ...x,
    request: { ...request, headers: Object.fromEntries(sent) },
    response: response && { ...response, headers },
  };
}

/** What a run says, without what differs between two runs of the same transport. */
function comparable(run: RunResults, exchanges: Exchange[]): unknown {
  const text = JSON.stringify({
    summary: run.summary,
    requestCounts: run.requestCounts,
    operations: run.operations.map(({ api, operation, requests, statuses }) => ({
      api,
      operation,
      requests,
      statuses,
    })),
    results: run.results.map(({ durationMs: _d, data, ...result }) => {
      const { ms: _ms, ...steadyData } = (data ?? {}) as Record<string, unknown>;
      return { ...result, data: steadyData, evidence: result.evidence.map(steadyExchange) };
    }),
    exchanges: exchanges.map(steadyExchange),
  });
  return JSON.parse(
    text
      .replace(/http:\/\/127\.0\.0\.1:\d+/g, 'http://simulator')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, 'TIME')
      .replace(/\b\d+ ms\b/g, 'N ms')
      // Timestamps under a key such as created_at or finishedAt, epoch numbers too (in JSON, and in body text).
      .replace(/"(\w*(?:At|_at))":("[^"]*"|\d+(?:\.\d+)?)/g, '"$1":"TIME"')
      .replace(/\\"(\w*(?:At|_at))\\":\s*(\\"[^"\\]*\\"|\d+(?:\.\d+)?)/g, '\\"$1\\":\\"TIME\\"'),
  );
}

describe('a mock run in memory is the same as over the sockets', () => {
  // One API per run: the two Cloudflare surfaces share a server, and how their checks interleave
  // changes a run's exchanges whatever the transport.
  test.each(apiIds().map((api) => [api]))(
    '%s: every check, both ways',
    async (api: ApiId) => {
      const options = {
        apis: [api],
        target: 'mock',
        allowWrites: true,
        generation: { seed: 17, maxExamples: 10 },
      } as const;
      const overSockets: Exchange[] = [];
      const inMemory: Exchange[] = [];
      const sockets = await runConformance({
        ...options,
        simulatorTransport: 'sockets',
        onExchange: (x) => overSockets.push(x),
      });
      const memory = await runConformance({
        ...options,
        simulatorTransport: 'memory',
        onExchange: (x) => inMemory.push(x),
      });
      expect(sockets.summary.fail + sockets.summary.error).toBe(0);
      expect(inMemory.length).toBeGreaterThan(10);
      expect(diffPaths(comparable(sockets, overSockets), comparable(memory, inMemory))).toEqual([]);
      // The headers node adds on a socket are there in memory too.
      for (const x of inMemory.filter((x) => x.response))
        expect(Object.keys(x.response?.headers ?? {})).toEqual(
          expect.arrayContaining(['date', 'connection', 'keep-alive', 'content-length']),
        );
    },
    120_000,
  );
});
