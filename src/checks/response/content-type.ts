import { documentedBody, requestLine, sourceOf } from '../judge.ts';
import { DOCS, serverErrorsDocumented } from '../open-points.ts';
import { perExchangeCheck } from './per-exchange.ts';

function mediaType(value: string | undefined): string | undefined {
  return value?.split(';')[0]?.trim().toLowerCase();
}

export const contentType = perExchangeCheck({
  id: 'content-type',
  description: 'Responses with a documented body carry its content type; body-less ones (204) carry no body.',
  source: (api, op) =>
    sourceOf(api, op, 'responses.*.content', [
      `The media type is compared without its parameters (charset …) and without regard to case (${DOCS.rfc9110} §8.3.1): no document fixes the parameters.`,
      "A status the operation does not document is not judged here; status.documented fails it (suite's choice).",
    ]),
  appliesTo: () => true,
  faults: ['content-type.wrong', 'content-type.missing', 'transport.html-error-page'],
  faultExceptions: [
    {
      fault: 'transport.html-error-page',
      when: (api) => !serverErrorsDocumented(api),
      why: 'content types are judged for documented statuses only; status.documented catches an undocumented 502',
    },
  ],
  passMessage: 'content types are as documented',
  judge(probe, api, op) {
    const response = probe.exchange.response!;
    const doc = documentedBody(api, op, response.status, probe.purpose);
    if (!doc.documented) return undefined;
    const header = response.headers['content-type'];
    // The usual answer carries exactly the documented type: no parsing needed.
    if (doc.contentType && header === doc.contentType) return { status: 'pass', message: '' };
    const got = mediaType(header);
    if (!doc.contentType) {
      if (response.size > 0) {
        return {
          status: 'fail',
          message: `${requestLine(probe.exchange)}: documented without a body, got ${response.size} bytes`,
        };
      }
      return { status: 'pass', message: '' };
    }
    if (got === doc.contentType) return { status: 'pass', message: '' };
    return {
      status: 'fail',
      message: `${requestLine(probe.exchange)}: content-type ${got ?? '(none)'}, documented ${doc.contentType}`,
    };
  },
});
