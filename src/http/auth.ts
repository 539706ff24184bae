import type { Api, Operation } from '../catalogue/index.ts';
import type {
  Credentials,
  Exchange,
  SchemeCredentialSet,
  Target,
  TransportErrorKind,
} from '../core/index.ts';
import type { HttpClient } from './client-options.ts';
import type { Redactor } from './redact.ts';
import { schemeSecrets, schemeStep, wrongSchemeCredentials } from './scheme-auth.ts';

/** Valid credentials (default), none at all, wrong ones of the right form, a read-only token, or explicit ones. */
export type AuthMode = 'valid' | 'none' | 'wrong' | 'read-only' | Credentials;

/** What authenticates one request: headers to add, or why there are none (a failed token fetch). */
export type AuthOutcome = { headers: Record<string, string> } | { failure: Exchange };

/** Every secret value inside a set of credentials, for the redactor. Client ids stay visible. */
export function secretValues(credentials: Credentials): string[] {
  return schemeSecrets(credentials);
}

/**
 * What each redactor has learnt, by object (a credentials set, a target's secret list, with its
 * length when learnt): a run sends thousands of requests with one set, and learning it again
 * changes nothing.
 */
const registered = new WeakMap<Redactor, WeakMap<object, number>>();

/** True when the object is new to the redactor (or a list has grown since it was learnt). */
function firstSighting(redactor: Redactor, what: object, size = 1): boolean {
  let seen = registered.get(redactor);
  if (!seen) {
    seen = new WeakMap();
    registered.set(redactor, seen);
  }
  if (seen.get(what) === size) return false;
  seen.set(what, size);
  return true;
}

/** The target's credentials and secrets, known to the client's redactor before anything is recorded. */
export function noteTargetSecrets(http: HttpClient, target: Target): void {
  registerTargetSecrets(http.redactor, target);
}

/** The target's credentials and secrets, known to the redactor before anything is recorded. */
function registerTargetSecrets(redactor: Redactor, target: Target): void {
  registerCredentials(redactor, target.credentials);
  if (target.secrets && firstSighting(redactor, target.secrets, target.secrets.length))
    for (const secret of target.secrets) redactor.registerSecret(secret);
}

export function registerCredentials(redactor: Redactor, credentials: Credentials): void {
  if (!firstSighting(redactor, credentials)) return;
  for (const value of secretValues(credentials)) redactor.registerSecret(value);
}

/**
 * Credentials of the same form as the given ones but with values no provider issued: each letter
 * and digit replaced by a random one of its class, so length and alphabet still look right.
 */
export function wrongCredentials(credentials: Credentials): Credentials {
  return wrongSchemeCredentials(credentials);
}

/** The scopes the API's read operations need: what a read-only token is asked for. */
export function readScopes(api: Api): string[] {
  const scopes = api.operations
    .filter((o) => !o.writes)
    .flatMap((o) => o.security.flatMap((alt) => Object.values(alt.schemes).flat()));
  return [...new Set(scopes)];
}

interface CachedToken {
  promise: Promise<TokenResult>;
  expiresAt: number;
}

/** Tokens are cached per HTTP client (one per run), per token URL, client id and scope. */
const tokenCaches = new WeakMap<HttpClient, Map<string, CachedToken>>();

export interface TokenResult {
  exchange: Exchange;
  accessToken?: string;
  /** Set when no usable token came back; names why. */
  problem?: string;
}

export interface TokenRequest {
  api: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  label?: string;
}

/** POST the client-credentials grant, form-encoded; the exchange is recorded (redacted) like any other. */
export async function requestClientCredentialsToken(
  http: HttpClient,
  req: TokenRequest,
): Promise<TokenResult> {
  http.redactor.registerSecret(req.clientSecret);
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: req.clientId,
    client_secret: req.clientSecret,
    ...(req.scope ? { scope: req.scope } : {}),
  });
  const { exchange, rawJson } = await http.sendRaw({
    api: req.api,
    operation: 'oauth-token',
    label: req.label ?? `OAuth token (client credentials${req.scope ? `, scope ${req.scope}` : ''})`,
    method: 'POST',
    url: req.tokenUrl,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form.toString(),
  });
  const where = `POST ${exchange.request.url}`;
  if (exchange.error) return { exchange, problem: `token request failed: ${exchange.error.message}` };
  const status = exchange.response?.status ?? 0;
  const token = (rawJson as { access_token?: unknown } | undefined)?.access_token;
  if (status < 200 || status > 299) return { exchange, problem: `${where} answered ${status}` };
  if (typeof token !== 'string' || token.length === 0) {
    const why = exchange.jsonError
      ? ` (${exchange.jsonError})`
      : rawJson === null || Array.isArray(rawJson)
        ? ` (the body is ${rawJson === null ? 'null' : 'an array'}, not an object)`
        : '';
    return { exchange, problem: `${where} answered ${status} without an access_token${why}` };
  }
  http.redactor.registerSecret(token);
  return { exchange, accessToken: token };
}

