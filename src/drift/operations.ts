import { isNode } from './schema-form.ts';
import type { Node, OperationView } from './types.ts';

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'];

/** "GET /a/{}/b": the method and the path with parameter names blanked (names are local). */
export const operationKey = (method: string, path: string) =>
  `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{}')}`;

/** Every operation of a resolved document, with path-level parameters merged in and effective security. */
export function operationsOf(doc: Node): Map<string, OperationView> {
  const out = new Map<string, OperationView>();
  const paths = isNode(doc.paths) ? doc.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isNode(item)) continue;
    const shared = Array.isArray(item.parameters) ? (item.parameters as Node[]) : [];
    for (const method of METHODS) {
      const node = item[method];
      if (!isNode(node)) continue;
      const own = Array.isArray(node.parameters) ? (node.parameters as Node[]) : [];
      const parameters = [
        ...shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)),
        ...own,
      ];
      const security = (node.security ?? doc.security) as Node[] | undefined;
      const key = operationKey(method, path);
      out.set(key, {
        key,
        method: method.toUpperCase(),
        path,
        ...(typeof node.operationId === 'string' ? { operationId: node.operationId } : {}),
        node,
        parameters,
        security,
      });
    }
  }
  return out;
}
