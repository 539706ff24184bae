import type { EnvelopeKind } from '../../catalogue/index.ts';
import type { Exchange } from '../../http/exchange.ts';
import { isRecord } from '../context.ts';
import { requestLine, sourceOf } from '../judge.ts';
import { perExchangeCheck } from './per-exchange.ts';

const nonEmptyStrings = (v: unknown) =>
  Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string');

/** Each provider's own envelope rule; returns the problem, or undefined when consistent. */
const ENVELOPE_RULES: Record<
  EnvelopeKind,
  (ok: boolean, body: Record<string, unknown>, status: number) => string | undefined
> = {
  // Cloudflare: success agrees with the status, errors non-empty on failure, result present on success.
  cloudflare(ok, body) {
    if (body.success !== ok) return `success is ${String(body.success)} on a ${ok ? 'success' : 'failure'}`;
    if (!ok && !(Array.isArray(body.errors) && body.errors.length > 0))
      return 'errors is missing or empty on a failure';
    if (ok && !('result' in body)) return 'result is missing on a success';
    return undefined;
  },
  // google.rpc.Status on failure: a non-zero code or a message; on success no status entry other than OK.
  'vectara-v1'(ok, body) {
    if (!ok)
      return (typeof body.code === 'number' && body.code !== 0) ||
        (typeof body.message === 'string' && body.message !== '')
        ? undefined
        : 'error body has neither a code nor a message';
    const statuses = Array.isArray(body.status) ? body.status : [];
    const bad = statuses.find((s) => isRecord(s) && s.code !== undefined && s.code !== 'OK');
    return bad ? `a 200 answer carries status ${JSON.stringify(bad)}` : undefined;
  },
  // v2 Error / NotFoundError / BadRequestError: messages say what went wrong.
  'vectara-v2'(ok, body) {
    if (ok) return undefined;
    return nonEmptyStrings(body.messages) || isRecord(body.field_errors)
      ? undefined
      : 'error body has no messages';
  },
  // ErrorMessage (message or code) for 400/403/404, the fault body for 401.
  emporix(ok, body, status) {
    if (ok) return undefined;
    if (status === 401)
      return isRecord(body.fault) && typeof body.fault.faultstring === 'string'
        ? undefined
        : '401 body has no fault.faultstring';
    return typeof body.message === 'string' || typeof body.code === 'number'
      ? undefined
      : 'error body has neither message nor code';
  },
};

export function envelopeProblem(kind: EnvelopeKind, exchange: Exchange): string | undefined {
  const status = exchange.response!.status;
  if (!isRecord(exchange.json)) return undefined;
  return ENVELOPE_RULES[kind](status >= 200 && status < 300, exchange.json, status);
}

export const envelopeConsistent = perExchangeCheck({
  id: 'envelope.consistent',
  description:
    "The provider's envelope agrees with the status (Cloudflare success/errors/result; each provider's error body).",
  source: (api, op) => sourceOf(api, op, `x-envelope: ${api.envelope}`, 'provider-docs/README.md'),
  appliesTo: () => true,
  faults: ['envelope.success-contradicts-status', 'envelope.errors-missing', 'error.wrong-shape'],
  passMessage: 'envelopes agree with their statuses',
  judge(probe, api) {
    const exchange = probe.exchange;
    if (exchange.response!.status === 204 || !isRecord(exchange.json)) return undefined;
    const problem = envelopeProblem(api.envelope, exchange);
    return problem
      ? { status: 'fail', message: `${requestLine(exchange)}: ${problem}` }
      : { status: 'pass', message: '' };
  },
});
