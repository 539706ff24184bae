/**
 * Where a JSON text goes wrong. V8 on Node 20 often leaves the position out of its message
 * ("Unexpected token ',', ... is not valid JSON"), so we scan once more to name it. The scan recurses
 * per nesting level, so it stops at MAX_JSON_DEPTH and names that; it is linear in the text.
 */
import { MAX_JSON_DEPTH } from './json-depth.ts';

const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

export interface JsonProblem {
  position: number;
  /** What was found there: 'unexpected ","', 'end of input'. */
  found: string;
}

/** The first offending offset of a text JSON.parse rejected; undefined if it is in fact valid. */
export function findJsonProblem(text: string, maxDepth = MAX_JSON_DEPTH): JsonProblem | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const fail = (): never => {
    throw i >= text.length
      ? { position: i, found: 'end of input' }
      : { position: i, found: `unexpected ${JSON.stringify(text[i])}` };
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      const ch = text[i];
      if (ch === undefined || ch < ' ') fail();
      if (ch === '"') {
        i++;
        return;
      }
      if (ch === '\\') {
        i++;
        const esc = text[i];
        if (esc === 'u') {
          for (let k = 1; k <= 4; k++) {
            if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) {
              i += k;
              fail();
            }
          }
          i += 5;
        } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) i++;
        else fail();
      } else i++;
    }
  };
  const number = () => {
    // Sticky, from i: no copy of the rest of the text per number.
    NUMBER.lastIndex = i;
    const match = NUMBER.exec(text);
    if (!match || match[0] === '-' || match[0].length === 0) fail();
    i += (match as RegExpExecArray)[0].length;
  };
  const value = (depth = 0): void => {
    ws();
    const ch = text[i];
    if ((ch === '{' || ch === '[') && depth >= maxDepth) {
      throw { position: i, found: `nesting deeper than ${maxDepth} levels` };
    }
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail();
      }
    }
    if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail();
      }
    }
    if (ch === '"') string();
    else if (ch === 't') literal('true');
    else if (ch === 'f') literal('false');
    else if (ch === 'n') literal('null');
    else if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) number();
    else fail();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return undefined;
  } catch (problem) {
    if (problem instanceof Error) throw problem;
    return problem as JsonProblem;
  }
}
