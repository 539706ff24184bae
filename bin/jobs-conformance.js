#!/usr/bin/env -S node --
// "node --": Node 20 reads a --env-file anywhere on its command line as its own flag; after "--" it is ours.
// Runs the compiled JavaScript in dist/ (`npm run build`; npm ci and npm pack build it through the
// `prepare` script). The package ships no TypeScript sources, so an installed copy always runs dist/.
// Only in a checkout of the repository, where src/ sits beside dist/, are the sources run through tsx
// (a development dependency) when dist/ is missing or older than a source file: never stale code.
import { existsSync, readdirSync, statSync } from 'node:fs';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
const sources = new URL('../src/', import.meta.url);
const stamp = new URL('../dist/.build-stamp', import.meta.url);

function compiledIsCurrent() {
  if (!existsSync(sources)) return true;
  if (!existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  for (const file of readdirSync(sources, { recursive: true })) {
    if (statSync(new URL(file, sources)).mtimeMs > built) return false;
  }
  return true;
}

if (compiledIsCurrent()) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('cli/main.ts', sources).href);
}
