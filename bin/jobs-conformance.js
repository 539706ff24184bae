#!/usr/bin/env -S node --
// "node --": Node 20 reads a --env-file anywhere on its command line as its own flag; after "--" it is ours.
// Runs the TypeScript sources directly through tsx, so a fresh `npm ci` needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
