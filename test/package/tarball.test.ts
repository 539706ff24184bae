import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { ROOT, runCommand, tempDir } from '../support/cli.ts';

// The package as a user gets it: `npm pack` (which builds dist/ through `prepare`), installed into an
// empty project, used through its `exports` and its command, with nothing run from TypeScript.
// Packed from a copy of the repository, so the tests that run bin/ meanwhile keep their dist/.

const MINUTE = 60_000;
const PACKAGE_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];
const PACKAGE_DIRS = ['bin', 'scripts', 'src', 'schemas'];
const OTHER_FILES = ['README.md', 'LICENSE', '.env.example'];

let tarball: string;
let packed: string[];
let project: string;
let installed: string;

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

async function npm(args: string[], cwd: string) {
  // npm itself needs HOME (its cache: where `npm ci` left every dependency, so the install works
  // offline here and fetches what is missing where the registry is reachable).
  const out = await runCommand('npm', args, {
    cwd,
    env: { HOME: process.env.HOME ?? '', npm_config_audit: 'false', npm_config_fund: 'false' },
    timeoutMs: 8 * MINUTE,
  });
  expect(out.code, `npm ${args.join(' ')}\n${out.stderr}`).toBe(0);
  return out;
}

beforeAll(async () => {
  const copy = tempDir('package-copy');
  for (const f of [...PACKAGE_FILES, ...OTHER_FILES]) cpSync(join(ROOT, f), join(copy, f));
  for (const d of PACKAGE_DIRS) cpSync(join(ROOT, d), join(copy, d), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const out = await npm(['pack', '--json', '--pack-destination', copy], copy);
  const [info] = JSON.parse(out.stdout.slice(out.stdout.indexOf('['))) as {
    filename: string;
    files: { path: string }[];
  }[];
  tarball = join(copy, info!.filename);
  packed = info!.files.map((f) => f.path);

  project = tempDir('package-user');
  writeFileSync(
    join(project, 'package.json'),
    `${JSON.stringify({ name: 'user', private: true, type: 'module' })}\n`,
  );
  await npm(['install', '--prefer-offline', '--no-save', tarball], project);
  installed = join(project, 'node_modules/jobs-conformance');
}, 15 * MINUTE);

describe('the packed tarball', () => {
  test('holds the compiled code, declarations, schemas, README and licence; no tests, bench or TypeScript sources', () => {
    expect(packed).toContain('dist/library/index.js');
    expect(packed).toContain('dist/library/index.d.ts');
    expect(packed).toContain('dist/cli/main.js');
    expect(packed).toContain('dist/reports/html/client.js');
    expect(packed).toContain('bin/jobs-conformance.js');
    expect(packed).toContain('schemas/results.schema.json');
    expect(packed).toContain('schemas/vectara-v2/openapi.json');
    for (const f of ['README.md', 'LICENSE', 'package.json', '.env.example']) expect(packed).toContain(f);
    const unwanted = packed.filter(
      (f) => /^(src|test|bench|suites|contracts|scripts|examples)\//.test(f) || /(?<!\.d)\.ts$/.test(f),
    );
    expect(unwanted).toEqual([]);
  });

  test('installs with its dependencies and without tsx (no TypeScript can run)', () => {
    expect(files(installed).filter((f) => /(?<!\.d)\.ts$/.test(f))).toEqual([]);
    expect(existsSync(join(project, 'node_modules/tsx'))).toBe(false);
    expect(existsSync(join(project, 'node_modules/.bin/jobs-conformance'))).toBe(true);
  });
});

describe('used as a library', () => {
  test(
    "README's example runs as written: a simulator with a fault, the checks, reports and contracts, where the user is",
    async () => {
      const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
      const section = readme.slice(readme.indexOf('## Use as a library'));
      const example = /```js\n([\s\S]*?)```/.exec(section)?.[1];
      expect(example).toBeDefined();
      writeFileSync(join(project, 'check.mjs'), example!);
      const before = files(installed);
      const out = await runCommand(process.execPath, ['check.mjs'], { cwd: project, timeoutMs: 8 * MINUTE });
      expect(out.code, out.stderr).toBe(0);
      expect(out.stdout).toMatch(/fail: 1,/);
      expect(out.stdout).toMatch(/appears on page \d+ and again on page \d+/);
      expect(out.stdout).toMatch(/^1 true$/m);
      expect(existsSync(join(project, 'reports/latest/results.json'))).toBe(true);
      expect(existsSync(join(project, 'pacts/jobs-conformance-vectara-v2.json'))).toBe(true);
      expect(files(installed)).toEqual(before);
    },
    10 * MINUTE,
  );

  test(
    'its declarations typecheck a TypeScript user of the API',
    () => {
      writeFileSync(
        join(project, 'use.ts'),
        [
          "import { type RunResults, mergeRuns, runConformance, startSimulators } from 'jobs-conformance';",
          "const simulators = await startSimulators({ apis: ['vectara-v2'] });",
          "const run: RunResults = await runConformance({ apis: ['vectara-v2'], target: 'mock', allowWrites: false, simulators });",
          'const failed: number = mergeRuns([run]).summary.fail;',
          'await simulators.close();',
          'console.log(failed);',
          '',
        ].join('\n'),
      );
      const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
      const args = ['--noEmit', '--strict', '--target', 'ES2023', '--module', 'NodeNext'];
      const typeRoots = ['--typeRoots', join(ROOT, 'node_modules/@types'), '--types', 'node'];
      execFileSync(process.execPath, [tsc, ...args, ...typeRoots, 'use.ts'], { cwd: project, stdio: 'pipe' });
    },
    5 * MINUTE,
  );
});

describe('used as a command', () => {
  const bin = () => join(project, 'node_modules/.bin/jobs-conformance');

  test('--help lists the commands', async () => {
    const out = await runCommand(bin(), ['--help'], { cwd: project });
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^Usage: jobs-conformance/);
    expect(out.stdout).toMatch(/^ {2}run\b/m);
  });

  test(
    'run --api vectara-v2 --contracts writes its reports and pacts under the working directory',
    async () => {
      const cwd = tempDir('package-run');
      const before = files(installed);
      const out = await runCommand(bin(), ['run', '--api', 'vectara-v2', '--contracts'], {
        cwd,
        timeoutMs: 5 * MINUTE,
      });
      expect(out.code, out.stderr).toBe(0);
      expect(readdirSync(join(cwd, 'reports/latest')).sort()).toEqual(
        ['exchanges.har', 'index.html', 'junit.xml', 'results.json', 'results.ndjson', 'summary.md'].sort(),
      );
      // The compiled package makes the contracts on a worker thread; their results join the run's.
      const run = JSON.parse(readFileSync(join(cwd, 'reports/latest/results.json'), 'utf8')) as {
        results: { check: string; status: string }[];
      };
      const contracts = run.results.filter((r) => r.check.startsWith('contract.'));
      expect(contracts.length).toBeGreaterThan(0);
      expect(contracts.filter((r) => r.status !== 'pass')).toEqual([]);
      expect(readdirSync(join(cwd, 'contracts/pacts'))).toContain('jobs-conformance-vectara-v2.json');
      expect(files(installed)).toEqual(before);
    },
    5 * MINUTE,
  );

  test(
    'run --contracts starts its contract thread ahead: it reads the --schemas folders, and never holds the process when no contracts are asked of it',
    async () => {
      const cwd = tempDir('package-thread');
      // A folder that replaces a shipped API with a copy whose read operation is renamed: the pact
      // names it only if the thread reads the folders --schemas gives.
      const schemas = tempDir('package-thread-schemas');
      cpSync(join(ROOT, 'schemas/vectara-v2'), join(schemas, 'vectara-v2'), { recursive: true });
      const document = join(schemas, 'vectara-v2/openapi.json');
      writeFileSync(document, readFileSync(document, 'utf8').replaceAll('"getJob"', '"fetchJob"'));
      const out = await runCommand(
        bin(),
        ['--schemas', schemas, 'run', '--api', 'vectara-v2', '--contracts'],
        {
          cwd,
          timeoutMs: 5 * MINUTE,
        },
      );
      expect(out.code, out.stderr).toBe(0);
      const pact = readFileSync(join(cwd, 'contracts/pacts/jobs-conformance-vectara-v2.json'), 'utf8');
      expect(pact).toContain('"fetchJob: success"');
      expect(pact).not.toContain('getJob');
      // A usage error once the thread has started, and a shard that holds no API's contracts: each
      // exits as it would without the thread (a thread left running would hold it to the timeout).
      const bad = await runCommand(bin(), ['run', '--contracts', '--target', 'nowhere'], {
        cwd,
        timeoutMs: MINUTE,
      });
      expect(bad.code, bad.stderr).toBe(2);
      const shard = await runCommand(bin(), ['run', '--api', 'vectara-v2', '--contracts', '--shard', '2/2'], {
        cwd,
        timeoutMs: 2 * MINUTE,
      });
      expect(shard.code, shard.stderr).toBe(0);
      expect(readFileSync(join(cwd, 'reports/latest/results.json'), 'utf8')).not.toContain('"contract.');
    },
    5 * MINUTE,
  );

  test(
    'contracts generate writes the pacts into contracts/pacts/ of the working directory',
    async () => {
      const cwd = tempDir('package-pacts');
      const before = files(installed);
      const out = await runCommand(bin(), ['contracts', 'generate'], { cwd, timeoutMs: 5 * MINUTE });
      expect(out.code, out.stderr).toBe(0);
      expect(readdirSync(join(cwd, 'contracts/pacts'))).toContain('jobs-conformance-vectara-v2.json');
      expect(files(installed)).toEqual(before);
    },
    5 * MINUTE,
  );
});
