/**
 * Rate limiting (start option rateLimit; x-rate-limit): one window of requests per server group, so
 * APIs that share a server share their limit. Past the limit an answer is the documented status with
 * retry-after; while limiting is on, every answer carries the documented limit headers.
 */
import type { Api } from '../../catalogue/index.ts';
import type { RateLimitOptions } from '../core.ts';

export interface RateDecision {
  limited: boolean;
  /** The documented headers (x-rate-limit headers) with their values; retry-after only when limited. */
  headers: Record<string, string>;
}

export class RateWindow {
  private hits: number[] = [];

  reset(): void {
    this.hits = [];
  }

  /** Counts a request at `now`, unless it is over the limit. */
  check(api: Api, limit: RateLimitOptions, now: number): RateDecision {
    const windowMs = limit.windowSeconds * 1000;
    this.hits = this.hits.filter((t) => t > now - windowMs);
    const limited = this.hits.length >= limit.requests;
    if (!limited) this.hits.push(now);
    const retry = Math.max(1, Math.ceil(((this.hits[0] ?? now) + windowMs - now) / 1000));
    const remaining = Math.max(0, limit.requests - this.hits.length);
    const headers: Record<string, string> = {};
    for (const name of api.rateLimit?.headers ?? ['retry-after']) {
      const h = name.toLowerCase();
      if (h === 'retry-after') {
        if (limited) headers[h] = String(retry);
      } else if (h === 'ratelimit')
        // The IETF RateLimit scheme: remaining and reset now, quota and window of the policy.
        headers[h] = `"default";r=${remaining};t=${retry}`;
      else if (h === 'ratelimit-policy')
        headers[h] = `"default";q=${limit.requests};w=${limit.windowSeconds}`;
      else if (h.endsWith('-limit')) headers[h] = String(limit.requests);
      else if (h.endsWith('-remaining')) headers[h] = String(remaining);
      else if (h.endsWith('-reset')) headers[h] = String(retry);
    }
    return { limited, headers };
  }
}
