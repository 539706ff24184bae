/**
 * Auth from the API's securitySchemes alone: the credential values the simulator accepts per scheme
 * (http bearer and basic, apiKey in a header or the query, oauth2 by token or by a client-credentials
 * grant served at the scheme's token URL, oauth.ts), and the check of a request against an
 * operation's security alternatives: 'missing', 'invalid', 'expired', 'scope' (a token without a
 * scope the operation needs), or 'ok'.
 */
import type { Api, Operation, SecurityScheme } from '../../catalogue/index.ts';
import type { SchemeCredentials } from '../../core/index.ts';
import type { SimRequest } from '../core.ts';
import type { Rng } from '../data.ts';
import { type IssuedToken, scopesOf, type TokenAnswer, TokenStore } from './oauth.ts';

/** 'malformed': credentials present but not of a scheme's form, or one header of a pair without the other. */
export type AuthCheck = 'ok' | 'missing' | 'malformed' | 'invalid' | 'expired' | 'scope';

/** The credential key prefix of a scheme's read-only client (without the write scopes). */
const READ_ONLY = 'readOnly:';

/** Whether the operations' scopes under an oauth2 scheme differ between reads and writes. */
function hasReadOnlyClient(api: Api, name: string): boolean {
  const { read, all } = scopesOf(api, name);
  return read.length > 0 && all.length > read.length;
}

