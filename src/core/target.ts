/** Credentials in the form each provider documents. */
export type Credentials =
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
  credentials: Credentials;
  live: boolean;
}
