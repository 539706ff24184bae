/**
 * Auth from the API's securitySchemes alone: the credential values the simulator accepts per scheme
 * (http bearer and basic, apiKey in a header or the query, oauth2 by token or by a client-credentials
 * grant served at the scheme's token URL), and the check of a request against an operation's
 * security alternatives: 'missing', 'invalid', or 'ok'.
 */
import type { Api, Operation, SecurityScheme } from '../../catalogue/index.ts';
import type { SchemeCredentials } from '../../core/index.ts';
import type { SimRequest } from '../core.ts';

export type AuthCheck = 'ok' | 'missing' | 'invalid';

/** Default credentials by `<scheme>.<field>` (the module's defaultCredentials form). */
export function defaultCredentials(api: Api): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, scheme] of Object.entries(api.securitySchemes)) {
    const tag = `simulated-${api.id}-${name}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
    if (scheme.type === 'apiKey') out[`${name}.value`] = `${tag}-key`;
    else if (scheme.type === 'http' && (scheme.scheme ?? '').toLowerCase() === 'basic') {
      out[`${name}.username`] = 'simulated-user';
      out[`${name}.password`] = `${tag}-password`;
    } else if (scheme.type === 'oauth2' && scheme.tokenUrl) {
      out[`${name}.clientId`] = `${tag}-client`;
      out[`${name}.clientSecret`] = `${tag}-secret`;
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

export class Auth {
  /** Access tokens issued by the client-credentials grant. */
  private readonly issued = new Set<string>();
  private counter = 0;

  constructor(
    private readonly api: Api,
    private readonly values: Readonly<Record<string, string>>,
  ) {}

  reset(): void {
    this.issued.clear();
  }

  issue(): string {
    this.counter += 1;
    const token = `simulated-access-token-${this.counter.toString(36)}-${Date.now().toString(36)}`;
    this.issued.add(token);
    return token;
  }

  /** The oauth2 scheme whose token URL this request is for, if any. */
  tokenScheme(req: SimRequest, basePath: string): string | undefined {
    if (req.method !== 'POST') return undefined;
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

  /** The client-credentials grant: a token for the right client, else undefined. */
  grant(scheme: string, req: SimRequest): string | undefined {
    const form = new URLSearchParams(req.rawBody);
    let id = form.get('client_id') ?? '';
    let secret = form.get('client_secret') ?? '';
    const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (basic) {
      const [u, p] = Buffer.from(basic, 'base64').toString().split(':');
      id = u ?? '';
      secret = p ?? '';
    }
    if (id === this.values[`${scheme}.clientId`] && secret === this.values[`${scheme}.clientSecret`])
      return this.issue();
    return undefined;
  }

  private valid(name: string, scheme: SecurityScheme, value: string): boolean {
    const v = (field: string) => this.values[`${name}.${field}`];
    if (scheme.type === 'apiKey') return value === v('value');
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(value)?.[1];
    if (scheme.type === 'http' && (scheme.scheme ?? '').toLowerCase() === 'basic') {
      const b = /^Basic\s+(\S+)\s*$/i.exec(value)?.[1];
      return b !== undefined && Buffer.from(b, 'base64').toString() === `${v('username')}:${v('password')}`;
    }
    if (bearer === undefined) return false;
    return bearer === v('token') || this.issued.has(bearer);
  }

  /** Whether the request satisfies one of the operation's security alternatives. */
  check(op: Operation, req: SimRequest, notEnforced: boolean, anyAccepted: boolean): AuthCheck {
    if (op.security.length === 0) return 'ok';
    let sawAny = false;
    for (const alt of op.security) {
      const names = Object.keys(alt.schemes);
      const values = names.map((n) => {
        const scheme = this.api.securitySchemes[n];
        return scheme ? presented(scheme, req) : undefined;
      });
      if (values.some((v) => v !== undefined)) sawAny = true;
      if (values.some((v) => v === undefined)) continue;
      const ok = names.every((n, i) => {
        const scheme = this.api.securitySchemes[n];
        return scheme !== undefined && this.valid(n, scheme, values[i] as string);
      });
      if (ok || anyAccepted) return 'ok';
    }
    if (!sawAny) return notEnforced ? 'ok' : 'missing';
    return 'invalid';
  }
}
