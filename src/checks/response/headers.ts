import { requestLine, sourceOf } from '../judge.ts';
import { DOCS, declaredAt, docOf, retryAfterDocumentedBy, retryAfterMs } from '../open-points.ts';
import { perExchangeCheck } from './per-exchange.ts';
import { rateLimitFieldProblem } from './ratelimit-fields.ts';

export const headers = perExchangeCheck({
  id: 'headers',
  description:
    'X-Total-Count comes back when asked for, 429 carries retry-after, Ratelimit fields parse, Content-Length matches the body.',
  source: (api, op) =>
    sourceOf(api, op, 'responses.*.headers, x-rate-limit', [
      ...(op.pagination?.request.total
        ? [
            `${op.pagination.response.totalHeader ?? op.pagination.request.total.name} comes back as a count when the request sends ${op.pagination.request.total.name}: ${op.pagination.request.total.value} (${declaredAt(api, op, 'x-pagination')}).`,
          ]
        : []),
      retryAfterDocumentedBy(api)
        ? `A 429 carries retry-after (${retryAfterDocumentedBy(api)}), as delay-seconds or an HTTP date (${DOCS.rfc9110} §10.2.3).`
        : "No document says a 429 carries retry-after here, so one without it is not judged (suite's choice).",
      ...(api.rateLimit?.headers.includes('ratelimit')
        ? [
            `Ratelimit and Ratelimit-Policy, when sent, are the IETF RateLimit fields ("name";r=remaining;t=reset and "name";q=quota;w=window: ${docOf(api, '/x-rate-limit')}).`,
          ]
        : []),
      `Content-Length, when sent, is the length of the body (${DOCS.rfc9110} §8.6).`,
    ]),
  appliesTo: () => true,
  faults: ['headers.content-length-wrong', 'headers.retry-after-missing'],
  passMessage: 'headers are as documented',
  judge(probe, api, op) {
    const { request, response } = probe.exchange;
    // Only a failure names the request: most exchanges pass, and need no line built.
    const line = () => requestLine(probe.exchange);
    const asked = op.pagination?.request.total;
    if (asked && response!.status === 200 && request.headers[asked.name.toLowerCase()] === asked.value) {
      const name = op.pagination?.response.totalHeader?.toLowerCase() ?? asked.name.toLowerCase();
      const value = response!.headers[name];
      if (value === undefined)
        return {
          status: 'fail',
          message: `${line()}: ${asked.name}: ${asked.value} was asked, no ${name} header came back`,
        };
      if (!/^\d+$/.test(value))
        return { status: 'fail', message: `${line()}: ${name} '${value}' is not a count` };
    }
    if (response!.status === 429) {
      const value = response!.headers['retry-after'];
      if (value === undefined && retryAfterDocumentedBy(api))
        return { status: 'fail', message: `${line()}: 429 without retry-after` };
      if (value !== undefined && retryAfterMs(value) === undefined) {
        return { status: 'fail', message: `${line()}: retry-after '${value}' is neither seconds nor a date` };
      }
    }
    for (const name of ['ratelimit', 'ratelimit-policy'] as const) {
      const value = response!.headers[name];
      const problem = value === undefined ? undefined : rateLimitFieldProblem(name, value);
      if (problem) return { status: 'fail', message: `${line()}: ${name} '${value}': ${problem}` };
    }
    // The client reads exactly Content-Length bytes, so a length that is too short shows as a JSON
    // body that stops mid-value (a longer one ends the exchange as a truncated-body transport error).
    const length = response!.headers['content-length'];
    if (length !== undefined && probe.exchange.jsonError?.includes('end of input')) {
      return {
        status: 'fail',
        message: `${line()}: Content-Length ${length} cuts the body short (${probe.exchange.jsonError})`,
      };
    }
    return { status: 'pass', message: '' };
  },
});
