import { compareSchemas } from '../compare-schema.ts';
import { isNode } from '../schema-form.ts';
import type { Node, OperationView, Report } from '../types.ts';

const headersOf = (response: unknown): Map<string, unknown> => {
  const headers = isNode(response) && isNode(response.headers) ? response.headers : {};
  return new Map(Object.entries(headers).map(([name, h]) => [name.toLowerCase(), h]));
};

/** Response headers (names compared without case) per status both sides document, then their schemas. */
export function compareHeaders(official: OperationView, ours: OperationView, report: Report): void {
  const a = (official.node.responses ?? {}) as Node;
  const b = (ours.node.responses ?? {}) as Node;
  for (const status of Object.keys(a)) {
    if (!(status in b)) continue;
    const theirs = headersOf(a[status]);
    const mine = headersOf(b[status]);
    const oursResponse = isNode(b[status]) ? (b[status] as Node) : undefined;
    for (const [name, header] of theirs) {
      const where = `response ${status} header ${name}`;
      const other = mine.get(name);
      if (other === undefined)
        report({
          kind: 'header-added',
          where,
          detail: name,
          ...(oursResponse ? { oursNode: oursResponse } : {}),
        });
      else if (isNode(header) && isNode(other)) compareSchemas(header.schema, other.schema, where, report);
    }
    for (const name of mine.keys()) {
      if (!theirs.has(name)) {
        report({
          kind: 'header-removed',
          where: `response ${status} header ${name}`,
          detail: name,
          ...(oursResponse ? { oursNode: oursResponse } : {}),
        });
      }
    }
  }
}
