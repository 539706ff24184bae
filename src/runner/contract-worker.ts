/** The worker thread of contract-results.ts: makes the contract results and posts them back. */
import { parentPort, workerData } from 'node:worker_threads';
import { contractResultsHere } from './contract-results.ts';

const { apis, pactDir } = workerData as { apis: string[]; pactDir?: string };
contractResultsHere(apis, pactDir).then(
  (results) => parentPort?.postMessage({ results }),
  (error: unknown) => parentPort?.postMessage({ error: (error as Error)?.message ?? String(error) }),
);
