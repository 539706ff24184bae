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
