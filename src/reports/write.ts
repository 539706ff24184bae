/**
 * Writes every format of a run into reports/<run-id>/ and refreshes reports/latest/. Each folder is
 * written whole under a temporary name and renamed into place, so two runs finishing at once never
 * leave a half-written or mixed folder.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../cli/errors.ts';
import type { RunResults } from '../runner/results.ts';
import { renderHar } from './har.ts';
import { type HtmlOptions, renderHtml } from './html.ts';
import { renderJunit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';

export const REPORT_FILES = {
  results: 'results.json',
  html: 'index.html',
  junit: 'junit.xml',
  markdown: 'summary.md',
  har: 'exchanges.har',
} as const;
export type ReportKind = keyof typeof REPORT_FILES;
export type ReportPaths = Record<ReportKind, string>;

export const LATEST_DIR = 'latest';
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Every format of the run, by file name. */
export function renderReports(run: RunResults, options: HtmlOptions = {}): Record<ReportKind, string> {
  return {
    results: `${JSON.stringify(run, null, 2)}\n`,
    html: renderHtml(run, options),
    junit: renderJunit(run),
    markdown: renderMarkdown(run),
    har: `${JSON.stringify(renderHar(run), null, 2)}\n`,
  };
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException)?.code;
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

function writeFolder(files: Record<ReportKind, string>, dest: string): ReportPaths {
  const parent = resolve(dest, '..');
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  mkdirSync(tmp);
  try {
    for (const kind of Object.keys(REPORT_FILES) as ReportKind[])
      writeFileSync(join(tmp, REPORT_FILES[kind]), files[kind]);
    moveIntoPlace(tmp, dest);
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
  return Object.fromEntries(
    (Object.keys(REPORT_FILES) as ReportKind[]).map((kind) => [kind, join(dest, REPORT_FILES[kind])]),
  ) as ReportPaths;
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
  files: ReportPaths;
  stepSummary?: string;
}

function appendStepSummary(target: string | false | undefined, markdown: string): string | undefined {
  const path = target === undefined ? process.env.GITHUB_STEP_SUMMARY : target;
  if (!path) return undefined;
  appendFileSync(path, `${markdown}\n`);
  return path;
}

/** Writes all five formats of a run into <reportDir>/<runId>/ and replaces <reportDir>/latest/. */
export function writeReports(run: RunResults, options: WriteOptions): WrittenReports {
  if (!RUN_ID.test(run.runId) || run.runId === LATEST_DIR) {
    throw new UsageError(
      `run id '${run.runId}' cannot name a report folder (letters, digits, '.', '_', '-'; not 'latest')`,
    );
  }
  const files = renderReports(run, options);
  const base = resolve(options.reportDir);
  const dir = join(base, run.runId);
  const paths = writeFolder(files, dir);
  const latest = join(base, LATEST_DIR);
  writeFolder(files, latest);
  const stepSummary = appendStepSummary(options.stepSummary, files.markdown);
  return { dir, latest, files: paths, ...(stepSummary ? { stepSummary } : {}) };
}

/** Writes all five formats straight into `dir` (report merge --out), replacing it whole. */
export function writeReportsTo(
  run: RunResults,
  dir: string,
  options: HtmlOptions & { stepSummary?: string | false } = {},
): WrittenReports {
  const files = renderReports(run, options);
  const dest = resolve(dir);
  const paths = writeFolder(files, dest);
  const stepSummary = appendStepSummary(options.stepSummary, files.markdown);
  return { dir: dest, latest: dest, files: paths, ...(stepSummary ? { stepSummary } : {}) };
}
