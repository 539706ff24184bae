/**
 * A response body as the checks see it: the text recorded, and for a JSON content type the parsed
 * value or why there is none. Hostile bodies end here as a named jsonError, never as a value that
 * breaks what comes after: bytes that are not UTF-8, nesting deeper than MAX_JSON_DEPTH, invalid JSON.
 */
import { isUtf8 } from 'node:buffer';
import { describeTooDeep, jsonTooDeep } from './json-depth.ts';
import { findJsonProblem } from './json-position.ts';

const JSON_CONTENT_TYPE = /^\s*(?:application|text)\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

export interface ParsedBody {
  /** The body decoded as UTF-8 (bytes that are not UTF-8 become U+FFFD): what is recorded. */
  text: string;
  json?: unknown;
  jsonError?: string;
}

/**
 * Parse a body whose content type says JSON; name the problem when it is not usable. Bytes that are
 * not UTF-8 make the body invalid (RFC 8259 §8.1: JSON exchanged between systems is UTF-8), even
 * where they sit inside a string: decoding them to U+FFFD and parsing would let a broken body pass.
 */
export function parseJsonBody(
  status: number | undefined,
  contentType: string | undefined,
  body: Buffer,
): ParsedBody {
  const text = body.toString('utf8');
  if (!contentType || !JSON_CONTENT_TYPE.test(contentType)) return { text };
  if (text.trim().length === 0) {
    return status === 204 || status === 304
      ? { text }
      : { text, jsonError: `empty body although content-type is ${contentType}` };
  }
  if (!isUtf8(body)) {
    const at = firstInvalidUtf8(body);
    return {
      text,
      jsonError: `invalid UTF-8 at byte ${at}${at !== undefined ? ` (0x${body[at]?.toString(16).padStart(2, '0')})` : ''}: JSON must be UTF-8 (RFC 8259 §8.1)`,
    };
  }
  const deep = jsonTooDeep(text);
  if (deep) return { text, jsonError: describeTooDeep(deep) };
  try {
    return { text, json: JSON.parse(text) };
  } catch (err) {
    return { text, jsonError: describeJsonError(err, text) };
  }
}

/** 'invalid JSON at position 17: unexpected ","' — the offset found by our own scan. */
export function describeJsonError(err: unknown, text: string): string {
  const problem = findJsonProblem(text);
  if (problem) return `invalid JSON at position ${problem.position}: ${problem.found}`;
  return `invalid JSON: ${err instanceof Error ? err.message : String(err)}`;
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else return i;
    // The second byte's range rules out overlong forms, surrogates and code points past U+10FFFF.
    min = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    if (b === 0xed) max = 0x9f;
    else if (b === 0xf4) max = 0x8f;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < min || c > max) return i;
      min = 0x80;
      max = 0xbf;
    }
    i += need + 1;
  }
  return undefined;
}
