/**
 * Redirects, followed by hand: the method a 301/302/303 turns into, credentials dropped on the way
 * to another origin, and a loop or a chain longer than allowed ended with 'redirect-loop'.
 */
import type { TransportErrorKind } from '../core/index.ts';
import { withoutBodyHeaders, withoutCredentials } from './headers.ts';
import type { Redactor } from './redact.ts';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** What is sent on the next hop. */
export interface Hop {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export type RedirectStep =
  | { follow: Hop }
  | { fail: { kind: TransportErrorKind; message: string } }
  /** Not a redirect (or one without a location): the answer stands. */
  | { answer: true };

/** The hops of one request: where it has been, and the redacted URLs it followed. */
export class RedirectChain {
  /** Method and normalised URL of each hop; filled at the first redirect (most requests have none). */
  private visitedHops: string[] | undefined;
  /** URLs followed after the first, in order (redacted). */
  readonly followed: string[] = [];

  constructor(
    private readonly first: Hop,
    private readonly redactor: Redactor,
    private readonly maxRedirects: number,
  ) {}

  private get visited(): string[] {
    this.visitedHops ??= [`${this.first.method} ${normalizeUrl(this.first.url)}`];
    return this.visitedHops;
  }

  /** The next hop after an answer with `status` and `location` to `from`, or why there is none. */
  next(from: Hop, status: number, location: string | undefined): RedirectStep {
    if (!REDIRECT_STATUSES.has(status) || !location) return { answer: true };
    let next: URL;
    try {
      next = new URL(location, from.url);
    } catch {
      return { fail: { kind: 'other', message: `redirect to an invalid location: ${location}` } };
    }
    const method =
      status === 303 || ((status === 301 || status === 302) && from.method === 'POST') ? 'GET' : from.method;
    const chain = [...this.visited.map((v) => v.slice(v.indexOf(' ') + 1)), next.href].map((u) =>
      this.redactor.redactUrl(u),
    );
    if (this.visited.includes(`${method} ${next.href}`)) {
      return { fail: { kind: 'redirect-loop', message: `redirect loop: ${chain.join(' → ')}` } };
    }
    if (this.followed.length >= this.maxRedirects) {
      return {
        fail: {
          kind: 'redirect-loop',
          message: `more than ${this.maxRedirects} redirects: ${chain.join(' → ')}`,
        },
      };
    }
    let headers = from.headers;
    let body = from.body;
    if (next.origin !== new URL(from.url).origin) headers = withoutCredentials(headers);
    if (method !== from.method) {
      body = undefined;
      headers = withoutBodyHeaders(headers);
    }
    const hop: Hop = { url: next.href, method, headers, body };
    this.visited.push(`${method} ${normalizeUrl(hop.url)}`);
    this.followed.push(this.redactor.redactUrl(hop.url));
    return { follow: hop };
  }
}

/** The WHATWG form of a URL, so the same place is recognised however it was written. */
function normalizeUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}
