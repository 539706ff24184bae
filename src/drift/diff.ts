import { loadOfficial, loadOurs } from './load.ts';
import { operationsOf } from './operations.ts';
import { deviationsOf, recordedBy } from './recorded.ts';
import { compareHeaders } from './rules/headers.ts';
import { compareParameters } from './rules/parameters.ts';
import { compareRequestBody } from './rules/request-body.ts';
import { compareResponseBodies } from './rules/responses.ts';
import { compareSecurity } from './rules/security.ts';
import { compareStatuses } from './rules/statuses.ts';
import { isNode } from './schema-form.ts';
import type { Difference, DiffResult, Node, OperationView, Report } from './types.ts';

export interface DiffInput {
  api: string;
  /** Our openapi.json. */
  openapiPath: string;
  /** The openapi.json of other APIs whose operations the official document also holds (x-official.alsoIn). */
  alsoIn?: string[];
  /** A file or URL. */
  official: string;
}

const schemesOf = (doc: Node): Node => {
  const components = isNode(doc.components) ? doc.components : {};
  return isNode(components.securitySchemes) ? components.securitySchemes : {};
};

/** Every difference between an official document and ours, each with how it is recorded (if it is). */
export async function diffApi(input: DiffInput): Promise<DiffResult> {
  const { doc: official, version } = await loadOfficial(input.official);
  const ours = await loadOurs(input.openapiPath);
  const elsewhere = new Set<string>();
  for (const path of input.alsoIn ?? [])
    for (const key of operationsOf(await loadOurs(path)).keys()) elsewhere.add(key);
  const deviations = deviationsOf(ours);
  const differences: Difference[] = [];
  const reporterFor =
    (operation: string): Report =>
    ({ oursNode, ...d }) => {
      const id = `${operation}: ${d.where}: ${d.kind}${d.detail !== undefined ? ` ${d.detail}` : ''}`;
      const difference: Difference = { id, operation, ...d };
      const recorded = recordedBy(difference, oursNode, deviations);
      differences.push(recorded ? { ...difference, recorded } : difference);
    };
  const theirs = operationsOf(official);
  const mine = operationsOf(ours);
  const schemes = { official: schemesOf(official), ours: schemesOf(ours) };
  for (const [key, op] of theirs) {
    const match = mine.get(key);
    if (match) compareOperation(op, match, reporterFor(match.operationId ?? key), schemes);
    else if (!elsewhere.has(key))
      reporterFor(key)({ kind: 'operation-added', where: 'operation', detail: op.operationId ?? key });
  }
  for (const [key, op] of mine) {
    if (!theirs.has(key))
      reporterFor(op.operationId ?? key)({
        kind: 'operation-removed',
        where: 'operation',
        oursNode: op.node,
      });
  }
  const info = isNode(official.info) ? official.info : {};
  const oursInfo = isNode(ours.info) ? ours.info : {};
  return {
    api: input.api,
    official: {
      source: input.official,
      openapi: version,
      ...(typeof info.version === 'string' ? { version: info.version } : {}),
      ...(typeof info.title === 'string' ? { title: info.title } : {}),
    },
    ours: typeof oursInfo.version === 'string' ? { version: oursInfo.version } : {},
    differences,
    unrecorded: differences.filter((d) => !d.recorded).length,
  };
}

function compareOperation(
  official: OperationView,
  ours: OperationView,
  report: Report,
  schemes: { official: Node; ours: Node },
): void {
  compareStatuses(official, ours, report);
  compareParameters(official, ours, report);
  compareRequestBody(official, ours, report);
  compareResponseBodies(official, ours, report);
  compareHeaders(official, ours, report);
  compareSecurity(official, ours, report, schemes);
}
