// The HTTP layer: one keep-alive client, generic operation calls, redaction.
export {
  type AuthMode,
  authHeaders,
  readScopes,
  registerCredentials,
  requestClientCredentialsToken,
  secretValues,
  wrongCredentials,
} from './auth.ts';
export {
  type BuiltRequest,
  buildRequest,
  buildUrl,
  type CallOptions,
  callOperation,
  type QueryValue,
} from './call.ts';
export { createHttpClient } from './client.ts';
export type {
  ExchangeListener,
  HttpClient,
  HttpClientOptions,
  HttpRequest,
  RequestCounters,
} from './client-options.ts';
export { decodeContent } from './content-encoding.ts';
export {
  defaultRedactor,
  REDACTED,
  Redactor,
  redactExchange,
  redactText,
  registerSecret,
} from './redact.ts';
export { schemeHeaderNames, scramble, securityAlternatives } from './scheme-auth.ts';
