/**
 * Emporix OAuth2 client credentials: `POST /oauth/token` (form-encoded, or HTTP Basic client
 * authentication) issues bearer tokens carrying scopes; API requests present them. The scopes each
 * client may have are derived from the catalogue's operation security, not restated.
 */
import type { Api } from '../../catalogue/index.ts';
import type { Rng } from '../data.ts';

/** Seconds a token lives (what the token response says in expires_in). */
export const TOKEN_LIFETIME_SECONDS = 3600;

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  scopes: readonly string[];
}

export interface IssuedToken {
  token: string;
  clientId: string;
  scopes: ReadonlySet<string>;
  expiresAtMs: number;
}

/** The scopes operations require: reads (every non-writing operation) and everything. */
export function scopesOf(api: Api): { read: string[]; all: string[] } {
  const needed = (writes: boolean) =>
    api.operations
      .filter((op) => writes || !op.writes)
      .flatMap((op) => op.security.flatMap((alt) => Object.values(alt.schemes).flat()));
  return { read: [...new Set(needed(false))], all: [...new Set(needed(true))] };
}

export type TokenRequestResult =
  | { ok: true; body: Record<string, unknown> }
  | { ok: false; status: 400 | 401; error: string; description: string };

export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(
    private readonly clients: readonly OAuthClient[],
    private readonly knownScopes: readonly string[],
    private readonly rng: Rng,
    private readonly now: () => number,
  ) {}

  /** Handles a token request: the form fields (and an optional Basic authorization header). */
  request(form: URLSearchParams, authorization: string | undefined): TokenRequestResult {
    const fail = (status: 400 | 401, error: string, description: string): TokenRequestResult => ({
      ok: false,
      status,
      error,
      description,
    });
    const grant = form.get('grant_type');
    if (!grant) return fail(400, 'invalid_request', 'grant_type is required');
    if (grant !== 'client_credentials')
      return fail(
        400,
        'unsupported_grant_type',
        `grant_type '${grant}' is not supported; use client_credentials`,
      );
    let clientId = form.get('client_id') ?? undefined;
    let clientSecret = form.get('client_secret') ?? undefined;
    const basic = authorization?.match(/^Basic\s+(\S+)$/i)?.[1];
    if (basic) {
      const [id, ...secret] = Buffer.from(basic, 'base64').toString('utf8').split(':');
      clientId = decodeURIComponent(id ?? '');
      clientSecret = decodeURIComponent(secret.join(':'));
    }
    if (!clientId || !clientSecret)
      return fail(400, 'invalid_request', 'client_id and client_secret are required');
    const client = this.clients.find((c) => c.clientId === clientId);
    if (!client || client.clientSecret !== clientSecret)
      return fail(401, 'invalid_client', 'Client authentication failed');
    const asked = (form.get('scope') ?? '').split(/\s+/).filter((s) => s !== '');
    const unknown = asked.filter((s) => !this.knownScopes.includes(s));
    if (unknown.length > 0) return fail(400, 'invalid_scope', `unknown scope(s): ${unknown.join(' ')}`);
    const refused = asked.filter((s) => !client.scopes.includes(s));
    if (refused.length > 0)
      return fail(400, 'invalid_scope', `scope(s) not granted to this client: ${refused.join(' ')}`);
    const scopes = asked.length > 0 ? asked : [...client.scopes];
    const issued = this.issue(client.clientId, scopes);
    return {
      ok: true,
      body: {
        access_token: issued.token,
        token_type: 'Bearer',
        expires_in: TOKEN_LIFETIME_SECONDS,
        scope: scopes.join(' '),
      },
    };
  }

  issue(clientId: string, scopes: readonly string[]): IssuedToken {
    const issued: IssuedToken = {
      token: this.rng.hex(40),
      clientId,
      scopes: new Set(scopes),
      expiresAtMs: this.now() + TOKEN_LIFETIME_SECONDS * 1000,
    };
    this.tokens.set(issued.token, issued);
    return issued;
  }

  /** The token presented, if this store issued it; 'expired' once its lifetime is over. */
  lookup(token: string): IssuedToken | 'expired' | undefined {
    const found = this.tokens.get(token);
    if (!found) return undefined;
    return found.expiresAtMs <= this.now() ? 'expired' : found;
  }

  clear(): void {
    this.tokens.clear();
  }
}
