import { getAtPointer } from '../../catalogue/index.ts';
import { describeAjvErrors, documentedBody, requestLine, sourceOf } from '../judge.ts';
import { DOCS, errorBodiesOpen, jobHasNoRequiredField } from '../open-points.ts';
import { perExchangeCheck } from './per-exchange.ts';

export const bodySchema = perExchangeCheck({
  id: 'body.schema',
  description: 'Every body is valid JSON and matches the schema documented for its status.',
  source: (api, op) =>
    sourceOf(api, op, 'responses.*.content.schema', [
      `The schemas under schemas/ say what the official documents say; where they differ, the newer document wins and the older value stays valid (${DOCS.readme}).`,
      "A response object may carry properties its schema does not list: the response schemas allow them, as OpenAPI does (suite's choice).",
      `An auth rejection is judged by the provider's rejection body, and a status under 'default' by the default body (${DOCS.readme}).`,
    ]),
  appliesTo: () => true,
  faults: [
    'body.required-missing',
    'body.enum-unknown',
    'body.wrong-type',
    'body.pattern-violation',
    'error.wrong-shape',
    'transport.invalid-json',
  ],
  faultExceptions: [
    {
      fault: 'error.wrong-shape',
      when: errorBodiesOpen,
      why: 'its documented error schemas have only optional properties (x-envelope only warns), so {"error": …} is valid (envelope.consistent warns)',
    },
    {
      fault: 'body.required-missing',
      when: jobHasNoRequiredField,
      why: 'its job schemas require no field',
    },
  ],
  passMessage: 'every body matches its documented schema',
  judge(probe, api, op) {
    const exchange = probe.exchange;
    const doc = documentedBody(api, op, exchange.response!.status, probe.purpose);
    if (!doc.documented || !doc.body) return undefined;
    if (exchange.json === undefined) {
      return {
        status: 'fail',
        message: `${requestLine(exchange)}: body is not JSON (${exchange.jsonError ?? 'empty body'})`,
        schemaPath: doc.body.ref,
      };
    }
    if (doc.body.validate(exchange.json)) return { status: 'pass', message: '' };
    const errors = doc.body.validate.errors ?? [];
    const json = exchange.json;
    return {
      status: 'fail',
      message: `${requestLine(exchange)}: ${describeAjvErrors(doc.body.validate.errors)}`,
      // The failing value at its pointer, for each schema error (the reader never searches the body).
      findings: errors.slice(0, 10).map((e) => {
        const value = getAtPointer(json, e.instancePath);
        const missing = e.keyword === 'required' ? ` '${String(e.params.missingProperty)}'` : '';
        return {
          note: `${e.instancePath || 'body'} ${e.message ?? e.keyword}${missing} (${e.schemaPath})`,
          pointer: e.instancePath,
          // A value small enough to quote (a missing property's parent may be the whole body).
          ...(value !== undefined && (JSON.stringify(value)?.length ?? 0) <= 500 ? { value } : {}),
        };
      }),
      schemaPath: `${doc.body.ref}${doc.body.validate.errors?.[0]?.schemaPath.replace(/^#/, '') ?? ''}`,
    };
  },
});
