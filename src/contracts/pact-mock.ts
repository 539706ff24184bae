/**
 * Checks one interaction on a Pact mock server of its own, and writes the pact file of a set of them,
 * without PactV4's `executeTest`: that merges its interaction into the pact file on disk after every
 * test (reading, merging and writing the whole file again, most of the generation's CPU), and the mock
 * server records a match only just after it answers, which its callers could only wait for blindly.
 */

/**
 * The calls of pact-core's ConsumerPact used here. pact-js (16.x, pinned) keeps it in the private
 * field `pact` of the interaction its V4 builder's willRespondWith returns; corePact fails loudly if
 * that changes.
 */
interface CorePact {
  pactffiCreateMockServerForTransport(
    address: string,
    transport: string,
    config: string,
    port?: number,
  ): number;
  mockServerMatchedSuccessfully(port: number): boolean;
  mockServerMismatches(port: number): unknown[];
  cleanupMockServer(port: number): boolean;
  writePactFile(dir: string, merge?: boolean): void;
}

function corePact(interaction: object): CorePact {
  const pact = (interaction as unknown as { pact?: Partial<CorePact> }).pact;
  const needed = [
    'pactffiCreateMockServerForTransport',
    'mockServerMatchedSuccessfully',
    'mockServerMismatches',
    'cleanupMockServer',
    'writePactFile',
  ] as const;
  if (!pact || needed.some((name) => typeof pact[name] !== 'function'))
    throw new Error(
      '@pact-foundation/pact no longer keeps the pact of an interaction where this version expects it',
    );
  return pact as CorePact;
}

/** How long a mock server may take to record the match of the request it answered. */
const MATCH_WAIT_MS = 2_000;

/**
 * Starts a mock server serving the interaction's pact, runs the test against its URL, and returns once
 * the server reports the interaction matched (throwing its mismatches if it never does).
 */
export async function checkOnMockServer<T>(
  interaction: object,
  test: (url: string) => Promise<T>,
): Promise<T> {
  const pact = corePact(interaction);
  // The same mock server settings as PactV4's executeTest.
  const config = JSON.stringify({ corsPreflight: true });
  const port = pact.pactffiCreateMockServerForTransport('127.0.0.1', 'http', config, 0);
  if (port <= 0) throw new Error(`the Pact mock server did not start (error code ${port})`);
  try {
    const value = await test(`http://127.0.0.1:${port}`);
    const deadline = Date.now() + MATCH_WAIT_MS;
    while (!pact.mockServerMatchedSuccessfully(port)) {
      if (Date.now() > deadline)
        throw new Error(
          `the Pact mock server reports mismatches: ${JSON.stringify(pact.mockServerMismatches(port)).slice(0, 2_000)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    return value;
  } finally {
    pact.cleanupMockServer(port);
  }
}

/** Writes the pact holding this interaction (and all declared on the same PactV4 before it) into dir, replacing the file. */
export function writePactOf(interaction: object, dir: string): void {
  corePact(interaction).writePactFile(dir, false);
}
