import { compareSchemas } from '../compare-schema.ts';
import { isNode } from '../schema-form.ts';
import type { Node, OperationView, Report } from '../types.ts';

/** The JSON (or first) body schema of a response or request body, if it has one. */
export function bodySchema(node: unknown): unknown {
  if (!isNode(node) || !isNode(node.content)) return undefined;
  const content = node.content as Record<string, Node>;
  const type = Object.keys(content).find((t) => /json/i.test(t)) ?? Object.keys(content)[0];
  return type === undefined ? undefined : content[type]?.schema;
}

/** For every status both sides document: the body schemas, compared field by field. */
export function compareResponseBodies(official: OperationView, ours: OperationView, report: Report): void {
  const a = (official.node.responses ?? {}) as Node;
  const b = (ours.node.responses ?? {}) as Node;
  for (const status of Object.keys(a)) {
    if (!(status in b)) continue;
    const theirs = bodySchema(a[status]);
    const mine = bodySchema(b[status]);
    const where = `response ${status} body`;
    if (theirs !== undefined && mine === undefined) report({ kind: 'body-added', where });
    else if (theirs === undefined && mine !== undefined) report({ kind: 'body-removed', where });
    else compareSchemas(theirs, mine, where, report);
  }
}
