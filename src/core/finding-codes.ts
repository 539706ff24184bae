/**
 * Every finding code of the pact-vs-schema check, with its severity and what it means: the one
 * place these are defined (compare.ts emits them, results carry them as `contract.<code>`).
 */
export const FINDING_CODES = {
  'pact.provider.unknown': {
    status: 'fail',
    meaning: 'the pact names a provider that is no API id in the catalogue',
  },
  'request.path.unknown': {
    status: 'fail',
    meaning: 'no documented path template matches the request path',
  },
  'request.method.unknown': {
    status: 'fail',
    meaning: 'the path is documented, but not for this method',
  },
  'request.path.invalid': {
    status: 'fail',
    meaning: "a path parameter's value is not allowed by its schema",
  },
  'request.query.invalid': {
    status: 'fail',
    meaning: 'a query parameter is undocumented, missing while required, or not allowed by its schema',
  },
  'request.header.invalid': {
    status: 'fail',
    meaning: 'a documented request header is missing while required, or not allowed by its schema',
  },
  'request.body.invalid': {
    status: 'fail',
    meaning: 'the request body is not allowed by the schema (or sent where none is documented)',
  },
  'response.status.undocumented': {
    status: 'fail',
    meaning: 'the operation documents no such response status (nor a default, nor an auth rejection)',
  },
  'response.content-type.mismatch': {
    status: 'fail',
    meaning: 'the response content type is not the documented media type',
  },
  'response.body.invalid': {
    status: 'fail',
    meaning:
      "the response body is not valid against the status's schema (or present where none is documented)",
  },
  'response.body.unpromised-field': {
    status: 'warn',
    meaning: 'the consumer expects a response field the schema does not promise',
  },
} as const satisfies Record<string, { status: 'fail' | 'warn'; meaning: string }>;

export type FindingCode = keyof typeof FINDING_CODES;
export const ALL_FINDING_CODES = Object.keys(FINDING_CODES) as FindingCode[];
