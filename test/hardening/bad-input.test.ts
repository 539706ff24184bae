import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { apiIds } from '../../src/catalogue/index.ts';
import { envFile, ROOT, runCli, runCommand, tempDir } from '../support/cli.ts';

/** The APIs the catalogue discovers in schemas/. */
const API_IDS = apiIds();

/**
 * Bad input, table-driven: each case exits 2 with exactly one line on stderr that names the
 * problem and the fix, no stack trace, and nothing sent or written.
 */

/** A copy of schemas/ with one file broken by `breakIt`, for JOBS_CONFORMANCE_SCHEMAS_DIR. */
function brokenSchemas(breakIt: (dir: string) => void): string {
  const dir = join(tempDir('schemas'), 'schemas');
  cpSync(join(ROOT, 'schemas'), dir, { recursive: true });
  breakIt(dir);
  return dir;
}

const VECTARA_OK = { VECTARA_BASE_URL: 'http://127.0.0.1:9', VECTARA_API_KEY: 'zwt_key' };

interface BadInput {
  name: string;
  args: string[];
  env?: Record<string, string>;
  /** The problem, then the fix, as the one line must say them. */
  problem: RegExp;
  fix: RegExp;
  /** Through the bin's shebang ('node --'), as the installed command runs. */
  asInstalled?: boolean;
  /** A --report-dir of the case's own (default: a fresh folder that must stay unmade). */
  reportDir?: string;
}

const aFile = (() => {
  const path = join(tempDir('report-file'), 'not-a-folder');
  writeFileSync(path, 'a file\n');
  return path;
})();

