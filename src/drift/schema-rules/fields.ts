import { isNode } from '../schema-form.ts';
import type { Node, Report } from '../types.ts';

/** Object fields added or removed, and fields made required or optional. */
export function compareFields(official: Node, ours: Node, where: string, report: Report): void {
  const a = isNode(official.properties) ? official.properties : undefined;
  const b = isNode(ours.properties) ? ours.properties : undefined;
  if (a && b) {
    for (const name of Object.keys(a)) {
      if (!(name in b))
        report({ kind: 'field-added', where: `${where}/${name}`, detail: name, oursNode: ours });
    }
    for (const name of Object.keys(b)) {
      if (!(name in a))
        report({ kind: 'field-removed', where: `${where}/${name}`, detail: name, oursNode: ours });
    }
  }
  const ra = new Set((official.required as string[] | undefined) ?? []);
  const rb = new Set((ours.required as string[] | undefined) ?? []);
  for (const name of ra) {
    if (!rb.has(name))
      report({ kind: 'field-required', where: `${where}/${name}`, detail: name, oursNode: ours });
  }
  for (const name of rb) {
    if (!ra.has(name))
      report({ kind: 'field-optional', where: `${where}/${name}`, detail: name, oursNode: ours });
  }
}
