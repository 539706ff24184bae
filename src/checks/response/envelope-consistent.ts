import type { EnvelopeKind } from '../../catalogue/index.ts';
import type { Exchange } from '../../core/index.ts';
import { requestLine, sourceOf } from '../judge.ts';
import { DOCS } from '../open-points.ts';
import { isRecord } from '../probe.ts';
import { perExchangeCheck } from './per-exchange.ts';

const nonEmptyStrings = (v: unknown) =>
  Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string');

/** What an envelope rule found: a failure where a document says it, a warning where the documents leave it open. */
export interface EnvelopeProblem {
  status: 'fail' | 'warn';
  message: string;
}

const fail = (message: string): EnvelopeProblem => ({ status: 'fail', message });
const warn = (message: string): EnvelopeProblem => ({ status: 'warn', message });

/** Each provider's own envelope rule; returns the problem, or undefined when consistent. */
const ENVELOPE_RULES: Record<
  EnvelopeKind,
  (ok: boolean, body: Record<string, unknown>, status: number) => EnvelopeProblem | undefined
> = {
  // Cloudflare: error bodies fix success to false and require errors; 200 bodies require result and
  // type success as a plain boolean (not fixed to true), so success false on a 2xx is a warning.
  cloudflare(ok, body) {
    if (!ok && body.success !== false) return fail(`success is ${String(body.success)} on a failure`);
    if (ok && body.success === false)
      return warn('success is false on a success (documented as a plain boolean)');
    if (ok && body.success !== true) return fail(`success is ${String(body.success)} on a success`);
    if (!ok && !Array.isArray(body.errors)) return fail('errors is missing on a failure');
    if (!ok && (body.errors as unknown[]).length === 0)
      return warn('errors is empty on a failure (no document says it is not)');
    if (ok && !('result' in body)) return fail('result is missing on a success');
    return undefined;
  },
  // google.rpc.Status on failure, every field optional: one without a code or a message is a warning.
  // A 200 whose status entries are not OK is a warning too: no document says what they mean there.
  'vectara-v1'(ok, body) {
    if (!ok)
      return (typeof body.code === 'number' && body.code !== 0) ||
        (typeof body.message === 'string' && body.message !== '')
        ? undefined
        : warn('error body has neither a code nor a message (both optional in google.rpc.Status)');
    const statuses = Array.isArray(body.status) ? body.status : [];
    const bad = statuses.find((s) => isRecord(s) && s.code !== undefined && s.code !== 'OK');
    return bad ? warn(`a 200 answer carries status ${JSON.stringify(bad)}`) : undefined;
  },
  // v2 Error / NotFoundError / BadRequestError: every field optional, so no messages is a warning.
  'vectara-v2'(ok, body) {
    if (ok) return undefined;
    return nonEmptyStrings(body.messages) || isRecord(body.field_errors)
      ? undefined
      : warn('error body has no messages (optional in Error)');
  },
  // ErrorMessage for 400/403/404, the fault body for 401: every field optional, so warnings.
  emporix(ok, body, status) {
    if (ok) return undefined;
    if (status === 401)
      return isRecord(body.fault) && typeof body.fault.faultstring === 'string'
        ? undefined
        : warn('401 body has no fault.faultstring (optional in ErrorMessageFault)');
    return typeof body.message === 'string' || typeof body.code === 'number'
      ? undefined
      : warn('error body has neither message nor code (optional in ErrorMessage)');
  },
};

export function envelopeProblem(kind: EnvelopeKind, exchange: Exchange): EnvelopeProblem | undefined {
  const status = exchange.response!.status;
  if (!isRecord(exchange.json)) return undefined;
  return ENVELOPE_RULES[kind](status >= 200 && status < 300, exchange.json, status);
}

export const envelopeConsistent = perExchangeCheck({
  id: 'envelope.consistent',
  description:
    "The provider's envelope agrees with the status (Cloudflare success/errors/result; each provider's error body).",
  source: (api, op) =>
    sourceOf(
      api,
      op,
      `x-envelope: ${api.envelope}`,
      api.envelope === 'cloudflare'
        ? [
            `Error bodies carry success false and an errors array; 200 bodies carry result (${DOCS.cloudflareOpenapi}: required, success fixed to false on errors).`,
            `success on a 200 is a plain boolean in the document, not fixed to true (${DOCS.corrections}), so success false on a 2xx is a warning, as is an empty errors array on a failure (suite's choice).`,
          ]
        : [
            `Every field of the error body is optional (${api.envelope === 'emporix' ? DOCS.emporixOpenapi : DOCS.vectara}), so an error body that says nothing (no message, code or messages) is a warning, not a failure.`,
            ...(api.envelope === 'vectara-v1'
              ? [
                  "A 200 whose status entries are not OK is a warning: no document says what they mean on a success (suite's choice).",
                ]
              : []),
          ],
      'provider-docs/README.md',
    ),
  appliesTo: () => true,
  faults: ['envelope.success-contradicts-status', 'envelope.errors-missing', 'error.wrong-shape'],
  faultExceptions: [
    {
      fault: 'envelope.errors-missing',
      apis: ['vectara-v1', 'vectara-v2', 'emporix-ai-service'],
      why: 'their error bodies have only optional fields: an empty one is a warning',
    },
    {
      fault: 'error.wrong-shape',
      apis: ['vectara-v1', 'vectara-v2', 'emporix-ai-service'],
      why: 'their error bodies have only optional fields, so {"error": …} is valid: a warning',
    },
  ],
  passMessage: 'envelopes agree with their statuses',
  judge(probe, api) {
    const exchange = probe.exchange;
    if (exchange.response!.status === 204 || !isRecord(exchange.json)) return undefined;
    const problem = envelopeProblem(api.envelope, exchange);
    return problem
      ? { status: problem.status, message: `${requestLine(exchange)}: ${problem.message}` }
      : { status: 'pass', message: '' };
  },
});
