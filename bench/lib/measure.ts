/**
 * What every benchmark shares: repeated measurement after a warm-up, the statistics of a sample
 * (median and spread), child processes that report one JSON line, the printed table, and a current
 * build of dist/.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A sample summarised: median, min–max and the interquartile range. */
export interface Stats {
  n: number;
  median: number;
  min: number;
  max: number;
  q1: number;
  q3: number;
  values: number[];
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function stats(values: readonly number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    values: [...values],
  };
}

/** Runs fn `warmup` times unrecorded, then `reps` times, and returns the recorded results. */
export async function repeat<T>(reps: number, warmup: number, fn: (rep: number) => Promise<T>): Promise<T[]> {
  for (let i = 0; i < warmup; i++) await fn(-1 - i);
  const out: T[] = [];
  for (let i = 0; i < reps; i++) out.push(await fn(i));
  return out;
}

/** Stats of one numeric field over a list of records. */
export function statsOf<T>(records: readonly T[], pick: (r: T) => number): Stats {
  return stats(records.map(pick));
}

/** The marker a child process prints before its one JSON result line. */
export const RESULT_MARK = '@@bench-result ';

/** Prints a child's result where its parent finds it. */
export function reportToParent(result: unknown): void {
  process.stdout.write(`${RESULT_MARK}${JSON.stringify(result)}\n`);
}

export interface ChildOptions {
  env?: NodeJS.ProcessEnv;
  /** Abort the child after this long (a hang is a failed benchmark, never a stuck run). */
  timeoutMs?: number;
  /** Extra node flags (e.g. --max-old-space-size). */
  nodeFlags?: string[];
}

/**
 * Runs a TypeScript bench script in a fresh node (through tsx) and returns the JSON it reported,
 * so that its peak RSS (process.resourceUsage().maxRSS) is its own.
 */
export function runChild<T>(script: string, args: string[] = [], options: ChildOptions = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...(options.nodeFlags ?? []),
        '--import',
        'tsx',
        fileURLToPath(new URL(script, import.meta.url)),
        ...args,
      ],
      { cwd: ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith(RESULT_MARK));
      if (code !== 0 || !line) {
        reject(
          new Error(
            `${script} ${args.join(' ')} ended with ${signal ?? `exit ${code}`}: ${err.trim().split('\n').slice(-5).join(' | ')}`,
          ),
        );
        return;
      }
      resolve(JSON.parse(line.slice(RESULT_MARK.length)) as T);
    });
  });
}

/**
 * Builds dist/ (`npm run build`) unless it is newer than every source file: what bin/ runs, and what
 * the benchmarks that load the engine in their own process (the walks) measure.
 */
export function ensureBuilt(): void {
  const stamp = join(ROOT, 'dist/.build-stamp');
  const sources = join(ROOT, 'src');
  if (existsSync(stamp)) {
    const built = statSync(stamp).mtimeMs;
    const stale = readdirSync(sources, { recursive: true, encoding: 'utf8' }).some(
      (file) => statSync(join(sources, file)).mtimeMs > built,
    );
    if (!stale) return;
  }
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.js')], { cwd: ROOT, stdio: 'inherit' });
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

// ---- printing ----------------------------------------------------------------------------------

const fmt = (v: number, digits: number) =>
  Number.isFinite(v)
    ? v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })
    : '–';

/** "median (min–max)" with a unit. */
export function cell(s: Stats, unit = '', digits = 0): string {
  return `${fmt(s.median, digits)}${unit} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`;
}

export interface Row {
  measure: string;
  value: string;
  peer?: string;
  target?: string;
  verdict?: 'met' | 'missed' | 'n/a';
}

/** A plain-text table: one row per figure, the peer beside it, the target and whether it was met. */
export function table(title: string, rows: readonly Row[]): string {
  const head: Row = {
    measure: 'measure',
    value: 'median (min–max)',
    peer: 'peer',
    target: 'target',
    verdict: undefined,
  };
  const all = [head, ...rows];
  const cols: (keyof Row)[] = ['measure', 'value', 'peer', 'target', 'verdict'];
  const widths = cols.map((c) => Math.max(...all.map((r) => String(r[c] ?? (r === head ? c : '')).length)));
  const line = (r: Row) =>
    cols
      .map((c, i) => String(r[c] ?? (r === head ? (c === 'verdict' ? 'met?' : c) : '')).padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const rule = '-'.repeat(widths.reduce((a, b) => a + b + 2, -2));
  return `\n${title}\n${rule}\n${line(head)}\n${rule}\n${rows.map(line).join('\n')}\n${rule}\n`;
}

export function verdict(ok: boolean): 'met' | 'missed' {
  return ok ? 'met' : 'missed';
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface ServerChild<T> {
  info: T;
  pid: number;
  /** Ends the process (SIGTERM, then SIGKILL after 3 s) and waits for it. */
  stop(): Promise<void>;
}

/**
 * Starts a long-running process (a bench server script through tsx, or any command) and resolves
 * once `ready(output)` returns its info; stop() ends exactly that process.
 */
export function startProcess<T>(
  command: string,
  args: string[],
  ready: (output: string) => T | undefined,
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<ServerChild<T>> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let done = false;
    const exited = new Promise<void>((r) => child.on('close', () => r()));
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await Promise.race([exited, sleep(3000).then(() => child.kill('SIGKILL'))]);
    };
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      void stop();
      reject(new Error(`${command} ${args.join(' ')} did not get ready: ${output.slice(-400)}`));
    }, options.timeoutMs ?? 60_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      if (done) return;
      const info = ready(output);
      if (info !== undefined) {
        done = true;
        clearTimeout(timer);
        resolve({ info, pid: child.pid!, stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    // A process that prints nothing when ready (its caller polls it instead).
    onData(Buffer.alloc(0));
    child.on('close', (code) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(
        new Error(`${command} ${args.join(' ')} exited (${code}) before it was ready: ${output.slice(-400)}`),
      );
    });
  });
}

/** A bench server script (through tsx) that reports its info with reportToParent once listening. */
export function startBenchServer<T>(script: string, args: string[] = []): Promise<ServerChild<T>> {
  return startProcess(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url)), ...args],
    (output) => {
      const line = output.split('\n').find((l) => l.startsWith(RESULT_MARK));
      return line ? (JSON.parse(line.slice(RESULT_MARK.length)) as T) : undefined;
    },
  );
}
