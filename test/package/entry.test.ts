import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT, runCli, tempDir } from '../support/cli.ts';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const COMMANDS = ['catalogue', 'mock', 'run', 'report', 'contracts'];

// The command line loads a subcommand's module only when its name is on it (src/cli/main.ts): each
// way of naming one still finds it, and the top-level help still lists them all.
describe('the command line loads what it is asked for', () => {
  test('--version prints the package version', async () => {
    const out = await runCli(['--version']);
    expect(out.stdout.trim()).toBe(pkg.version);
    expect(out.code).toBe(0);
  });

  test('--help lists every subcommand', async () => {
    const out = await runCli(['--help']);
    for (const name of COMMANDS) expect(out.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    expect(out.code).toBe(0);
  });

  test.each([
    [['help', 'report']],
    [['report', '--help']],
    [['--debug', 'report', '--help']],
    [['--schemas', 'examples/schemas', 'report', '--help']],
  ])('%j shows the report command', async (args) => {
    const out = await runCli(args);
    expect(out.stdout).toMatch(/^Usage: jobs-conformance report /);
    expect(out.code).toBe(0);
  });

  test('an unknown subcommand is a usage error naming it', async () => {
    const out = await runCli(['rnu']);
    expect(out.stderr).toMatch(/unknown command 'rnu'/);
    expect(out.stderr).toMatch(/run/);
    expect(out.code).toBe(2);
  });
});

describe('outputs go where the user is', () => {
  test('contracts generate writes into contracts/pacts/ of the working directory', async () => {
    const cwd = tempDir('pacts-cwd');
    const out = await runCli(['contracts', 'generate', '--api', 'vectara-v2'], { cwd, timeoutMs: 60_000 });
    expect(out.code).toBe(0);
    expect(existsSync(join(cwd, 'contracts/pacts/jobs-conformance-vectara-v2.json'))).toBe(true);
  });

  test('the example API folder gets its pact: a path parameter with only a pattern gets a placeholder matching it', async () => {
    const cwd = tempDir('pacts-example');
    const schemas = join(ROOT, 'examples/schemas');
    const out = await runCli(['--schemas', schemas, 'contracts', 'generate', '--api', 'acme-jobs'], {
      cwd,
      timeoutMs: 60_000,
    });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const pact = JSON.parse(
      readFileSync(join(cwd, 'contracts/pacts/jobs-conformance-acme-jobs.json'), 'utf8'),
    ) as {
      interactions: { request: { path: string } }[];
    };
    const paths = pact.interactions.map((i) => i.request.path).filter((p) => p.startsWith('/jobs/'));
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) expect(path).toMatch(/^\/jobs\/job_[a-z0-9]{8}(\/cancel)?$/);
  });
});
