import { readFile } from 'node:fs/promises';
import $RefParser from '@apidevtools/json-schema-ref-parser';
import { upgrade } from '@scalar/openapi-upgrader';
import { parse } from 'yaml';
import { UsageError } from '../core/index.ts';
import { isNode } from './schema-form.ts';
import type { Node } from './types.ts';

const oneLine = (error: unknown) => String((error as Error)?.message ?? error).replace(/\s*\n\s*/g, ' ');

/** The text of a file, or of an http(s) URL. */
async function readSource(source: string): Promise<string> {
  if (/^https?:\/\//i.test(source)) {
    const answer = await fetch(source).catch((error: unknown) => {
      throw new UsageError(`--official ${source}: cannot fetch it (${oneLine(error)})`);
    });
    if (!answer.ok) throw new UsageError(`--official ${source}: the server answered ${answer.status}`);
    return answer.text();
  }
  return readFile(source, 'utf8').catch((error: unknown) => {
    throw new UsageError(`--official ${source}: cannot read it (${oneLine(error)})`);
  });
}

/**
 * An official OpenAPI document (3.0 or 3.1, YAML or JSON, a file or a URL), upgraded to 3.1
 * (@scalar/openapi-upgrader: nullable, exclusive bounds, examples) and with every $ref resolved
 * (@apidevtools/json-schema-ref-parser). Anything unusable is a UsageError naming the source.
 */
export async function loadOfficial(source: string): Promise<{ doc: Node; version: string }> {
  const text = await readSource(source);
  let parsed: unknown;
  try {
    parsed = parse(text); // YAML 1.2 reads JSON too
  } catch (error) {
    throw new UsageError(`--official ${source}: not YAML or JSON (${oneLine(error)})`);
  }
  const version = isNode(parsed) ? String(parsed.openapi ?? '') : '';
  if (!/^3\.[01]\./.test(version) || !isNode((parsed as Node).paths)) {
    throw new UsageError(
      `--official ${source}: not an OpenAPI 3.0 or 3.1 document (no openapi: 3.0.x/3.1.x and paths)`,
    );
  }
  try {
    const upgraded = version.startsWith('3.0') ? (upgrade(parsed as never, '3.1') as unknown) : parsed;
    return { doc: (await $RefParser.dereference(upgraded as never)) as Node, version };
  } catch (error) {
    throw new UsageError(`--official ${source}: cannot resolve it (${oneLine(error)})`);
  }
}

/** One of our openapi.json files with its $refs into the schema files beside it resolved. */
export async function loadOurs(openapiPath: string): Promise<Node> {
  return (await $RefParser.dereference(openapiPath)) as Node;
}
