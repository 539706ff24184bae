import { documentedBody, requestLine, sourceOf } from '../judge.ts';
import { DOCS, serverErrorsDocumented } from '../open-points.ts';
import { perExchangeCheck } from './per-exchange.ts';

export const statusDocumented = perExchangeCheck({
  id: 'status.documented',
  description: 'Every response status is one the operation documents (or the documented auth rejection).',
  source: (api, op) =>
    sourceOf(api, op, 'responses', [
      `Besides the operation's own statuses, the provider's auth rejection statuses are documented for a request with missing or wrong credentials (${DOCS.readme}, each provider's "Auth" line).`,
      ...[...op.responses.values()]
        .filter((r) => r.inferred)
        .map(
          (r) =>
            `Status ${r.status} is inferred, not on the provider's page (schemas/ x-inferred), and counts as documented (suite's choice).`,
        ),
    ]),
  appliesTo: () => true,
  faults: ['status.undocumented', 'transport.html-error-page'],
  faultExceptions: [
    {
      fault: 'transport.html-error-page',
      when: serverErrorsDocumented,
      why: 'a default (or 5XX) response documents every server error status; content-type catches the page',
    },
  ],
  passMessage: 'every status received is documented',
  judge(probe, api, op) {
    const status = probe.exchange.response!.status;
    if (documentedBody(api, op, status, probe.purpose).documented) return { status: 'pass', message: '' };
    const listed = [...op.responses.keys()].join(', ');
    return {
      status: 'fail',
      message: `${requestLine(probe.exchange)}: status ${status} is not documented (documented: ${listed})`,
    };
  },
});
