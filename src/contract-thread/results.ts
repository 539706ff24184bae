/**
 * The contract results of a run (`run --contracts`): the pacts generated from the catalogue and each
 * compared with the schemas. In the compiled package they are made on a worker thread (worker.ts), so
 * Pact's mock servers and pact files take the other core while the checks run; from the sources (the
 * tests) in this thread. This module imports nothing heavy: the command line starts the thread
 * (warmContractThread) before it loads the engine, so the thread loads Pact and its catalogue while
 * the main thread loads its own.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ApiId } from '../catalogue/index.ts';
import type { Result } from '../core/index.ts';

export async function contractResultsHere(apis: readonly ApiId[], pactDir?: string): Promise<Result[]> {
  const [contracts, { apiIds }] = await Promise.all([
    import('../contracts/index.ts'),
    import('../catalogue/index.ts'),
  ]);
  const dir = pactDir ?? contracts.defaultPactDir();
  try {
    const all = apiIds().every((api) => apis.includes(api));
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

interface Thread {
  worker: Worker;
  /** Why the thread ended, once it has (an error, or its exit). */
  ended: Promise<string>;
}

/** The compiled worker module; none when running from the sources. */
function workerUrl(): URL | undefined {
  const url = new URL('./worker.js', import.meta.url);
  return import.meta.url.endsWith('.js') && existsSync(fileURLToPath(url)) ? url : undefined;
}

function startThread(url: URL): Thread {
  // The thread's environment is this one's now: the schemas folders (--schemas) are set before.
  const worker = new Worker(url);
  const ended = new Promise<string>((resolve) => {
    worker.once('error', (error) => resolve(error.message));
    worker.once('exit', (code) => resolve(`its thread ended (${code}) before it answered`));
  });
  // Until a run hands it work, it never holds the process open.
  worker.unref();
  return { worker, ended };
}

let warm: Thread | undefined;

/**
 * Starts the contract thread ahead of the run that will ask for contract results, so it loads Pact
 * and the catalogue meanwhile; the next contractResults takes it. Nothing from the sources.
 */
export function warmContractThread(): void {
  const url = workerUrl();
  if (!warm && url) warm = startThread(url);
}

/** Ends a warmed thread no run took (a usage error, an interrupt, a shard without contracts). */
export function releaseContractThread(): void {
  void warm?.worker.terminate();
  warm = undefined;
}

export async function contractResults(apis: readonly ApiId[], pactDir?: string): Promise<Result[]> {
  const url = workerUrl();
  if (!url) return contractResultsHere(apis, pactDir);
  const thread = warm ?? startThread(url);
  warm = undefined;
  thread.worker.ref();
  const answer = new Promise<Result[]>((resolve) => {
    thread.worker.once('message', (message: { results?: Result[]; error?: string }) =>
      resolve(message.results ?? failed(apis, message.error ?? 'no answer')),
    );
  });
  thread.worker.postMessage({ apis: [...apis], pactDir });
  try {
    return await Promise.race([answer, thread.ended.then((why) => failed(apis, why))]);
  } finally {
    thread.worker.unref();
  }
}
