/**
 * Cloudflare authentication (Authorization: Bearer, or X-Auth-Email + X-Auth-Key, per the
 * catalogue's security alternatives) and the optional per-user rate limit.
 */
import type { Api, ApiId } from '../../catalogue/index.ts';
import type { RateLimitOptions, SimContext, SimResponse } from '../core.ts';
import { CODES, failure } from './envelope.ts';

export type AuthOutcome = { ok: true; identity: string } | { ok: false; response: SimResponse };

/** The documented typical rejection (x-auth-rejection.typical), with Cloudflare's usual values. */
export function typicalRejection(api: Api): { status: number; code: number; message: string } {
  const typical = (api.openapi['x-auth-rejection'] as { typical?: Record<string, unknown> } | undefined)
    ?.typical;
  return {
    status: typeof typical?.status === 'number' ? typical.status : 403,
    code: typeof typical?.code === 'number' ? typical.code : CODES.authentication,
    message: typeof typical?.message === 'string' ? typical.message : 'Authentication error',
  };
}

export function authenticate(
  ctx: SimContext,
  api: Api,
  headers: Readonly<Record<string, string>>,
): AuthOutcome {
  const apiId: ApiId = api.id;
  const acceptAny = ctx.hasFault('auth.wrong-credentials-accepted', apiId);
  const { token, email, key } = ctx.credentials;
  const rejected = (): AuthOutcome => {
    const typical = typicalRejection(api);
    return {
      ok: false,
      response: failure(ctx, apiId, typical.status, [{ code: typical.code, message: typical.message }]),
    };
  };
  const malformed = (message: string): AuthOutcome => ({
    ok: false,
    response: failure(ctx, apiId, 400, [{ code: CODES.invalidHeaders, message }]),
  });

  const authorization = headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer +(\S+)$/i.exec(authorization.trim());
    if (!match) return malformed('Invalid request headers');
    return match[1] === token || acceptAny ? { ok: true, identity: `token:${match[1]}` } : rejected();
  }
  const givenEmail = headers['x-auth-email'];
  const givenKey = headers['x-auth-key'];
  if (givenEmail !== undefined || givenKey !== undefined) {
    if (!givenEmail || !givenKey) return malformed('Invalid request headers');
    return (givenEmail === email && givenKey === key) || acceptAny
      ? { ok: true, identity: `key:${givenEmail}` }
      : rejected();
  }
  if (ctx.hasFault('auth.not-enforced', apiId)) return { ok: true, identity: 'anonymous' };
  return {
    ok: false,
    response: failure(ctx, apiId, 400, [
      { code: CODES.missingAuth, message: 'Missing X-Auth-Key, X-Auth-Email or Authorization headers' },
    ]),
  };
}

export interface RateDecision {
  limited: boolean;
  headers: Record<string, string>;
}

/** A fixed window per identity: `requests` per `windowSeconds`. */
export class RateLimiter {
  private windows = new Map<string, { startMs: number; count: number }>();

  constructor(private readonly limit: RateLimitOptions) {}

  check(identity: string, nowMs: number): RateDecision {
    const windowMs = this.limit.windowSeconds * 1000;
    let window = this.windows.get(identity);
    if (!window || nowMs - window.startMs >= windowMs) {
      window = { startMs: nowMs, count: 0 };
      this.windows.set(identity, window);
    }
    window.count++;
    const resetSeconds = Math.max(1, Math.ceil((window.startMs + windowMs - nowMs) / 1000));
    const limited = window.count > this.limit.requests;
    // The IETF RateLimit scheme Cloudflare answers with (x-rate-limit); x-ratelimit-* is the older one.
    const headers: Record<string, string> = {
      ratelimit: `"default";r=${Math.max(0, this.limit.requests - window.count)};t=${resetSeconds}`,
      'ratelimit-policy': `"default";q=${this.limit.requests};w=${this.limit.windowSeconds}`,
    };
    if (limited) headers['retry-after'] = String(resetSeconds);
    return { limited, headers };
  }

  reset(): void {
    this.windows.clear();
  }
}
