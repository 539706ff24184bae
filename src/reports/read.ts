import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type RunResults, UsageError } from '../core/index.ts';
import { resultsProblem } from './validate.ts';

/** Reads and validates a results.json; a bad one is a one-line UsageError naming the file and the problem. */
export function readResultsFile(path: string): RunResults {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not JSON: ${(error as Error).message}`);
  }
  const problem = resultsProblem(value);
  if (problem) throw new UsageError(`${path} is not a results.json: ${problem}`);
  const run = value as RunResults;
  // Files written before expectations existed have no expected count.
  run.summary.expected ??= 0;
  return run;
}

/**
 * The results.json files an argument names: a results.json itself, a report folder holding one, or a
 * folder of report folders (downloaded CI artifacts, one per shard).
 */
export function resultsFilesIn(arg: string): string[] {
  if (!existsSync(arg)) throw new UsageError(`${arg}: no such file or folder`);
  if (statSync(arg).isFile()) return [arg];
  const direct = join(arg, 'results.json');
  if (existsSync(direct)) return [direct];
  const nested = readdirSync(arg, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => join(arg, d.name, 'results.json'))
    .filter((p) => existsSync(p))
    .sort();
  if (nested.length === 0) throw new UsageError(`${arg}: no results.json in it or in its subfolders`);
  return nested;
}
