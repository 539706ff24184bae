import {
  type Api,
  type Catalogue,
  enumTierOf,
  type JsonSchema,
  type Operation,
} from '../../catalogue/index.ts';
import type { Exchange } from '../../core/index.ts';
import {
  describeAjvErrors,
  documentedBody,
  inputRejectionStatuses,
  judgeRejection,
  transportProblem,
} from '../judge.ts';
import { successStatuses } from '../lifecycle/jobs.ts';
import { boundsRejectionDocumentedBy } from '../open-points.ts';
import type { CheckOutcome } from '../types.ts';
import type { Pick } from './fields.ts';

/**
 * What a generated request must get:
 * - 'reject': a value breaks its schema where a document says such values are rejected (a documented
 *   400, not x-inferred; for a paging bound, x-pagination outOfBounds rejected);
 * - 'accept': every value is documented as valid and means something by its schema alone;
 * - 'documented': anything else, where the documents leave the answer open: a documented status
 *   with its documented body.
 */
export type Expectation = 'reject' | 'accept' | 'documented';

/** A documented 400 the operation's page states (not inferred). */
export function rejectionDocumented(op: Operation): boolean {
  const spec = op.responses.get('400');
  return spec !== undefined && !spec.inferred;
}

/** Whether a document says that this broken value is rejected. */
function mustReject(api: Api, op: Operation, pick: Pick): boolean {
  const boundLike = pick.case.kind !== 'type';
  if (pick.field.paging && boundLike) return boundsRejectionDocumentedBy(api, op) !== undefined;
  return rejectionDocumented(op);
}

export function expectationOf(
  api: Api,
  op: Operation,
  picks: readonly Pick[],
  invalid: readonly Pick[],
  wholeValid: boolean,
): Expectation {
  if (!wholeValid) return invalid.some((p) => mustReject(api, op, p)) ? 'reject' : 'documented';
  if (op.writes) return 'documented';
  return picks.every((p) => p.field.structural) ? 'accept' : 'documented';
}

/** Judges the answer to one generated request against its expectation. */
export function judgeAnswer(
  api: Api,
  op: Operation,
  exchange: Exchange,
  expect: Expectation,
  what: string,
): CheckOutcome {
  const problem = transportProblem(exchange);
  if (problem) return { status: 'error', message: `${what}: ${problem}`, evidence: [exchange] };
  if (expect === 'reject')
    return judgeRejection(api, op, exchange, inputRejectionStatuses(op), 'generated', what);
  const status = exchange.response!.status;
  if (expect === 'accept' && !successStatuses(op).includes(status))
    return {
      status: 'fail',
      message: `${what}: answered ${status}, but every value is documented as valid`,
      evidence: [exchange],
    };
  const doc = documentedBody(api, op, status, 'generated');
  if (!doc.documented)
    return {
      status: 'fail',
      message: `${what}: answered ${status}, a status the operation does not document`,
      evidence: [exchange],
    };
  if (doc.body && (exchange.json === undefined || !doc.body.validate(exchange.json)))
    return {
      status: 'fail',
      message: `${what}: the ${status} body is not the documented one (${exchange.json === undefined ? (exchange.jsonError ?? 'no JSON') : describeAjvErrors(doc.body.validate.errors)})`,
      evidence: [exchange],
      schemaPath: doc.body.ref,
    };
  return { status: 'pass', message: `${what}: answered ${status} as documented`, evidence: [exchange] };
}

/** A 2xx answer (a value that was accepted). */
export function accepted(exchange: Exchange): boolean {
  const status = exchange.response?.status;
  return status !== undefined && status >= 200 && status < 300;
}

/** A query enum on an operation that documents rejecting bad input (where an enum near miss must be rejected). */
export function queryEnumRejected(api: Api): boolean {
  return api.operations.some(
    (op) =>
      rejectionDocumented(op) &&
      op.parameters.some((p) => p.in === 'query' && Array.isArray(p.schema.schema.enum)),
  );
}

/** A body enum (two levels deep) on an operation that documents rejecting bad input. */
export function bodyEnumRejected(api: Api, catalogue: Catalogue): boolean {
  return api.operations.some((op) => {
    const handle = op.requestBody?.body;
    if (!handle || !rejectionDocumented(op)) return false;
    const walk = (node: JsonSchema, base: string, depth: number): boolean =>
      Object.values((node.properties ?? {}) as Record<string, JsonSchema>).some((raw) => {
        const r = catalogue.resolveNode(raw, base);
        return enumTierOf('', '', r.node) !== undefined || (depth < 1 && walk(r.node, r.base, depth + 1));
      });
    return walk(handle.schema, handle.ref, 0);
  });
}
