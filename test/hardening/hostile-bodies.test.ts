import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { Result, RunResults } from '../../src/core/index.ts';
import type { FaultId } from '../../src/simulators/index.ts';
import { runCli, tempDir } from '../support/cli.ts';

/**
 * Hostile providers (issue 11, point 3: no result is ever lost). For each hostile body the CLI runs
 * as a user would run it, every API against the simulators with that one fault, and must:
 * exit 1; write every report file in the run folder; name the fault in the failing results; stay
 * under 400 MiB of peak RSS; end in reasonable time.
 *
 * Peak RSS is the child's own high-water mark: /proc/<pid>/status VmHWM (the kernel's peak resident
 * set, which only grows) polled every 50 ms while it runs, and, to cover the last few milliseconds
 * before it exits, process.resourceUsage().maxRSS (getrusage: the same peak) written by the child on
 * 'exit' from a module NODE_OPTIONS preloads (peak-rss.mjs). The larger of the two is asserted.
 *
 * HOSTILE_FIGURES=<file> appends one line per fault (exit code, wall time, peak RSS) to that file.
 */

const PEAK_RSS_LIMIT = 400 * 1024 * 1024;
const POLL_MS = 50;
const PRELOAD = new URL('./peak-rss.mjs', import.meta.url).pathname;
const REPORT_FILES = [
  'results.json',
  'results.ndjson',
  'index.html',
  'junit.xml',
  'summary.md',
  'exchanges.har',
];

interface HostileCase {
  fault: FaultId;
  /** What every failing result's message must say (the fault, or what it caused, naming it). */
  names: RegExp;
  /** What body.schema must say for every API, where the fault leaves an answer to judge. */
  schema?: RegExp;
  /** The run's wall-time bound. */
  withinMs: number;
  /** --request-timeout (seconds) for answers that never complete. */
  requestTimeout?: number;
}

/** Null and array roots break object bodies; their consequences (no item array, no job id) follow. */
const NOT_AN_OBJECT =
  /must be (object|array)|no item array|is (null|an array), not an object|returned no job id|no job (is known|was created)/;

const CASES: HostileCase[] = [
  {
    fault: 'transport.deep-nesting',
    names: /JSON nesting deeper than 512 levels/,
    schema: /body is not JSON \(JSON nesting deeper than 512 levels/,
    withinMs: 60_000,
  },
  {
    fault: 'transport.huge-body',
    names: /too-large: .*body exceeds the 8 MiB cap \(stopped after \d+ bytes\)/,
    withinMs: 60_000,
  },
  {
    fault: 'transport.invalid-utf8',
    names: /invalid UTF-8 at byte \d+/,
    schema: /body is not JSON \(invalid UTF-8 at byte \d+/,
    withinMs: 60_000,
  },
  {
    fault: 'transport.gzip-bomb',
    names: /too-large: .*gzip-encoded body of \d+ bytes decodes past the 8 MiB cap/,
    withinMs: 60_000,
  },
  {
    fault: 'transport.huge-header',
    names: /too-large: .*response headers from \S+ are larger than the 16 KiB the client accepts/,
    withinMs: 60_000,
  },
  {
    fault: 'transport.null-body',
    names: NOT_AN_OBJECT,
    schema: /must be (object|array)|the body is null, not an object/,
    withinMs: 60_000,
  },
  {
    fault: 'transport.array-body',
    names: NOT_AN_OBJECT,
    schema: /must be object|the body is an array, not an object/,
    withinMs: 60_000,
  },
  {
    fault: 'transport.content-length-invalid',
    names: /malformed HTTP response from \S+: .*Invalid character in Content-Length/,
    withinMs: 60_000,
  },
  {
    // Every request waits out its 1 s timeout; 3 in a row end the API (unreachable): about 4 timeouts.
    fault: 'transport.body-never-ends',
    names: /body not complete within 1000 ms|unreachable/,
    withinMs: 30_000,
    requestTimeout: 1,
  },
  {
    fault: 'transport.no-headers',
    names: /no response within 1000 ms|unreachable/,
    withinMs: 30_000,
    requestTimeout: 1,
  },
];

interface Figures {
  fault: string;
  code: number | null;
  wallMs: number;
  peakRssBytes: number;
  polledHwmBytes: number;
  exitMaxRssBytes?: number;
}

const figures: Figures[] = [];
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  const out = process.env.HOSTILE_FIGURES;
  if (!out) return;
  for (const f of figures) {
    appendFileSync(
      out,
      `${f.fault.padEnd(34)} exit ${f.code}  wall ${(f.wallMs / 1000).toFixed(1).padStart(5)} s  peak RSS ${mib(f.peakRssBytes).padStart(4)} MiB (VmHWM polled ${mib(f.polledHwmBytes)}, maxRSS at exit ${f.exitMaxRssBytes === undefined ? '-' : mib(f.exitMaxRssBytes)})\n`,
    );
  }
});

