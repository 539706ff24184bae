/**
 * An OAuth 2.0 client-credentials token endpoint (RFC 6749 §4.4), for any oauth2 security scheme with
 * a token URL: a form-encoded POST (client authentication in the form or by HTTP Basic) issues a
 * bearer token that carries scopes and lives an hour. The scopes each client may have come from the
 * operations' security: the full client every scope some operation needs, the read-only client those
 * of the operations that do not write (the auth.scope check's credentials).
 */
import type { Api } from '../../catalogue/index.ts';
import type { Rng } from '../data.ts';

/** Seconds a token lives (the token response's expires_in). */
export const TOKEN_LIFETIME_SECONDS = 3600;

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  scopes: readonly string[];
}

export interface IssuedToken {
  token: string;
  scopes: ReadonlySet<string>;
  expiresAtMs: number;
}

/** The scopes the operations need under `scheme`: those of the reads, and all of them. */
export function scopesOf(api: Api, scheme: string): { read: string[]; all: string[] } {
  const needed = (writes: boolean) =>
    api.operations
      .filter((op) => writes || !op.writes)
      .flatMap((op) => op.security.flatMap((alt) => alt.schemes[scheme] ?? []));
  return { read: [...new Set(needed(false))], all: [...new Set(needed(true))] };
}

/** The token endpoint's answer: the token body, or an RFC 6749 §5.2 error. */
export interface TokenAnswer {
  status: number;
  json: Record<string, unknown>;
  headers?: Record<string, string>;
}

export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(
    private readonly clients: readonly OAuthClient[],
    private readonly knownScopes: readonly string[],
    private readonly rng: Rng,
    private readonly now: () => number,
  ) {}

  /** A token request: its method, content type, form body and authorization header. */
  request(method: string, contentType: string, rawBody: string, authorization?: string): TokenAnswer {
    const fail = (status: number, error: string, description: string): TokenAnswer => ({
      status,
      json: { error, error_description: description },
    });
    if (method !== 'POST') return fail(405, 'invalid_request', 'use POST');
    if (contentType.split(';')[0]?.trim().toLowerCase() !== 'application/x-www-form-urlencoded')
      return fail(400, 'invalid_request', 'the body must be application/x-www-form-urlencoded');
    const form = new URLSearchParams(rawBody);
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
    const issued = this.issue(scopes);
    return {
      status: 200,
      json: {
        access_token: issued.token,
        token_type: 'Bearer',
        expires_in: TOKEN_LIFETIME_SECONDS,
        scope: scopes.join(' '),
      },
      headers: { 'cache-control': 'no-store' },
    };
  }

  issue(scopes: readonly string[]): IssuedToken {
    const issued: IssuedToken = {
      token: this.rng.hex(40),
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
