/**
 * One request on the wire through undici's dispatcher API: status, headers and body chunks collected
 * by a plain handler. undici's request() wraps the same dispatch in a Readable stream, an async
 * resource and an abort listener per request; a long walk sends tens of thousands of small requests,
 * and that wrapping was a real part of each one's cost.
 */
import { type Dispatcher, errors, util } from 'undici';
import { flattenHeaders } from './headers.ts';

/** What came back before the end or the failure. */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
}

/** How the body read ended when it did not end by itself. */
export type WireStop = 'announced-too-large' | 'over-cap';

export interface WireRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** undici's idle timers (a backstop: the caller bounds the whole exchange). */
  idleTimeoutMs: number;
  maxBodyBytes: number;
  /** Called once the status and headers arrived (the caller notes it for its failure messages). */
  onResponse: (response: WireResponse) => void;
  /** Called with each body chunk's size as it arrives. */
  onBytes: (bytes: number) => void;
}

/**
 * Sends a request and collects its body chunks (up to the cap) into `chunks`. Resolves with the
 * response and, when the read stopped early, why; rejects with undici's (or the abort's) error.
 */
export class WireExchange {
  private abortRequest: ((reason: Error) => void) | undefined;
  private abortReason: Error | undefined;
  private settled = false;
  private response: WireResponse | undefined;
  private bytes = 0;
  private resolve!: (result: { response?: WireResponse; stop?: WireStop }) => void;
  private reject!: (err: unknown) => void;
  readonly done: Promise<{ response?: WireResponse; stop?: WireStop }>;

  constructor(
    dispatcherOf: (origin: string) => Dispatcher,
    private readonly req: WireRequest,
    private readonly chunks: Buffer[],
  ) {
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    try {
      // As undici's request() reads a URL: WHATWG parsing, http and https only.
      const url = new URL(req.url);
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new errors.InvalidArgumentError(
          'Invalid URL protocol: the URL must start with `http:` or `https:`.',
        );
      dispatcherOf(url.origin).dispatch(
        {
          origin: url.origin,
          path: url.search ? `${url.pathname}${url.search}` : url.pathname,
          method: req.method as Dispatcher.HttpMethod,
          headers: req.headers,
          body: req.body,
          headersTimeout: req.idleTimeoutMs,
          bodyTimeout: req.idleTimeoutMs,
        },
        this,
      );
    } catch (err) {
      this.fail(err);
    }
  }

  /** Ends the request (a timer, the run's signal); the pending read rejects with the reason. */
  abort(reason?: unknown): void {
    if (this.abortReason) return;
    this.abortReason = reason instanceof Error ? reason : new errors.RequestAbortedError();
    this.abortRequest?.(this.abortReason);
  }

  private finish(result: { response?: WireResponse; stop?: WireStop }): void {
    if (this.settled) return;
    this.settled = true;
    this.resolve(result);
  }

  private fail(err: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(err);
  }

  // ---- undici's handler interface -------------------------------------------------------------

  onConnect(abort: (reason: Error) => void): void {
    if (this.abortReason) abort(this.abortReason);
    else this.abortRequest = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    // An informational answer (1xx) is not the response: wait for the real one.
    if (statusCode < 200) return true;
    const headers = flattenHeaders(util.parseHeaders(rawHeaders) as Record<string, string | string[]>);
    this.response = { status: statusCode, headers };
    this.req.onResponse(this.response);
    const announced = Number(headers['content-length']);
    if (
      headers['content-length'] !== undefined &&
      Number.isFinite(announced) &&
      announced > this.req.maxBodyBytes
    ) {
      this.finish({ response: this.response, stop: 'announced-too-large' });
      this.abort();
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.settled) return false;
    this.bytes += chunk.length;
    this.req.onBytes(chunk.length);
    if (this.bytes > this.req.maxBodyBytes) {
      this.finish({ response: this.response, stop: 'over-cap' });
      this.abort();
      return false;
    }
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    this.finish({ response: this.response });
  }

  onError(err: Error): void {
    this.fail(err);
  }
}
