/**
 * The worker thread of results.ts: loads Pact and the catalogue at once (while the main thread loads
 * its own modules), then makes the contract results the run asks for and posts them back.
 */
import { parentPort } from 'node:worker_threads';
import { contractResultsHere } from './results.ts';

// A failure to load is reported by the run's request (contractResultsHere loads them again).
const loaded = Promise.all([
  import('../contracts/index.ts'),
  import('../catalogue/index.ts').then((catalogue) => catalogue.getCatalogue()),
]).catch(() => undefined);

parentPort?.once('message', async ({ apis, pactDir }: { apis: string[]; pactDir?: string }) => {
  await loaded;
  contractResultsHere(apis, pactDir).then(
    (results) => parentPort?.postMessage({ results }),
    (error: unknown) => parentPort?.postMessage({ error: (error as Error)?.message ?? String(error) }),
  );
});