const CASES: BadInput[] = [
  {
    name: 'VECTARA_CUSTOMER_ID that is not a number',
    args: [
      '--target',
      'live',
      '--api',
      'vectara-v1',
      '--dotenv',
      envFile({ ...VECTARA_OK, VECTARA_CUSTOMER_ID: 'abc' }),
    ],
    problem: /VECTARA_CUSTOMER_ID 'abc' must be an integer/,
    fix: /set it to the numeric customer ID/,
  },
  {
    name: 'EMPORIX_TENANT in upper case',
    args: [
      '--target',
      'live',
      '--api',
      'emporix-ai-service',
      '--dotenv',
      envFile({ EMPORIX_TENANT: 'Upper', EMPORIX_ACCESS_TOKEN: 'tok-123456' }),
    ],
    problem: /EMPORIX_TENANT 'Upper' must be lowercase/,
    fix: /set it to 'upper'/,
  },
  {
    name: 'a CLOUDFLARE_BASE_URL that is not a URL',
    args: ['--target', 'live', '--api', 'cloudflare-ai-search'],
    env: { CLOUDFLARE_BASE_URL: 'api.cloudflare.com/client/v4' },
    problem: /CLOUDFLARE_BASE_URL 'api\.cloudflare\.com\/client\/v4' is not a URL/,
    fix: /set it to an http\(s\) URL such as https:\/\/api\.cloudflare\.com\/client\/v4/,
  },
  {
    name: 'a VECTARA_BASE_URL with another scheme',
    args: ['--target', 'live', '--api', 'vectara-v2'],
    env: { ...VECTARA_OK, VECTARA_BASE_URL: 'ftp://api.vectara.io' },
    problem: /VECTARA_BASE_URL 'ftp:\/\/api\.vectara\.io' must be an http\(s\) URL/,
    fix: /such as https:\/\/api\.vectara\.io/,
  },
  {
    name: 'missing settings of an API named with --api',
    args: ['--target', 'live', '--api', 'vectara-v1', '--dotenv', envFile({})],
    problem: /vectara-v1: live settings missing: VECTARA_API_KEY, VECTARA_CUSTOMER_ID/,
    fix: /set them in \.env \(see \.env\.example\)/,
  },
  {
    name: 'a missing --dotenv file',
    args: ['--target', 'live', '--dotenv', '/nonexistent/.env'],
    problem: /--dotenv \/nonexistent\/\.env does not exist/,
    fix: /create it from \.env\.example/,
    asInstalled: true,
  },
  {
    name: 'a --report-dir under a file',
    args: ['--api', 'vectara-v2'],
    reportDir: join(aFile, 'reports'),
    problem: /--report-dir '.*not-a-folder\/reports' cannot be used: .*not-a-folder is a file, not a folder/,
    fix: /choose a folder you can write to/,
  },
  {
    name: 'an impossible --report-dir (/proc)',
    args: ['--api', 'vectara-v2'],
    reportDir: '/proc/jobs-conformance/reports',
    problem:
      /--report-dir '\/proc\/jobs-conformance\/reports' cannot be used: cannot create \/proc\/jobs-conformance/,
    fix: /choose a folder you can write to/,
  },
  {
    name: 'an unknown --api',
    args: ['--api', 'vectara-v3'],
    problem: /--api 'vectara-v3' is not an API id/,
    fix: /use all or cloudflare-ai-search, .*emporix-ai-service/,
  },
  {
    name: 'an unknown --check',
    args: ['--check', 'pagination.nope'],
    problem: /--check 'pagination\.nope' matches no check/,
    fix: /checks: pagination\.page-size, /,
  },
  {
    name: 'an exclusion that matches no check',
    args: ['--check', '!enum.nope'],
    problem: /--check '!enum\.nope' matches no check/,
    fix: /checks: pagination\.page-size, /,
  },
  {
    name: 'a --fail-on new without --baseline',
    args: ['--fail-on', 'new'],
    problem: /--fail-on new needs --baseline FILE/,
    fix: /the results\.json it compares with/,
  },
  {
    name: 'a bad --fail-on',
    args: ['--fail-on', 'sometimes'],
    problem: /--fail-on 'sometimes'/,
    fix: /must be any or new/,
  },
  {
    name: 'a bad --target',
    args: ['--target', 'staging'],
    problem: /--target 'staging' must be/,
    fix: /mock or live/,
  },
  {
    name: 'a bad --budget',
    args: ['--budget', 'lots'],
    problem: /--budget 'lots'/,
    fix: /must be a positive whole number/,
  },
  {
    name: 'a zero --timeout',
    args: ['--timeout', '0'],
    problem: /--timeout '0'/,
    fix: /must be a positive whole number/,
  },
  {
    name: 'an unknown flag',
    args: ['--alow-writes'],
    problem: /unknown option '--alow-writes'/,
    fix: /add --help for usage|Did you mean --allow-writes/,
  },
  {
    name: 'a --fault with a live target',
    args: ['--target', 'live', '--fault', 'transport.slow'],
    problem: /--fault works with --target mock only/,
    fix: /mock/,
  },
  {
    name: 'an unknown --fault',
    args: ['--fault', 'transport.gremlins'],
    problem: /--fault 'transport\.gremlins' is not a fault id/,
    fix: /faults: status\.undocumented, /,
  },
  {
    name: 'a missing --baseline',
    args: ['--baseline', '/nonexistent/results.json'],
    problem: /--baseline cannot read \/nonexistent\/results\.json: ENOENT/,
    fix: /give the results\.json of an earlier run/,
  },
  {
    name: 'a --baseline that is not a results.json',
    args: [
      '--baseline',
      (() => {
        const path = join(tempDir('baseline'), 'results.json');
        writeFileSync(path, '{"hello": "world"}');
        return path;
      })(),
    ],
    problem: /is not a results\.json: .*schemaVersion/,
    fix: /give the results\.json of an earlier run/,
  },
  {
    name: 'a schema file that is not JSON',
    args: ['--api', 'vectara-v2'],
    env: {
      JOBS_CONFORMANCE_SCHEMAS_DIR: brokenSchemas((dir) =>
        writeFileSync(join(dir, 'vectara-v2', 'job.schema.json'), '{"$id": "broken",'),
      ),
    },
    problem: /invalid JSON in .*vectara-v2\/job\.schema\.json/,
    fix: /point JOBS_CONFORMANCE_SCHEMAS_DIR at a good folder of API folders/,
  },
  {
    name: 'a schema file that cannot be read',
    args: ['--api', 'vectara-v2'],
    env: {
      // A folder where the file should be: unreadable even for root (chmod is not).
      JOBS_CONFORMANCE_SCHEMAS_DIR: brokenSchemas((dir) => {
        rmSync(join(dir, 'vectara-v2', 'openapi.json'));
        mkdirSync(join(dir, 'vectara-v2', 'openapi.json'));
      }),
    },
    problem: /cannot read .*vectara-v2\/openapi\.json: EISDIR/,
    fix: /point JOBS_CONFORMANCE_SCHEMAS_DIR at a good folder of API folders/,
  },
  {
    name: 'a schemas folder that does not exist',
    args: ['--api', 'vectara-v2'],
    env: { JOBS_CONFORMANCE_SCHEMAS_DIR: '/nonexistent/schemas' },
    problem: /cannot read schemas folder \/nonexistent\/schemas/,
    fix: /point JOBS_CONFORMANCE_SCHEMAS_DIR at a good folder of API folders/,
  },
];

