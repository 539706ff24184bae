import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * vitest globalSetup: the temp folders the tests make (mkdtemp under os.tmpdir(), in the test workers,
 * which inherit TMPDIR) all go under one folder of this run, removed when the run ends, pass or fail.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'jc-test-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
  };
}
