import type { ErrorObject } from 'ajv';
import { type Api, type Operation, responseFor, type SchemaHandle } from '../catalogue/index.ts';
import type { Exchange, RuleSource } from '../core/index.ts';
import type { ProbePurpose } from './probe.ts';
import type { CheckOutcome } from './types.ts';

/** The documented body schema for a status: the operation's, the auth rejection's, its range's (4XX) or 'default'. */
export function documentedBody(
  api: Api,
  op: Operation,
  status: number,
  purpose: ProbePurpose,
): { documented: boolean; body?: SchemaHandle; contentType?: string } {
  const spec = op.responses.get(String(status));
  if (spec) return { documented: true, body: spec.body, contentType: spec.contentType };
  const rejection = api.authRejection;
  if (purpose === 'auth' && rejection.statuses.includes(status)) {
    return { documented: true, body: rejection.body, contentType: 'application/json' };
  }
  if (purpose === 'auth' && rejection.insufficientScope?.status === status) {
    return { documented: true, body: rejection.insufficientScope.body, contentType: 'application/json' };
  }
  // A range (4XX, 5XX), then 'default' for an error status.
  const fallback = responseFor(op, status);
  if (fallback) return { documented: true, body: fallback.body, contentType: fallback.contentType };
  return { documented: false };
}

export function describeAjvErrors(errors: ErrorObject[] | null | undefined, max = 3): string {
  if (!errors || errors.length === 0) return 'invalid';
  const lines = errors.slice(0, max).map((e) => {
    const where = e.instancePath === '' ? 'body' : e.instancePath;
    const extra = e.keyword === 'additionalProperties' ? ` '${String(e.params.additionalProperty)}'` : '';
    return `${where} ${e.message ?? e.keyword}${extra} (${e.schemaPath})`;
  });
  return lines.join('; ') + (errors.length > max ? ` (+${errors.length - max} more)` : '');
}

export function transportProblem(exchange: Exchange): string | undefined {
  if (exchange.error) return `${exchange.error.kind}: ${exchange.error.message}`;
  if (!exchange.response) return 'no response';
  return undefined;
}

/** Why an answer that should have been a 2xx JSON body is unusable: a transport failure, a non-2xx, bad JSON. */
export function answerProblem(exchange: Exchange): string | undefined {
  const transport = transportProblem(exchange);
  if (transport) return transport;
  const { status, headers } = exchange.response!;
  if (status < 200 || status >= 300) {
    const type = headers['content-type']?.split(';')[0];
    return `answered ${status}${type ? ` (${type})` : ''}`;
  }
  if (exchange.jsonError) return exchange.jsonError;
  return undefined;
}

/**
 * Why a list answer gave no records to judge: its status, a body that is not JSON, or no item array
 * where the pagination declares one (a null or array body, a wrong shape).
 */
export function listProblem(op: Operation, exchange: Exchange): string {
  const status = exchange.response?.status;
  if (status !== 200) return `answered ${status}`;
  if (exchange.jsonError) return `answered 200, but the body is not JSON: ${exchange.jsonError}`;
  return `answered 200 with no item array at '${op.pagination?.response.items}'`;
}

export function requestLine(exchange: Exchange): string {
  const status = exchange.response
    ? ` → ${exchange.response.status}`
    : exchange.error
      ? ` → ${exchange.error.kind}`
      : '';
  return `${exchange.request.method} ${exchange.request.url}${status}`;
}

/**
 * The rule a check enforces on an operation, where it is documented, and what the check takes for
 * granted beyond it (each assumption one sentence naming its document, or saying it is the suite's
 * choice; an empty list says there is none).
 */
export function sourceOf(
  api: Api,
  op: Operation,
  rule: string,
  assumptions: readonly string[],
  doc?: string,
): RuleSource {
  return {
    rule: `${api.id} ${op.id} (${op.method} ${op.path}): ${rule}`,
    doc: doc ?? api.sources[0] ?? api.openapiPath,
    assumptions: [...assumptions],
  };
}

/**
 * Judges an error answer: the status must be one of `allowed`, and the body must match the schema
 * documented for it. Used by bounds, input, auth and lifecycle checks.
 */
export function judgeRejection(
  api: Api,
  op: Operation,
  exchange: Exchange,
  allowed: number[] | 'any-4xx',
  purpose: ProbePurpose,
  what: string,
): CheckOutcome {
  const problem = transportProblem(exchange);
  if (problem) return { status: 'error', message: `${what}: ${problem}`, evidence: [exchange] };
  const status = exchange.response!.status;
  const ok = allowed === 'any-4xx' ? status >= 400 && status < 500 : allowed.includes(status);
  if (!ok) {
    const want = allowed === 'any-4xx' ? 'a 4xx' : allowed.join(' or ');
    return { status: 'fail', message: `${what}: answered ${status}, expected ${want}`, evidence: [exchange] };
  }
  const { body } = documentedBody(api, op, status, purpose);
  if (body) {
    if (exchange.json === undefined) {
      return {
        status: 'fail',
        message: `${what}: ${status} body is not JSON (${exchange.jsonError ?? 'empty'})`,
        evidence: [exchange],
      };
    }
    if (!body.validate(exchange.json)) {
      return {
        status: 'fail',
        message: `${what}: ${status} body does not match ${body.ref.split('/').pop()}: ${describeAjvErrors(body.validate.errors)}`,
        evidence: [exchange],
        schemaPath: body.ref,
      };
    }
  }
  return {
    status: 'pass',
    message: `${what}: rejected with ${status} and the documented error shape`,
    evidence: [exchange],
  };
}

/** Statuses an operation documents for rejecting bad input: 400 if listed, else any 4xx under 'default'. */
export function inputRejectionStatuses(op: Operation, fallback: number[] = []): number[] | 'any-4xx' {
  if (op.statuses.includes(400)) return [400];
  if (op.hasDefaultResponse) return 'any-4xx';
  return fallback.length > 0 ? fallback : 'any-4xx';
}
