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
