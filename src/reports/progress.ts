/**
 * The terminal progress of a run: per API, checks done of total and failures so far. On a TTY one
 * line is redrawn in place; when not a TTY, or when CI is set, plain lines are printed instead: each
 * failure as it happens (when the runner names it) and each API as it completes.
 */
import type { ResultStatus } from '../core/index.ts';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  apis: string[];
  /** Checks each API will run. */
  totals: Record<string, number>;
  stream?: ProgressStream;
  env?: Record<string, string | undefined>;
  /** Milliseconds between redraws of the live line. */
  redrawEveryMs?: number;
  now?: () => number;
}

export interface Progress {
  /** One check finished; `label` (e.g. 'listJobs › body.schema') names a failure in plain mode. */
  checkDone(api: string, status: ResultStatus, label?: string): void;
  /** Ends the display with the totals line. */
  finish(): void;
}

interface ApiState {
  done: number;
  total: number;
  failed: number;
  errors: number;
}

export function isLive(stream: ProgressStream, env: Record<string, string | undefined>): boolean {
  const ci = env.CI;
  return stream.isTTY === true && (ci === undefined || ci === '' || ci === 'false' || ci === '0');
}

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const live = isLive(stream, options.env ?? process.env);
  const now = options.now ?? Date.now;
  const every = options.redrawEveryMs ?? 100;
  const state = new Map<string, ApiState>();
  for (const api of options.apis)
    state.set(api, { done: 0, total: options.totals[api] ?? 0, failed: 0, errors: 0 });
  let lastDraw = Number.NEGATIVE_INFINITY;
  let finished = false;

  const stateOf = (api: string): ApiState => {
    let s = state.get(api);
    if (!s) {
      s = { done: 0, total: options.totals[api] ?? 0, failed: 0, errors: 0 };
      state.set(api, s);
    }
    return s;
  };
  const describe = (api: string, s: ApiState): string =>
    `${api} ${s.done}/${s.total}${s.failed ? ` ✗${s.failed}` : ''}${s.errors ? ` !${s.errors}` : ''}`;
  const line = (): string => [...state].map(([api, s]) => describe(api, s)).join(' · ');
  const draw = () => {
    const width = Math.max(20, (stream.columns ?? 120) - 1);
    let text = line();
    if (text.length > width) text = `${text.slice(0, width - 1)}…`;
    stream.write(`\r\x1b[2K${text}`);
    lastDraw = now();
  };

  return {
    checkDone(api, status, label) {
      if (finished) return;
      const s = stateOf(api);
      s.done++;
      if (s.done > s.total) s.total = s.done;
      if (status === 'fail') s.failed++;
      if (status === 'error') s.errors++;
      if (live) {
        if (s.done === s.total || now() - lastDraw >= every) draw();
        return;
      }
      if ((status === 'fail' || status === 'error') && label)
        stream.write(`${status.toUpperCase()} ${api} ${label}\n`);
      if (s.done === s.total) {
        stream.write(
          `${api}: ${s.done}/${s.total} checks done, ${s.failed} failed${s.errors ? `, ${s.errors} errors` : ''}\n`,
        );
      }
    },
    finish() {
      if (finished) return;
      finished = true;
      let done = 0;
      let total = 0;
      let failed = 0;
      let errors = 0;
      for (const s of state.values()) {
        done += s.done;
        total += s.total;
        failed += s.failed;
        errors += s.errors;
      }
      if (live) {
        draw();
        stream.write('\n');
      }
      stream.write(
        `${done}/${total} checks done across ${state.size} API(s): ${failed} failed${errors ? `, ${errors} errors` : ''}\n`,
      );
    },
  };
}
