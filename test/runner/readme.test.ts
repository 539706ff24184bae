import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { CHECKS } from '../../src/checks/index.ts';

test('the README lists every check with the faults that prove it', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  for (const check of CHECKS) {
    const row = readme
      .split('\n')
      .find((line) => new RegExp(`^\\| \`${check.id.replace(/\./g, '\\.')}\` +\\|`).test(line));
    expect(row, check.id).toBeDefined();
    for (const fault of check.faults) expect(row, `${check.id} ${fault}`).toContain(`\`${fault}\``);
  }
});

test("the README's config file example is valid and its expectation matches a real duplicate message", async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const { loadConfig } = await import('../../src/cli/config.ts');
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## The config file'));
  const json = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
  expect(json).toBeDefined();
  const file = join(mkdtempSync(join(tmpdir(), 'readme-config-')), 'jobs-conformance.config.json');
  writeFileSync(file, json!);
  const config = loadConfig(file);
  expect(config?.expectations).toHaveLength(2);
  expect(
    new RegExp(config!.expectations[0]!.message!).test(
      'size 7: item job_1 appears on page 1 and again on page 2',
    ),
  ).toBe(true);
});
