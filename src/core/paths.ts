import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * A file path as reports and results.json show it: relative to the working directory the command ran
 * in, '/'-separated, so no report names a folder of the machine that made it. Relative to the working
 * directory rather than to the report folder: results.json is copied and merged far from where it was
 * written, while the working directory is where the user typed the path (a baseline, a pact folder).
 * A relative path is kept as typed (only its separators change).
 */
export function shownPath(path: string, cwd: string = process.cwd()): string {
  const rel = isAbsolute(path) ? relative(cwd, resolve(path)) || '.' : path;
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/**
 * More schemas folders (separated like PATH): their API folders are added to the package's schemas/,
 * or replace the folder of the same id (a copy under test, a provider's newer schemas, an API the
 * project has never seen). `--schemas DIR` sets the same. Here, on the ground floor, so the command
 * line can name it without loading the catalogue.
 */
export const SCHEMAS_DIR_ENV = 'JOBS_CONFORMANCE_SCHEMAS_DIR';
