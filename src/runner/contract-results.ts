/**
 * The contract results of a run (`run --contracts`): the pacts generated from the catalogue and each
 * compared with the schemas. In the compiled package they are made on a worker thread
 * (contract-worker.ts), so Pact's mock servers and pact files take the other core while the checks
 * run; from the sources (the tests) in this thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type ApiId, apiIds } from '../catalogue/index.ts';
import type { Result } from '../core/index.ts';

export async function contractResultsHere(apis: readonly ApiId[], pactDir?: string): Promise<Result[]> {
  const contracts = await import('../contracts/index.ts');
  const dir = pactDir ?? contracts.defaultPactDir();
  const all = apiIds().every((api) => apis.includes(api));
  try {
    // A run of every API starts the pact folder afresh; a partial one rewrites only its own pacts.
    await contracts.generatePacts({ pactDir: dir, ...(all ? {} : { apis }) });
  } catch (error) {
    return failed(apis, (error as Error)?.message ?? String(error));
  }
  const wanted = new Set<string>(apis);
  return contracts.comparePactsToResults(contracts.readPactDir(dir)).filter((r) => wanted.has(r.api));
}

function failed(apis: readonly ApiId[], why: string): Result[] {
  return apis.map((api) => ({
    id: `${api}/(all)/contract.generate`,
    api,
    operation: '(all)',
    check: 'contract.generate',
    status: 'error' as const,
    message: `contract generation failed: ${why}`,
    evidence: [],
    source: { rule: 'Pact consumer contracts generated from the catalogue', doc: 'src/contracts' },
  }));
}

export function contractResults(apis: readonly ApiId[], pactDir?: string): Promise<Result[]> {
  const worker = new URL('./contract-worker.js', import.meta.url);
  if (!import.meta.url.endsWith('.js') || !existsSync(fileURLToPath(worker)))
    return contractResultsHere(apis, pactDir);
  return new Promise((resolve) => {
    let answered = false;
    const thread = new Worker(worker, { workerData: { apis: [...apis], pactDir } });
    thread.once('message', (message: { results?: Result[]; error?: string }) => {
      answered = true;
      resolve(message.results ?? failed(apis, message.error ?? 'no answer'));
    });
    thread.once('error', (error) => {
      if (!answered) resolve(failed(apis, error.message));
      answered = true;
    });
    thread.once('exit', (code) => {
      if (!answered) resolve(failed(apis, `its thread ended (${code}) before it answered`));
      answered = true;
    });
  });
}
