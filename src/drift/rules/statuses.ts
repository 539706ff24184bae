import { isNode } from '../schema-form.ts';
import type { OperationView, Report } from '../types.ts';

const responsesOf = (op: OperationView) => (isNode(op.node.responses) ? op.node.responses : {});

/** A status (or range, or default) one side documents and the other does not. */
export function compareStatuses(official: OperationView, ours: OperationView, report: Report): void {
  const a = responsesOf(official);
  const b = responsesOf(ours);
  for (const status of Object.keys(a)) {
    if (!(status in b)) report({ kind: 'status-added', where: `response ${status}`, detail: status });
  }
  for (const status of Object.keys(b)) {
    if (status in a) continue;
    const node = b[status];
    report({
      kind: 'status-removed',
      where: `response ${status}`,
      detail: status,
      ...(isNode(node) ? { oursNode: node } : {}),
    });
  }
}
