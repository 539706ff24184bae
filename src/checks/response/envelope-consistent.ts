import type { EnvelopeSpec } from '../../catalogue/index.ts';
import type { Exchange } from '../../core/index.ts';
import { requestLine, sourceOf } from '../judge.ts';
import { isRecord } from '../probe.ts';
import { type EnvelopeProblem, errorBodyIsOpen, envelopeProblem as ruleProblem } from './envelope-rules.ts';
import { perExchangeCheck } from './per-exchange.ts';

export type { EnvelopeProblem } from './envelope-rules.ts';

export function envelopeProblem(spec: EnvelopeSpec, exchange: Exchange): EnvelopeProblem | undefined {
  if (!isRecord(exchange.json)) return undefined;
  return ruleProblem(spec, exchange.response!.status, exchange.json);
}

export const envelopeConsistent = perExchangeCheck({
  id: 'envelope.consistent',
  description:
    "The envelope agrees with the status as the API's x-envelope declares (a success flag, the data, the error list, what an error body must say).",
  source: (api, op) =>
    sourceOf(
      api,
      op,
      `x-envelope: ${JSON.stringify(api.envelope)}`,
      [
        `What a body must say on a success and on a failure is what the API declares in schemas/${api.id}/openapi.json#/x-envelope; a rule the documents leave open is declared a warning there, with its reason (x-why).`,
        "A body that is not a JSON object is body.schema's to judge (suite's choice).",
      ],
      `schemas/${api.id}/openapi.json#/x-envelope`,
    ),
  appliesTo: () => true,
  faults: ['envelope.success-contradicts-status', 'envelope.errors-missing', 'error.wrong-shape'],
  faultExceptions: [
    {
      fault: 'envelope.errors-missing',
      when: (api) => errorBodyIsOpen(api.envelope),
      why: 'its error bodies have only optional fields (x-envelope only warns): an empty one is a warning',
    },
    {
      fault: 'error.wrong-shape',
      when: (api) => errorBodyIsOpen(api.envelope),
      why: 'its error bodies have only optional fields (x-envelope only warns), so {"error": …} is valid: a warning',
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
