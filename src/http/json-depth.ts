/**
 * How deep provider JSON may nest before the client stops treating it as a value. JSON.parse copes
 * with any depth, but everything after it recurses (JSON.stringify when the reports are written,
 * ajv, redaction, the checks' comparisons), and a body nested 200,000 levels overflows the stack
 * there. So a body nested deeper than MAX_JSON_DEPTH is never parsed: it is recorded as text, and
 * its jsonError says why, so body.schema fails naming it.
 */
export const MAX_JSON_DEPTH = 512;

/** What a too-deep value is replaced with where a parsed value is copied (redaction). */
export const TOO_DEEP_MARKER = `[cut: nested deeper than ${MAX_JSON_DEPTH} levels]`;

export interface DepthProblem {
  /** The offset (in UTF-16 units of the text) of the bracket that went one level too deep. */
  position: number;
  limit: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * Where a JSON text first nests deeper than `limit` objects and arrays, or undefined. One loop, no
 * recursion: safe on any input. Brackets inside strings do not count. It validates nothing else
 * (a text it passes may still be invalid JSON; JSON.parse decides that).
 */
export function jsonTooDeep(text: string, limit = MAX_JSON_DEPTH): DepthProblem | undefined {
  // Fewer characters than the limit cannot open more levels than it.
  if (text.length <= limit) return undefined;
  // Nor can fewer opening brackets: counting them (indexOf, native) is far cheaper than the scan.
  if (openingsAtMost(text, limit)) return undefined;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return { position: i, limit };
    } else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && depth > 0) depth--;
  }
  return undefined;
}

/** True when the text holds at most `limit` '{' and '[' in all (inside strings too). */
function openingsAtMost(text: string, limit: number): boolean {
  let count = 0;
  for (const bracket of ['{', '[']) {
    for (let at = text.indexOf(bracket); at !== -1; at = text.indexOf(bracket, at + 1)) {
      if (++count > limit) return false;
    }
  }
  return true;
}

/** 'nesting deeper than 512 levels (at position 512): too deep to judge, the body is kept as text only' */
export function describeTooDeep(problem: DepthProblem): string {
  return `JSON nesting deeper than ${problem.limit} levels (at position ${problem.position}): too deep to judge, the body is kept as text only`;
}
