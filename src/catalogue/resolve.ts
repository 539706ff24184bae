import type { JsonSchema } from './types.ts';

/**
 * Follows a schema node's $ref chain from `base`; keywords beside a $ref apply too (2020-12), the
 * nearer ones winning. `lookup` gives the node an absolute ref points at. Returns the node and the
 * URI that later relative refs resolve against.
 */
export function resolveSchemaNode(
  lookup: (ref: string) => JsonSchema,
  node: JsonSchema,
  base: string,
): { node: JsonSchema; base: string } {
  let current = node;
  let currentBase = base;
  for (let hops = 0; typeof current.$ref === 'string' && hops < 20; hops++) {
    const target = new URL(current.$ref, currentBase).href;
    const { $ref: _ref, ...siblings } = current;
    current = { ...lookup(target), ...siblings };
    currentBase = target;
  }
  return { node: current, base: currentBase };
}