describe.concurrent('bad input: exit 2, one line naming the problem and the fix, no stack trace', () => {
  test.each(CASES)('$name', async ({ args, env, problem, fix, asInstalled, reportDir: given }) => {
    const reportDir = given ?? join(tempDir('bad-input'), 'reports');
    const out = await runCli(['run', ...args, '--report-dir', reportDir], { env, asInstalled });
    const lines = out.stderr.split('\n').filter((l) => l.trim() !== '');
    expect(lines, out.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(problem);
    expect(lines[0]).toMatch(fix);
    expect(out.stderr).not.toMatch(/\n\s+at /);
    expect(out.stdout).toBe('');
    expect(existsSync(reportDir)).toBe(false);
    expect(out.code).toBe(2);
  });

  test('live with no API configured (lost CI secrets): exit 2 before any request, one line per API', async () => {
    const reportDir = join(tempDir('bad-input'), 'reports');
    const out = await runCli(['run', '--target', 'live', '--dotenv', envFile({}), '--report-dir', reportDir]);
    const lines = out.stderr.split('\n').filter((l) => l.trim() !== '');
    expect(lines.map((l) => /^jobs-conformance: ([a-z0-9-]+): live settings missing: /.exec(l)?.[1])).toEqual(
      [...API_IDS],
    );
    for (const line of lines) expect(line).toMatch(/set them in \.env \(see \.env\.example\)/);
    expect(lines.find((l) => l.includes('vectara-v1:'))).toMatch(/VECTARA_API_KEY, VECTARA_CUSTOMER_ID/);
    expect(out.stdout).toBe('');
    expect(existsSync(reportDir)).toBe(false);
    expect(out.code).toBe(2);
  });

  // Node 20 claims --env-file anywhere on its command line, and npx is itself a node script: the
  // option is --dotenv so that it reaches us however the CLI is started.
  test.each([
    ['npx', ['--no-install', 'jobs-conformance']],
    ['npm', ['exec', '--no', '--', 'jobs-conformance']],
  ])('--dotenv works through %s', async (command, prefix) => {
    const out = await runCommand(command, [...prefix, 'run', '--target', 'live', '--dotenv', 'missing.env']);
    expect(out.stderr).toMatch(/^jobs-conformance: --dotenv missing\.env does not exist: create it from/);
    expect(out.code).toBe(2);
  });

  test('--debug shows the stack of the same error', async () => {
    const out = await runCli(['--debug', 'run', '--api', 'vectara-v3']);
    expect(out.stderr).toMatch(/^jobs-conformance: --api 'vectara-v3' is not an API id/);
    expect(out.stderr).toMatch(/\n\s+at parseApis \(/);
    expect(out.code).toBe(2);
  });
});
