/**
 * The generic simulator serves the APIs from their folders (with the providers' plugins for what no
 * folder can declare): a run against it is clean for each. The list grows as provider simulators
 * give way to the generic one.
 */
import { describe, expect, test } from 'vitest';
import { type ApiId, getCatalogue } from '../../src/catalogue/index.ts';
import { simulatorPlugins } from '../../src/providers/index.ts';
import { runConformance } from '../../src/runner/run.ts';
import { genericSimulator } from '../../src/simulators/generic/index.ts';
import { startSimulators } from '../../src/simulators/index.ts';

const SERVED: ApiId[] = [
  'vectara-v1',
  'vectara-v2',
  'emporix-ai-service',
  'pinecone-bulk-imports',
  'openai-vector-store-file-batches',
];

describe('the generic simulator serves each API cleanly', () => {
  test.each(SERVED)('%s', async (api: ApiId) => {
    const simulators = await startSimulators({
      modules: [genericSimulator(getCatalogue().api(api))],
      plugins: simulatorPlugins,
      jobDurationMs: 600,
      cooldownMs: 1000,
    });
    try {
      const run = await runConformance({ apis: [api], target: 'mock', allowWrites: true, simulators });
      const bad = run.results.filter((r) => r.status === 'fail' || r.status === 'error');
      expect(bad.map((r) => `${r.id}: ${r.status} ${r.message}`)).toEqual([]);
      expect(run.summary.pass).toBeGreaterThan(0);
    } finally {
      await simulators.close();
    }
  });
});
