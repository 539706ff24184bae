/**
 * Credential values for one security scheme, in the fields its type takes: token (http bearer, or an
 * oauth2 access token), value (apiKey), username + password (http basic), clientId + clientSecret
 * (oauth2 client credentials; the token URL comes from the scheme, rebased onto the target's base URL).
 */
export interface SchemeCredentials {
  token?: string;
  value?: string;
  username?: string;
  password?: string;
  clientId?: string;
  clientSecret?: string;
}

/**
 * Credentials as an API's securitySchemes take them: the values of each scheme of the security
 * alternative in use, by scheme name; readOnly, optional, without the write scopes (auth.scope).
 */
export interface SchemeCredentialSet {
  kind: 'schemes';
  schemes: Record<string, SchemeCredentials>;
  readOnly?: Record<string, SchemeCredentials>;
}

/** Credentials: by security scheme, the one form for every API. */
export type Credentials = SchemeCredentialSet;

/** Where and how to reach one API: a simulator or a live provider. */
export interface Target {
  /** The API id (a folder under schemas/). */
  api: string;
  /** The server URL the OpenAPI paths hang off, e.g. https://api.example.com/v1. */
  baseUrl: string;
  /** Values for the path's fixed parameters (an account, an instance, a tenant). */
  pathParams: Record<string, string>;
  /** Values for header parameters the operations declare (an account id such as customer-id); sent with every auth mode. */
  headerParams?: Record<string, string>;
  /** Other values to redact wherever they appear (a secret header parameter). */
  secrets?: string[];
  credentials: Credentials;
  live: boolean;
  /** Live: the one job a run with --allow-writes may delete (x-live-settings deletableJobId). */
  deletableJobId?: string;
  /** An existing job the read checks may use when the run finds none itself (live: x-live-settings existingJobId; a simulator of an API that lists no jobs names one). */
  existingJobId?: string;
  /** Live: values written into the lifecycle's create body, by JSON pointer (x-live-settings createBody). */
  createBody?: Record<string, string>;
}
