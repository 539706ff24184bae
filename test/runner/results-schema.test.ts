import { expect, test } from 'vitest';
import { resultsProblem } from '../../src/reports/validate.ts';
import { runConformance } from '../../src/runner/run.ts';

test('a real run (clean and with failures and warnings) matches schemas/results.schema.json', async () => {
  const clean = await runConformance({
    apis: ['vectara-v2', 'emporix-ai-service'],
    target: 'mock',
    allowWrites: true,
  });
  expect(resultsProblem(JSON.parse(JSON.stringify(clean)))).toBeUndefined();
  const faulty = await runConformance({
    apis: ['emporix-ai-service'],
    target: 'mock',
    allowWrites: true,
    simulator: { faults: ['body.enum-deprecated', 'pagination.duplicate-item'] },
  });
  expect(faulty.summary.fail).toBeGreaterThan(0);
  expect(faulty.summary.warn).toBeGreaterThan(0);
  expect(resultsProblem(JSON.parse(JSON.stringify(faulty)))).toBeUndefined();
});
