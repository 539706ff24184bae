/**
 * JSON bodies serialised once: an answer a simulator serves again (generic/answer-cache.ts) keeps
 * its bytes here, so the host writes them instead of serialising the same body per request. Kept by
 * the answer object itself: a copy of it (`{ ...answer, json }`) has no bytes and is serialised anew.
 */
import type { SimResponse } from './core.ts';

const bodies = new WeakMap<SimResponse, Buffer>();

/** Serialises the answer's JSON body now, for every later write of this same answer. */
export function keepSerialised(answer: SimResponse): void {
  if (answer.json !== undefined && !bodies.has(answer))
    bodies.set(answer, Buffer.from(JSON.stringify(answer.json)));
}

/** The answer's JSON body as bytes: kept ones, else serialised now. */
export function jsonBytes(answer: SimResponse): Buffer {
  return bodies.get(answer) ?? Buffer.from(JSON.stringify(answer.json));
}
