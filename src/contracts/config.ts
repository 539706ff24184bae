import { resolve } from 'node:path';
import { UsageError } from '../core/index.ts';

/** Where pact files go by default, relative to the working directory (git-ignored in this repository). */
export const DEFAULT_PACT_DIR = 'contracts/pacts';

/**
 * Where `contracts generate` writes and the other commands read pact files when no folder is given:
 * under the working directory, where the user is, never inside the installed package.
 */
export function defaultPactDir(cwd: string = process.cwd()): string {
  return resolve(cwd, DEFAULT_PACT_DIR);
}
export const DEFAULT_CONSUMER = 'jobs-conformance';

/** The consumer name: the flag, else PACT_CONSUMER, else the default; must be a usable pacticipant name. */
export function consumerName(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  const name = (flag ?? env.PACT_CONSUMER ?? DEFAULT_CONSUMER).trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw new UsageError(
      `consumer name '${name}' (from ${flag !== undefined ? '--consumer' : 'PACT_CONSUMER'}) must be letters, digits, '.', '_' or '-'`,
    );
  }
  return name;
}

/** The provider name of an API in the pacts: its API id. */
export function providerName(api: string): string {
  return api;
}

/** The pact file of one consumer–provider pair, as the Pact library names it. */
export function pactFileName(consumer: string, provider: string): string {
  return `${consumer}-${provider}.json`;
}
