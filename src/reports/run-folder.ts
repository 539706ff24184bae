/**
 * The run's folder, made before the first request: its results.ndjson receives each result the
 * moment it is known, so a crash, a kill or a failing renderer never loses one. Making the folder
 * is also the check that --report-dir can be written (an impossible path is a usage error up front).
 */
import { closeSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type Result, UsageError } from '../core/index.ts';
import { safeJsonText } from './safe-json.ts';

export const RESULTS_NDJSON = 'results.ndjson';
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const LATEST_DIR = 'latest';

function code(error: unknown): string {
  return (error as NodeJS.ErrnoException)?.code ?? (error as Error)?.message ?? String(error);
}

function unusable(reportDir: string, why: string): UsageError {
  return new UsageError(
    `--report-dir '${reportDir}' cannot be used: ${why}: choose a folder you can write to`,
  );
}

/**
 * Creates `dir` and its missing parents one level at a time. (Node's recursive mkdir loops forever
 * under /proc; one level at a time fails at once.) Every failure is a UsageError naming the folder.
 */
export function ensureFolder(dir: string, shownAs: string = dir): string {
  const absolute = resolve(dir);
  const missing: string[] = [];
  let probe = absolute;
  for (;;) {
    try {
      if (!statSync(probe).isDirectory()) throw unusable(shownAs, `${probe} is a file, not a folder`);
      break;
    } catch (error) {
      if (error instanceof UsageError) throw error;
      const errorCode = code(error);
      if (errorCode === 'ENOTDIR') {
        missing.unshift(probe);
        probe = dirname(probe);
        continue;
      }
      if (errorCode !== 'ENOENT') throw unusable(shownAs, `${probe}: ${errorCode}`);
      const parent = dirname(probe);
      if (parent === probe) throw unusable(shownAs, `${probe} does not exist`);
      missing.unshift(probe);
      probe = parent;
    }
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      if (code(error) === 'EEXIST' && statSync(folder).isDirectory()) continue;
      throw unusable(shownAs, `cannot create ${folder} (${code(error)})`);
    }
  }
  return absolute;
}

export function checkRunId(runId: string): void {
  if (!RUN_ID.test(runId) || runId === LATEST_DIR) {
    throw new UsageError(
      `run id '${runId}' cannot name a report folder (letters, digits, '.', '_', '-'; not 'latest')`,
    );
  }
}

/** Results appended as they are known; writing problems are kept, never thrown into the run. */
export interface ResultStream {
  /** The run's folder, <reportDir>/<runId>. */
  readonly dir: string;
  readonly path: string;
  append(result: Result): void;
  close(): void;
  /** Why appending stopped (a full disk), when it did. */
  readonly problem: string | undefined;
}

/** Makes <reportDir>/<runId>/ and opens its results.ndjson; a usage error when that is impossible. */
export function openRunFolder(reportDir: string, runId: string): ResultStream {
  checkRunId(runId);
  const dir = join(ensureFolder(reportDir), runId);
  ensureFolder(dir, reportDir);
  const path = join(dir, RESULTS_NDJSON);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'a');
  } catch (error) {
    throw unusable(reportDir, `cannot write ${path} (${code(error)})`);
  }
  let problem: string | undefined;
  return {
    dir,
    path,
    get problem() {
      return problem;
    },
    append(result) {
      if (fd === undefined || problem) return;
      try {
        writeSync(fd, `${safeJsonText(result)}\n`);
      } catch (error) {
        problem = `${RESULTS_NDJSON} could not be appended to (${code(error)})`;
      }
    },
    close() {
      if (fd === undefined) return;
      try {
        closeSync(fd);
      } catch {
        // Nothing more can be written to it either way.
      }
      fd = undefined;
    },
  };
}