/** Default credentials by `<scheme>.<field>` (the module's defaultCredentials form). */
export function defaultCredentials(api: Api, owner: string = api.id): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, scheme] of Object.entries(api.securitySchemes)) {
    const tag = `simulated-${owner}-${name}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
    if (scheme.type === 'apiKey') out[`${name}.value`] = `${tag}-key`;
    else if (scheme.type === 'http' && (scheme.scheme ?? '').toLowerCase() === 'basic') {
      out[`${name}.username`] = 'simulated-user';
      out[`${name}.password`] = `${tag}-password`;
    } else if (scheme.type === 'oauth2' && scheme.tokenUrl) {
      out[`${name}.clientId`] = `${tag}-client`;
      out[`${name}.clientSecret`] = `${tag}-secret`;
      if (hasReadOnlyClient(api, name)) {
        out[`${READ_ONLY}${name}.clientId`] = `${tag}-reader`;
        out[`${READ_ONLY}${name}.clientSecret`] = `${tag}-reader-secret`;
      }
    } else out[`${name}.token`] = `${tag}-token`;
  }
  return out;
}

/** The credentials form of src/core/target.ts: by scheme name, the fields of the first alternative's schemes. */
export function schemeCredentials(
  api: Api,
  values: Readonly<Record<string, string>>,
): Record<string, SchemeCredentials> {
  const names = firstAlternative(api);
  const out: Record<string, SchemeCredentials> = {};
  for (const name of names) {
    const fields: Record<string, string> = {};
    for (const [key, value] of Object.entries(values)) {
      const dot = key.lastIndexOf('.');
      if (key.slice(0, dot) === name) fields[key.slice(dot + 1)] = value;
    }
    out[name] = fields as SchemeCredentials;
  }
  return out;
}

/** The read-only client of each oauth2 scheme that has one (the target's credentials.readOnly). */
export function readOnlyCredentials(
  api: Api,
  values: Readonly<Record<string, string>>,
): Record<string, SchemeCredentials> | undefined {
  const out: Record<string, SchemeCredentials> = {};
  for (const name of firstAlternative(api)) {
    const clientId = values[`${READ_ONLY}${name}.clientId`];
    const clientSecret = values[`${READ_ONLY}${name}.clientSecret`];
    if (clientId !== undefined && clientSecret !== undefined) out[name] = { clientId, clientSecret };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function firstAlternative(api: Api): string[] {
  for (const op of api.operations) {
    const alt = op.security[0];
    if (alt) return Object.keys(alt.schemes);
  }
  return Object.keys(api.securitySchemes).slice(0, 1);
}

/** Where a scheme's credential is read from a request; undefined when the request carries none. */
function presented(scheme: SecurityScheme, req: SimRequest): string | undefined {
  if (scheme.type === 'apiKey') {
    const name = scheme.headerName ?? '';
    if (scheme.in === 'query') return req.query.get(name) ?? undefined;
    return req.headers[name.toLowerCase()];
  }
  const authorization = req.headers.authorization;
  return authorization === undefined || authorization === '' ? undefined : authorization;
}

/** Whether a presented value has the scheme's form (an http scheme's 'Bearer <token>' or 'Basic <b64>'). */
function ofForm(scheme: SecurityScheme, value: string): boolean {
  if (scheme.type !== 'http') return true;
  const kind = (scheme.scheme ?? 'bearer').toLowerCase();
  return new RegExp(`^${kind}\\s+\\S+\\s*$`, 'i').test(value);
}

export class Auth {
  /** One token endpoint per oauth2 scheme with a token URL. */
  private readonly stores = new Map<string, TokenStore>();

  constructor(
    private readonly api: Api,
    private readonly values: Readonly<Record<string, string>>,
    rng: (stream: string) => Rng,
    now: () => number,
  ) {
    for (const [name, scheme] of Object.entries(api.securitySchemes)) {
      if (scheme.type !== 'oauth2' || !scheme.tokenUrl) continue;
      const { read, all } = scopesOf(api, name);
      const client = (prefix: string, scopes: string[]) => ({
        clientId: values[`${prefix}${name}.clientId`] ?? '',
        clientSecret: values[`${prefix}${name}.clientSecret`] ?? '',
        scopes,
      });
      const clients = [client('', all)];
      if (values[`${READ_ONLY}${name}.clientId`] !== undefined) clients.push(client(READ_ONLY, read));
      const known = scheme.scopes && scheme.scopes.length > 0 ? scheme.scopes : all;
      this.stores.set(name, new TokenStore(clients, known, rng(`${api.id}-${name}-tokens`), now));
    }
  }

  reset(): void {
    for (const store of this.stores.values()) store.clear();
  }

  /** An access token (provider state 'an access token exists'): the asked scopes, else every one. */
  issue(scopes?: readonly string[]): string {
    const [name, store] = [...this.stores.entries()][0] ?? [];
    if (!name || !store) return '';
    return store.issue(scopes ?? scopesOf(this.api, name).all).token;
  }

  /** The oauth2 scheme whose token URL this request is for, if any. */
  tokenScheme(req: SimRequest, basePath: string): string | undefined {
    for (const [name, scheme] of Object.entries(this.api.securitySchemes)) {
      if (scheme.type !== 'oauth2' || !scheme.tokenUrl) continue;
      let path: string;
      try {
        path = new URL(scheme.tokenUrl, 'http://x').pathname;
      } catch {
        continue;
      }
      if (req.path === path || basePath + req.path === path || req.path === path.slice(basePath.length))
        return name;
    }
    return undefined;
  }

  /** The token endpoint of `scheme` answering a client-credentials request. */
  token(scheme: string, req: SimRequest): TokenAnswer {
    const store = this.stores.get(scheme);
    if (!store) return { status: 404, json: { error: 'invalid_request' } };
    return store.request(
      req.method,
      req.headers['content-type'] ?? '',
      req.rawBody,
      req.headers.authorization,
    );
  }

  private valid(name: string, scheme: SecurityScheme, value: string): IssuedToken | 'expired' | boolean {
    const v = (field: string) => this.values[`${name}.${field}`];
    if (scheme.type === 'apiKey') return value === v('value');
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(value)?.[1];
    if (scheme.type === 'http' && (scheme.scheme ?? '').toLowerCase() === 'basic') {
      const b = /^Basic\s+(\S+)\s*$/i.exec(value)?.[1];
      return b !== undefined && Buffer.from(b, 'base64').toString() === `${v('username')}:${v('password')}`;
    }
    if (bearer === undefined) return false;
    if (bearer === v('token')) return true;
    return this.stores.get(name)?.lookup(bearer) ?? false;
  }

  /**
   * Whether the request satisfies one of the operation's security alternatives. `anyAccepted`
   * (auth.wrong-credentials-accepted) lets any credential of the right form through; `scopesIgnored`
   * (auth.scope-not-enforced) a token without the operation's scopes.
   */
  check(
    op: Operation,
    req: SimRequest,
    notEnforced: boolean,
    anyAccepted: boolean,
    scopesIgnored = false,
  ): AuthCheck {
    if (op.security.length === 0) return 'ok';
    let sawAny = false;
    let worst: AuthCheck = 'invalid';
    let wellFormed = false;
    for (const alt of op.security) {
      const names = Object.keys(alt.schemes);
      const values = names.map((n) => {
        const scheme = this.api.securitySchemes[n];
        return scheme ? presented(scheme, req) : undefined;
      });
      if (values.some((v) => v !== undefined)) sawAny = true;
      if (values.some((v) => v === undefined)) continue;
      const formed = names.every((n, i) => {
        const scheme = this.api.securitySchemes[n];
        return scheme !== undefined && ofForm(scheme, values[i] as string);
      });
      if (!formed) continue;
      wellFormed = true;
      const results = names.map((n, i) => {
        const scheme = this.api.securitySchemes[n];
        return scheme === undefined ? false : this.valid(n, scheme, values[i] as string);
      });
      if (anyAccepted) return 'ok';
      if (results.some((r) => r === false)) continue;
      if (results.some((r) => r === 'expired')) {
        worst = 'expired';
        continue;
      }
      const lacking = names.some((n, i) => {
        const r = results[i];
        return typeof r === 'object' && (alt.schemes[n] ?? []).some((scope) => !r.scopes.has(scope));
      });
      if (!lacking || scopesIgnored) return 'ok';
      worst = 'scope';
    }
    if (!sawAny) return notEnforced ? 'ok' : 'missing';
    return wellFormed ? worst : 'malformed';
  }
}
