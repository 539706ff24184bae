import { resolve } from 'node:path';
import type { Command } from 'commander';
import { type RunResults, UsageError } from '../core/index.ts';
import {
  applyBaseline,
  mergeRuns,
  readResultsFile,
  resultsFilesIn,
  verdictOf,
  writeReportsTo,
} from '../reports/index.ts';
import { EXIT } from './exit.ts';

export interface MergeOptions {
  out: string;
  baseline?: string;
  stepSummary?: string | false;
}

/** `report merge`: reads the shards' results.json, merges them, applies the baseline, writes every format. */
export function mergeReportDirs(dirs: string[], options: MergeOptions): { run: RunResults; dir: string } {
  if (dirs.length === 0) throw new UsageError('report merge: name at least one report folder');
  const files = dirs.flatMap(resultsFilesIn);
  const out = resolve(options.out);
  if (files.some((f) => resolve(f, '..') === out)) {
    throw new UsageError(`report merge: --out ${options.out} is one of the folders being merged`);
  }
  let run = mergeRuns(
    files.map((f) => readResultsFile(f)),
    files,
  );
  if (options.baseline) run = applyBaseline(run, readResultsFile(options.baseline), options.baseline);
  const written = writeReportsTo(
    run,
    out,
    options.stepSummary === undefined ? {} : { stepSummary: options.stepSummary },
  );
  return { run, dir: written.dir };
}

export function registerReportCommand(program: Command): void {
  const report = program.command('report').description('work with report folders');
  report
    .command('merge')
    .description(
      'merge the results of sharded runs (one job per API, or a split of the checks) into one report',
    )
    .argument('<dirs...>', 'report folders (or results.json files, or folders of report folders)')
    .requiredOption('--out <dir>', 'folder to write the merged report into')
    .option('--baseline <results.json>', 'mark what is new since this earlier run')
    .action((dirs: string[], opts: { out: string; baseline?: string }) => {
      const { run, dir } = mergeReportDirs(dirs, {
        out: opts.out,
        ...(opts.baseline ? { baseline: opts.baseline } : {}),
      });
      const s = run.summary;
      const shards = run.shards?.length ?? 1;
      process.stdout.write(
        `merged ${shards} run(s): ${s.total} results, ${s.pass} passed, ${s.fail} failed, ${s.warn} warnings, ${s.skip} skipped, ${s.error} errors\n`,
      );
      if (run.baseline) {
        process.stdout.write(
          `since baseline: ${run.baseline.newFailures.length} new failure(s), ${run.baseline.fixed.length} fixed, ${run.baseline.newEnumValues.length} new enum value(s)\n`,
        );
      }
      process.stdout.write(`report: ${dir}/index.html\n`);
      // Like `run`: a failure or an error exits 1, so a merge job can gate the pipeline; warnings do not.
      process.exitCode = verdictOf(s) === 'pass' ? EXIT.pass : EXIT.failures;
    });
}