/** A cached token, fetched once per (client, token URL, client id, scope) until it is about to expire. */
export function cachedToken(http: HttpClient, req: TokenRequest): Promise<TokenResult> {
  let cache = tokenCaches.get(http);
  if (!cache) {
    cache = new Map();
    tokenCaches.set(http, cache);
  }
  const key = `${req.tokenUrl}\n${req.clientId}\n${req.scope ?? ''}`;
  const hit = cache.get(key);
  if (hit && hit.expiresAt > Date.now()) return hit.promise;
  const entry: CachedToken = {
    promise: requestClientCredentialsToken(http, req),
    expiresAt: Number.POSITIVE_INFINITY,
  };
  cache.set(key, entry);
  entry.promise.then((result) => {
    if (!result.accessToken) {
      // A failure is not cached: the next call asks again.
      cache.delete(key);
      return;
    }
    const expiresIn = Number((result.exchange.json as { expires_in?: unknown } | undefined)?.expires_in);
    // Renew half a minute early so a token never expires between fetch and use.
    if (Number.isFinite(expiresIn) && expiresIn > 0)
      entry.expiresAt = Date.now() + Math.max(0, expiresIn - 30) * 1000;
  });
  return entry.promise;
}

export interface AuthRequest {
  http: HttpClient;
  target: Target;
  api: Api;
  operation: Operation;
  mode: AuthMode;
  /** oauth2: the scope asked for with the token. */
  scope?: string;
  /** Where a failed token fetch is recorded against. */
  onTokenFailure: (problem: string, kind: TransportErrorKind) => Exchange;
}

/**
 * The headers of valid credentials, per client, target and operation, when no token has to be
 * fetched for them: a walk authenticates every page the same way, so it is worked out once.
 */
const validHeaders = new WeakMap<HttpClient, WeakMap<Target, Map<string, Record<string, string>>>>();

/**
 * The cached headers of valid credentials without a scope (a copy) for an operation, if known; the
 * target's secrets are registered with the client's redactor as for any request.
 */
export function knownAuthHeaders(
  http: HttpClient,
  target: Target,
  operation: Operation,
): Record<string, string> | undefined {
  const headers = validHeaders.get(http)?.get(target)?.get(operation.key);
  if (!headers) return undefined;
  registerTargetSecrets(http.redactor, target);
  return { ...headers };
}

/** Remembers valid-credential headers worked out without a token fetch (every scheme gave headers). */
function rememberValid(req: AuthRequest, credentials: SchemeCredentialSet, headers: Record<string, string>) {
  if (req.mode !== 'valid' || req.scope !== undefined) return;
  const steps = Object.entries(credentials.schemes).map(([name, c]) =>
    schemeStep(req.api, name, c, req.target),
  );
  if (!steps.every((step) => 'headers' in step)) return;
  let byTarget = validHeaders.get(req.http);
  if (!byTarget) {
    byTarget = new WeakMap();
    validHeaders.set(req.http, byTarget);
  }
  let byOp = byTarget.get(req.target);
  if (!byOp) {
    byOp = new Map();
    byTarget.set(req.target, byOp);
  }
  byOp.set(req.operation.key, { ...headers });
}

/** The headers that authenticate a request in the form the API documents. */
export async function authHeaders(req: AuthRequest): Promise<AuthOutcome> {
  const { http, target, api, operation } = req;
  registerTargetSecrets(http.redactor, target);
  const headers: Record<string, string> = {};
  // Declared header parameters the target gives a value for (an account id): sent with every auth mode.
  for (const p of operation.parameters) {
    const value = p.in === 'header' ? target.headerParams?.[p.name] : undefined;
    if (value !== undefined) headers[p.name] = value;
  }
  if (req.mode === 'none') return { headers };

  let credentials: Credentials;
  let scope = req.scope;
  if (req.mode === 'valid') credentials = target.credentials;
  else if (req.mode === 'wrong') credentials = wrongCredentials(target.credentials);
  else if (req.mode === 'read-only') {
    const base = target.credentials;
    if (base.readOnly) credentials = { kind: 'schemes', schemes: base.readOnly };
    else {
      credentials = base;
      scope ??= readScopes(api).join(' ');
    }
  } else {
    credentials = req.mode;
    registerCredentials(http.redactor, credentials);
  }

  return schemeHeaders(req, credentials, headers, scope);
}

/** The headers of scheme credentials: each scheme's own, an oauth2 client's token fetched first. */
async function schemeHeaders(
  req: AuthRequest,
  credentials: SchemeCredentialSet,
  headers: Record<string, string>,
  scope: string | undefined,
): Promise<AuthOutcome> {
  for (const [name, values] of Object.entries(credentials.schemes)) {
    const step = schemeStep(req.api, name, values, req.target);
    if ('headers' in step) {
      Object.assign(headers, step.headers);
      continue;
    }
    const token = await cachedToken(req.http, {
      api: req.api.id,
      ...step.tokenFrom,
      ...(scope ? { scope } : {}),
    });
    if (!token.accessToken)
      return {
        failure: req.onTokenFailure(
          `no OAuth token: ${token.problem}`,
          token.exchange.error?.kind ?? 'other',
        ),
      };
    headers.Authorization = `Bearer ${token.accessToken}`;
  }
  rememberValid(req, credentials, headers);
  return { headers };
}
