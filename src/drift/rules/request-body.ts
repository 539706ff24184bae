import { compareSchemas } from '../compare-schema.ts';
import { isNode } from '../schema-form.ts';
import type { OperationView, Report } from '../types.ts';
import { bodySchema } from './responses.ts';

/** The request body: present on one side only, required on one side only, then its schema. */
export function compareRequestBody(official: OperationView, ours: OperationView, report: Report): void {
  const a = isNode(official.node.requestBody) ? official.node.requestBody : undefined;
  const b = isNode(ours.node.requestBody) ? ours.node.requestBody : undefined;
  if (!a && !b) return;
  if (!a || !b) {
    if (a) report({ kind: 'body-added', where: 'request body' });
    if (b) report({ kind: 'body-removed', where: 'request body', oursNode: b });
    return;
  }
  if ((a.required === true) !== (b.required === true)) {
    report({
      kind: 'body-required',
      where: 'request body',
      detail: 'required',
      official: a.required === true,
      ours: b.required === true,
      oursNode: b,
    });
  }
  compareSchemas(bodySchema(a), bodySchema(b), 'request body', report);
}
