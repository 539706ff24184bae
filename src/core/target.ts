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

/**
 * Credentials: by security scheme (any API), or in a provider's older named forms (transitional:
 * being replaced by the scheme form everywhere).
 */
export type Credentials =
  | SchemeCredentialSet
  | { kind: 'cloudflare-token'; token: string }
  | { kind: 'cloudflare-key'; email: string; key: string }
  | { kind: 'vectara-api-key'; apiKey: string; customerId?: string }
  | { kind: 'vectara-bearer'; token: string; customerId?: string }
  | {
      kind: 'emporix-client';
      tokenUrl: string;
      clientId: string;
      clientSecret: string;
      /** A second client allowed only ai.agent_read, for the scope check (optional live). */
      readOnly?: { clientId: string; clientSecret: string };
    }
  | { kind: 'emporix-token'; token: string };

/** Where and how to reach one API: a simulator or a live provider. */
export interface Target {
  /** The API id (a folder under schemas/). */
  api: string;
  /** The server URL the OpenAPI paths hang off, e.g. https://api.cloudflare.com/client/v4. */
  baseUrl: string;
  /** Values for the path's fixed parameters: account_id, id, name (Cloudflare), tenant (Emporix). */
  pathParams: Record<string, string>;
  /** Values for header parameters the operations declare (an account id such as customer-id); sent with every auth mode. */
  headerParams?: Record<string, string>;
  /** Other values to redact wherever they appear (a secret header parameter). */
  secrets?: string[];
  credentials: Credentials;
  live: boolean;
}
