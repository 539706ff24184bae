/**
 * Writes every format of a run into reports/<run-id>/ and refreshes reports/latest/. Each format is
 * rendered and written on its own (a renderer that fails leaves the others, and results.json comes
 * first); each file is written under a temporary name and renamed into place, and latest/ is built
 * whole beside it and renamed, so two runs finishing at once never leave a half-written or mixed folder.
 */
import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { RunResults } from '../core/index.ts';
import { renderHar } from './har.ts';
import { type HtmlOptions, renderHtml } from './html.ts';
import { renderJunit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';
import { checkRunId, ensureFolder, LATEST_DIR, RESULTS_NDJSON } from './run-folder.ts';
import { safeJsonText } from './safe-json.ts';

export { LATEST_DIR } from './run-folder.ts';

export const REPORT_FILES = {
  results: 'results.json',
  ndjson: RESULTS_NDJSON,
  html: 'index.html',
  junit: 'junit.xml',
  markdown: 'summary.md',
  har: 'exchanges.har',
} as const;
export type ReportKind = keyof typeof REPORT_FILES;
export type ReportPaths = Record<ReportKind, string>;

type Renderer = (run: RunResults, options: HtmlOptions) => string;

/** One renderer per format, in the order they are written: the record first, the views after. */
const RENDERERS: Record<ReportKind, Renderer> = {
  results: (run) => `${safeJsonText(run, 2)}\n`,
  ndjson: (run) => run.results.map((r) => `${safeJsonText(r)}\n`).join(''),
  markdown: (run) => renderMarkdown(run),
  junit: (run) => renderJunit(run),
  html: (run, options) => renderHtml(run, options),
  har: (run) => `${safeJsonText(renderHar(run), 2)}\n`,
};
const KINDS = Object.keys(RENDERERS) as ReportKind[];

/** A format that could not be rendered or written, and why. */
export interface ReportFailure {
  kind: ReportKind;
  file: string;
  message: string;
}

/** Every format of the run, by kind; throws on the first renderer that fails. */
export function renderReports(run: RunResults, options: HtmlOptions = {}): Record<ReportKind, string> {
  return Object.fromEntries(KINDS.map((kind) => [kind, RENDERERS[kind](run, options)])) as Record<
    ReportKind,
    string
  >;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException)?.code;
}

function describe(error: unknown): string {
  const text = (error as Error)?.message ?? String(error);
  return errorCode(error) ?? text;
}

function tempName(parent: string, name: string): string {
  return join(parent, `.tmp-${name}-${process.pid}-${randomBytes(6).toString('hex')}`);
}

/** Moves a finished temporary folder to `dest`, replacing what is there by renames only. */
function moveIntoPlace(tmp: string, dest: string): void {
  const retired: string[] = [];
  for (let attempt = 0; ; attempt++) {
    try {
      renameSync(tmp, dest);
      break;
    } catch (error) {
      const code = errorCode(error);
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM') || attempt >= 20) throw error;
      // Another folder holds the name: move it aside (another writer may win the race; then retry).
      const aside = join(
        dirname(dest),
        `.old-${basename(dest)}-${process.pid}-${randomBytes(4).toString('hex')}`,
      );
      try {
        renameSync(dest, aside);
        retired.push(aside);
      } catch (moveError) {
        if (errorCode(moveError) !== 'ENOENT') throw moveError;
      }
    }
  }
  for (const dir of retired) rmSync(dir, { recursive: true, force: true });
}

interface FormatsWritten {
  failures: ReportFailure[];
  markdown?: string;
}

/** Renders and writes each format into `folder` on its own; a failure is recorded, never thrown. */
function writeFormats(run: RunResults, folder: string, options: HtmlOptions): FormatsWritten {
  const out: FormatsWritten = { failures: [] };
  for (const kind of KINDS) {
    const file = REPORT_FILES[kind];
    const tmp = tempName(folder, file);
    try {
      const text = RENDERERS[kind](run, options);
      writeFileSync(tmp, text);
      renameSync(tmp, join(folder, file));
      if (kind === 'markdown') out.markdown = text;
    } catch (error) {
      rmSync(tmp, { force: true });
      out.failures.push({ kind, file, message: `${file} was not written: ${describe(error)}` });
    }
  }
  return out;
}

/** Copies the formats present in `from` into a fresh folder renamed onto `dest`. */
function replaceWithCopy(from: string, dest: string): void {
  const parent = dirname(dest);
  const tmp = tempName(parent, basename(dest));
  mkdirSync(tmp);
  try {
    for (const file of Object.values(REPORT_FILES)) {
      if (existsSync(join(from, file))) copyFileSync(join(from, file), join(tmp, file));
    }
    moveIntoPlace(tmp, dest);
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}

export interface WriteOptions extends HtmlOptions {
  /** Folder holding the run folders and latest/ (the `--report-dir`, `reports` by default). */
  reportDir: string;
  /** Where summary.md is appended: $GITHUB_STEP_SUMMARY unless given; false for nowhere. */
  stepSummary?: string | false;
}

export interface WrittenReports {
  dir: string;
  latest: string;
  /** Where each format is; those named in `failures` were not written. */
  files: ReportPaths;
  /** Formats that could not be rendered or written (the others were). */
  failures: ReportFailure[];
  stepSummary?: string;
}

function appendStepSummary(
  target: string | false | undefined,
  markdown: string | undefined,
  failures: ReportFailure[],
): string | undefined {
  const path = target === undefined ? process.env.GITHUB_STEP_SUMMARY : target;
  if (!path || markdown === undefined) return undefined;
  try {
    appendFileSync(path, `${markdown}\n`);
  } catch (error) {
    failures.push({ kind: 'markdown', file: path, message: `step summary not appended: ${describe(error)}` });
    return undefined;
  }
  return path;
}

function pathsIn(dir: string): ReportPaths {
  return Object.fromEntries(KINDS.map((kind) => [kind, join(dir, REPORT_FILES[kind])])) as ReportPaths;
}

/**
 * Writes every format of a run into <reportDir>/<runId>/ (made if missing; a streamed
 * results.ndjson there is replaced by the final one) and replaces <reportDir>/latest/.
 */
export function writeReports(run: RunResults, options: WriteOptions): WrittenReports {
  checkRunId(run.runId);
  const base = ensureFolder(options.reportDir);
  const dir = ensureFolder(join(base, run.runId), options.reportDir);
  const { failures, markdown } = writeFormats(run, dir, options);
  const latest = join(base, LATEST_DIR);
  try {
    replaceWithCopy(dir, latest);
  } catch (error) {
    failures.push({
      kind: 'results',
      file: LATEST_DIR,
      message: `latest/ not refreshed: ${describe(error)}`,
    });
  }
  const stepSummary = appendStepSummary(options.stepSummary, markdown, failures);
  return { dir, latest, files: pathsIn(dir), failures, ...(stepSummary ? { stepSummary } : {}) };
}

/** Writes all formats straight into `dir` (report merge --out), replacing it whole. */
export function writeReportsTo(
  run: RunResults,
  dir: string,
  options: HtmlOptions & { stepSummary?: string | false } = {},
): WrittenReports {
  const dest = resolve(dir);
  const parent = ensureFolder(dirname(dest));
  const tmp = tempName(parent, basename(dest));
  mkdirSync(tmp);
  const { failures, markdown } = writeFormats(run, tmp, options);
  try {
    moveIntoPlace(tmp, dest);
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
  const stepSummary = appendStepSummary(options.stepSummary, markdown, failures);
  return { dir: dest, latest: dest, files: pathsIn(dest), failures, ...(stepSummary ? { stepSummary } : {}) };
}