const mib = (bytes: number) => String(Math.round(bytes / 1024 / 1024));

/** VmHWM of a running process in bytes; undefined once it is gone (or off Linux). */
function highWaterMark(pid: number): number | undefined {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

function runFolder(reportDir: string): string {
  const runs = readdirSync(reportDir).filter((name) => name !== 'latest');
  expect(runs).toHaveLength(1);
  return join(reportDir, runs[0] as string);
}

function failing(results: Result[]): Result[] {
  return results.filter((r) => r.status === 'fail' || r.status === 'error');
}

describe('hostile provider bodies: the run ends, every report is written, the fault is named', () => {
  test.each(CASES)(
    '$fault',
    async ({ fault, names, schema, withinMs, requestTimeout }) => {
      const dir = tempDir('hostile');
      dirs.push(dir);
      const reportDir = join(dir, 'reports');
      const rssFile = join(dir, 'max-rss');
      const started = performance.now();
      const run = runCli(
        [
          'run',
          '--api',
          'all',
          '--target',
          'mock',
          '--allow-writes',
          '--fault',
          fault,
          '--report-dir',
          reportDir,
          '--timeout',
          '120',
          ...(requestTimeout ? ['--request-timeout', String(requestTimeout)] : []),
        ],
        {
          env: { NODE_OPTIONS: `--import=${PRELOAD}`, JC_MAX_RSS_FILE: rssFile },
          timeoutMs: 150_000,
        },
      );
      const pid = run.child.pid as number;
      let polled = 0;
      const poll = setInterval(() => {
        polled = Math.max(polled, highWaterMark(pid) ?? 0);
      }, POLL_MS);
      const out = await run.finally(() => clearInterval(poll));
      const wallMs = performance.now() - started;
      const exitMaxRss = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : undefined;
      const peak = Math.max(polled, exitMaxRss ?? 0);
      figures.push({
        fault,
        code: out.code,
        wallMs,
        peakRssBytes: peak,
        polledHwmBytes: polled,
        ...(exitMaxRss !== undefined ? { exitMaxRssBytes: exitMaxRss } : {}),
      });

      // Exit 1, a verdict line, no crash.
      expect(out.stderr).not.toMatch(/internal error|Maximum call stack|\n\s+at /);
      expect(out.stdout).toMatch(/^FAIL: /m);
      expect(out.code, out.stderr).toBe(1);

      // Every report file, in the run folder.
      const folder = runFolder(reportDir);
      for (const file of REPORT_FILES) expect(existsSync(join(folder, file)), file).toBe(true);
      const results = JSON.parse(readFileSync(join(folder, 'results.json'), 'utf8')) as RunResults;
      const streamed = readFileSync(join(folder, 'results.ndjson'), 'utf8').trim().split('\n');
      expect(streamed.map((line) => (JSON.parse(line) as Result).id).sort()).toEqual(
        results.results.map((r) => r.id).sort(),
      );
      JSON.parse(readFileSync(join(folder, 'exchanges.har'), 'utf8'));
      expect(readFileSync(join(folder, 'junit.xml'), 'utf8')).toMatch(/<testsuites/);
      expect(readFileSync(join(folder, 'index.html'), 'utf8')).toMatch(/<\/html>\s*$/);

      // The failing results name the fault; none is a crash of a check.
      const bad = failing(results.results);
      expect(bad.length).toBeGreaterThan(0);
      expect(bad.filter((r) => /check crashed/.test(r.message)).map((r) => `${r.id}: ${r.message}`)).toEqual(
        [],
      );
      const unnamed = bad.filter((r) => !names.test(r.message));
      expect(unnamed.map((r) => `${r.id}: ${r.status} ${r.message}`)).toEqual([]);
      if (schema) {
        // body.schema judges every answer: each API has at least one failing body naming the fault.
        for (const api of results.apis) {
          const judged = results.results.filter((r) => r.api === api && r.check === 'body.schema');
          expect(
            judged.some((r) => r.status === 'fail' && schema.test(r.message)) ||
              judged.every((r) => r.status === 'error' && schema.test(r.message)),
            `${api}: ${judged.map((r) => `${r.status} ${r.message}`).join(' | ')}`,
          ).toBe(true);
        }
      }

      // Bounded: memory and time.
      expect(peak, `peak RSS ${mib(peak)} MiB`).toBeGreaterThan(0);
      expect(peak, `peak RSS ${mib(peak)} MiB`).toBeLessThan(PEAK_RSS_LIMIT);
      expect(wallMs).toBeLessThan(withinMs);
    },
    160_000,
  );
});
