/**
 * What x-envelope successSays requires of every success body (rules without `when`), made true on a
 * made-up body: each value at the pointer ('*' for every element of an array) takes an allowed value
 * where it has another (a status list's codes 'OK' on a 200).
 */
import type { EnvelopeSpec } from '../../catalogue/index.ts';
import type { Json } from './values.ts';

function setEach(node: Json, keys: readonly string[], allowed: readonly unknown[]): void {
  if (node === null || typeof node !== 'object') return;
  const [key, ...rest] = keys;
  if (key === undefined) return;
  const children: [Record<string, Json> | Json[], string | number][] =
    key === '*' && Array.isArray(node)
      ? node.map((_, i) => [node, i] as [Json[], number])
      : Array.isArray(node)
        ? []
        : [[node, key]];
  for (const [parent, at] of children) {
    const value = (parent as Record<string, Json>)[at as string];
    if (value === undefined) continue;
    if (rest.length > 0) setEach(value, rest, allowed);
    else if (!allowed.includes(value)) (parent as Record<string, Json>)[at as string] = allowed[0] as Json;
  }
}

export function applySuccessSays(envelope: EnvelopeSpec | undefined, body: Json): void {
  for (const rule of envelope?.successSays ?? []) {
    if (rule.when || rule.allowed.length === 0) continue;
    setEach(body, rule.pointer.split('/').slice(1), rule.allowed);
  }
}
