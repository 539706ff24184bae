import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { apiIds } from '../../src/catalogue/index.ts';
import type { RunResults } from '../../src/core/index.ts';
import { envFile, runCli, tempDir } from '../support/cli.ts';
import { liveEnvFor } from '../support/live-env.ts';
import { startSimulators } from '../support/simulators.ts';

/** A run that checked nothing is never green, and a partial run never reads as a whole one. */
describe.concurrent('the verdict says what was not checked', () => {
  test('every selected check skipped (write checks without --allow-writes): NOTHING CHECKED, exit 2', async () => {
    const dir = join(tempDir('nothing'), 'reports');
    const out = await runCli([
      'run',
      '--api',
      'cloudflare-ai-search',
      '--check',
      'lifecycle.*',
      '--report-dir',
      dir,
    ]);
    expect(out.stdout).toMatch(/^NOTHING CHECKED: 0 passed, 0 failed, 0 warnings, 3 skipped, 0 errors/m);
    expect(out.stderr).toMatch(/^jobs-conformance: nothing was checked: all 3 selected checks were skipped/m);
    expect(out.code).toBe(2);
    const run = JSON.parse(readFileSync(join(dir, 'latest', 'results.json'), 'utf8')) as RunResults;
    expect(run.summary.skip).toBe(3);
  });

  test('--api all live with one provider configured: one line per API not checked, named in the verdict', async () => {
    const sims = await startSimulators({ apis: ['vectara-v2'] });
    try {
      const dir = join(tempDir('partial'), 'reports');
      const env = liveEnvFor(sims);
      delete env.VECTARA_CUSTOMER_ID;
      const out = await runCli(['run', '--target', 'live', '--dotenv', envFile(env), '--report-dir', dir]);
      expect(out.code, out.stderr).toBe(0);
      // Every API of the catalogue but the one configured, in folder-name order.
      const notChecked = apiIds().filter((id) => id !== 'vectara-v2');
      expect(notChecked).toEqual(
        expect.arrayContaining(['cloudflare-ai-search', 'emporix-ai-service', 'vectara-v1']),
      );
      const lines = out.stderr.split('\n').filter((l) => / not checked: live settings missing: /.test(l));
      expect(lines.map((l) => /^jobs-conformance: (\S+) not checked/.exec(l)?.[1])).toEqual(notChecked);
      expect(out.stdout).toMatch(
        new RegExp(
          `^PASS \\(${notChecked.length} of ${apiIds().length} APIs not checked: ${notChecked.join(', ')}\\): 25 passed`,
          'm',
        ),
      );
      const run = JSON.parse(readFileSync(join(dir, 'latest', 'results.json'), 'utf8')) as RunResults;
      expect(run.notChecked?.map((n) => n.api)).toEqual(notChecked);
      expect(run.notChecked?.find((n) => n.api === 'vectara-v1')?.reason).toMatch(/VECTARA_CUSTOMER_ID/);
    } finally {
      await sims.close();
    }
  });
});
