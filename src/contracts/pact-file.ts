import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../core/index.ts';

/** The parts of a Pact V4 file (HTTP interactions) the offline check reads. */
export interface PactBody {
  content?: unknown;
  contentType?: string;
  encoded?: boolean | string;
}

export interface PactHttpRequest {
  method: string;
  path: string;
  query?: Record<string, string[] | string>;
  headers?: Record<string, string[] | string>;
  body?: PactBody;
}

export interface PactHttpResponse {
  status: number;
  headers?: Record<string, string[] | string>;
  body?: PactBody;
}

export interface PactInteraction {
  type?: string;
  description: string;
  comments?: { text?: string[]; [key: string]: unknown };
  providerStates?: { name: string; params?: Record<string, unknown> }[];
  request: PactHttpRequest;
  response: PactHttpResponse;
}

export interface PactFile {
  consumer: { name: string };
  provider: { name: string };
  interactions: PactInteraction[];
  metadata?: Record<string, unknown>;
}

/** Reads one pact file; a file that is not a pact is a usage problem naming the file. */
export function readPactFile(path: string): PactFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read pact file ${path}: ${(error as Error).message}`);
  }
  const pact = parsed as Partial<PactFile>;
  if (!pact?.consumer?.name || !pact.provider?.name || !Array.isArray(pact.interactions)) {
    throw new UsageError(`${path} is not a pact file (needs consumer.name, provider.name, interactions[])`);
  }
  return pact as PactFile;
}

/** Every `*.json` pact in a folder, sorted by name; a missing or empty folder is a usage problem. */
export function readPactDir(dir: string): { path: string; pact: PactFile }[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    throw new UsageError(
      `pact folder ${dir} does not exist (run 'jobs-conformance contracts generate' first, or pass --pact-dir)`,
    );
  }
  if (names.length === 0) throw new UsageError(`pact folder ${dir} holds no pact files (*.json)`);
  return names.sort().map((n) => ({ path: join(dir, n), pact: readPactFile(join(dir, n)) }));
}

/** A header or query value as one string (pact files store lists). */
export function firstValue(value: string[] | string | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The JSON body of a pact body, decoding a body stored as text. */
export function bodyJson(body: PactBody | undefined): { present: boolean; value?: unknown; error?: string } {
  if (!body || body.content === undefined || body.content === null || body.content === '') {
    return { present: false };
  }
  const { content } = body;
  if (typeof content !== 'string') return { present: true, value: content };
  const text = body.encoded === 'base64' ? Buffer.from(content, 'base64').toString('utf8') : content;
  try {
    return { present: true, value: JSON.parse(text) };
  } catch (error) {
    return { present: true, value: text, error: (error as Error).message };
  }
}
