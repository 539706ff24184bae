/**
 * Authentication from an API's securitySchemes alone: the headers each scheme of the alternative in
 * use puts on a request (http bearer and basic, apiKey in a header, oauth2 by token or by the
 * client-credentials grant). No provider is named: the schemes say it all.
 */
import { randomInt } from 'node:crypto';
import type { Api, SecurityScheme } from '../catalogue/index.ts';
import type { SchemeCredentialSet, SchemeCredentials, Target } from '../core/index.ts';
import { UsageError } from '../core/index.ts';

/** Every secret among scheme credentials (client ids and usernames stay visible). */
export function schemeSecrets(set: SchemeCredentialSet): string[] {
  const all = [...Object.values(set.schemes), ...Object.values(set.readOnly ?? {})];
  return all.flatMap((c) => [c.token, c.value, c.password, c.clientSecret].filter((v): v is string => !!v));
}

const CLASSES = ['abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', '0123456789'];

/** The same value with every letter and digit replaced by a random one of its class. */
export function scramble(value: string): string {
  for (;;) {
    const out = [...value]
      .map((ch) => {
        const cls = CLASSES.find((c) => c.includes(ch));
        return cls ? (cls[randomInt(cls.length)] as string) : ch;
      })
      .join('');
    if (out !== value || !/[a-zA-Z0-9]/.test(value)) return out;
  }
}

/**
 * Credentials of the same form that no provider issued: every secret scrambled. An oauth2 client
 * becomes a made-up access token (a wrong token at the API, not a failed token request).
 */
export function wrongSchemeCredentials(set: SchemeCredentialSet): SchemeCredentialSet {
  const schemes: Record<string, SchemeCredentials> = {};
  for (const [name, c] of Object.entries(set.schemes)) {
    if (c.clientId !== undefined && c.token === undefined)
      schemes[name] = { token: scramble('x'.repeat(28)) };
    else
      schemes[name] = Object.fromEntries(
        Object.entries(c).map(([field, v]) =>
          field === 'username' || field === 'clientId' ? [field, v] : [field, scramble(String(v))],
        ),
      );
  }
  return { kind: 'schemes', schemes };
}

/** The token URL of an oauth2 scheme, rebased onto the target when it lies under the documented server. */
export function tokenUrlFor(api: Api, scheme: SecurityScheme, target: Target): string {
  const url = scheme.tokenUrl ?? '';
  const server = api.serverUrl.replace(/\/+$/, '');
  if (server && url.startsWith(server)) return `${target.baseUrl}${url.slice(server.length)}`;
  const origin = server ? new URL(server).origin : '';
  if (origin && url.startsWith(origin)) return `${new URL(target.baseUrl).origin}${url.slice(origin.length)}`;
  if (url.startsWith('/')) return `${new URL(target.baseUrl).origin}${url}`;
  return url;
}

/** One scheme's contribution: headers to set, or a token to fetch first. */
export type SchemeStep =
  | { headers: Record<string, string> }
  | { tokenFrom: { tokenUrl: string; clientId: string; clientSecret: string } };

export function schemeStep(api: Api, name: string, c: SchemeCredentials, target: Target): SchemeStep {
  const scheme = api.securitySchemes[name];
  if (!scheme)
    throw new UsageError(
      `credentials name the security scheme '${name}', which ${api.id} does not declare (it has ${Object.keys(api.securitySchemes).join(', ') || 'none'})`,
    );
  const missing = (field: string): never => {
    throw new UsageError(`credentials for ${api.id}'s scheme '${name}' (${scheme.type}) need a ${field}`);
  };
  if (scheme.type === 'http') {
    if ((scheme.scheme ?? '').toLowerCase() === 'basic') {
      if (c.username === undefined || c.password === undefined) missing('username and password');
      const basic = Buffer.from(`${c.username}:${c.password}`).toString('base64');
      return { headers: { Authorization: `Basic ${basic}` } };
    }
    return { headers: { Authorization: `Bearer ${c.token ?? missing('token')}` } };
  }
  if (scheme.type === 'apiKey') {
    if ((scheme.in ?? 'header') !== 'header')
      throw new UsageError(
        `${api.id}'s scheme '${name}' puts its key in the ${scheme.in}: only header keys are supported`,
      );
    return { headers: { [scheme.headerName ?? name]: c.value ?? missing('value') } };
  }
  if (c.token !== undefined) return { headers: { Authorization: `Bearer ${c.token}` } };
  if (c.clientId === undefined || c.clientSecret === undefined)
    missing('token, or clientId and clientSecret');
  return {
    tokenFrom: {
      tokenUrl: tokenUrlFor(api, scheme, target),
      clientId: c.clientId!,
      clientSecret: c.clientSecret!,
    },
  };
}

/**
 * The API's security alternatives, as lists of scheme names, in the order its operations declare
 * them (the document's top-level security first wherever operations inherit it), each once.
 */
export function securityAlternatives(api: Api): string[][] {
  const seen = new Map<string, string[]>();
  for (const op of api.operations)
    for (const alt of op.security) {
      const names = Object.keys(alt.schemes);
      const key = [...names].sort().join('\n');
      if (names.length && !seen.has(key)) seen.set(key, names);
    }
  return [...seen.values()];
}

/** The request headers the API's security schemes put credentials in. */
export function schemeHeaderNames(api: Api): string[] {
  const names = Object.entries(api.securitySchemes).map(([name, s]) =>
    s.type === 'apiKey'
      ? (s.in ?? 'header') === 'header'
        ? (s.headerName ?? name)
        : undefined
      : 'Authorization',
  );
  return [...new Set(names.filter((n): n is string => n !== undefined))];
}
