/**
 * An undici Dispatcher that serves a simulator server's requests in memory: no socket, and no HTTP
 * parser on either side. The simulator host's handler gets the request as node's server would hand
 * it over (the headers undici's HTTP/1.1 client writes: host, connection, content-length; names in
 * lower case), answers on a node ServerResponse that writes into memory (memory-response.ts), and
 * the answer reaches the client's handler as undici's client would deliver it: onConnect, onHeaders
 * with the raw header lines, onData, onComplete. A request undici would refuse is refused with
 * undici's own error; one whose head is larger than node's server takes gets node's 431.
 * Only the faultless wire is the same: the host sends requests over the socket while a fault is on.
 */
import { maxHeaderSize, type ServerResponse } from 'node:http';
import { Dispatcher, errors } from 'undici';
import { type MemoryResponse, memoryResponse } from './memory-response.ts';
import type { HostRequest } from './server-io.ts';

/** The host's handler for one server: answers a request on the response it is given. */
export type MemoryHandler = (request: HostRequest, res: ServerResponse) => void;

// undici's checks of a request (core/request.js, core/util.js).
const TOKEN = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/;
const INVALID_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
const INVALID_PATH = /[^\u0021-\u00ff]/;
const PAYLOAD_METHODS = new Set(['PUT', 'POST', 'PATCH', 'QUERY', 'PROPFIND', 'PROPPATCH']);
// Repeated request headers node's server keeps only the first of (the others it joins with ', ').
const FIRST_ONLY = new Set([
  'age',
  'authorization',
  'content-length',
  'content-type',
  'etag',
  'expires',
  'from',
  'host',
  'if-modified-since',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'referer',
  'retry-after',
  'server',
  'user-agent',
]);

const HEADERS_TOO_LARGE: MemoryResponse = {
  status: 431,
  statusText: 'Request Header Fields Too Large',
  rawHeaders: [Buffer.from('Connection'), Buffer.from('close')],
  body: Buffer.alloc(0),
};

/** Takes handlers of undici's classic interface (onConnect, onHeaders, onData, onComplete, onError), as src/http's. */
export class MemoryDispatcher extends Dispatcher {
  constructor(
    private readonly handle: MemoryHandler,
    /** The server's keepAliveTimeout: node writes it into the Keep-Alive header. */
    private readonly keepAliveTimeoutMs: number,
    /** Beyond this the host reads no request body (it answers 413). */
    private readonly maxRequestBody: number,
  ) {
    super();
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    let request: HostRequest;
    let headBytes: number;
    try {
      [request, headBytes] = this.requestOf(options);
    } catch (error) {
      handler.onError?.(error as Error);
      return false;
    }
    let ended = false;
    const fail = (reason: Error) => {
      if (ended) return;
      ended = true;
      handler.onError?.(reason);
    };
    // Served on a later turn of the event loop, as a request on a socket is: signals and timers get theirs.
    setImmediate(async () => {
      handler.onConnect?.((reason?: Error) => fail(reason ?? new errors.RequestAbortedError()));
      if (ended) return;
      let answer: MemoryResponse;
      if (headBytes >= maxHeaderSize) answer = HEADERS_TOO_LARGE;
      else {
        const { res, done } = memoryResponse(request, this.keepAliveTimeoutMs);
        this.handle(request, res);
        try {
          answer = await done;
        } catch {
          fail(new errors.SocketError('other side closed'));
          return;
        }
      }
      if (ended) return;
      handler.onHeaders?.(answer.status, answer.rawHeaders, () => {}, answer.statusText);
      if (ended) return;
      if (answer.body.length > 0) handler.onData?.(answer.body);
      if (ended) return;
      ended = true;
      handler.onComplete?.([]);
    });
    return true;
  }

  /** The request as node's server would read it from undici's bytes, and the size of its head as node counts it. */
  private requestOf(options: Dispatcher.DispatchOptions): [HostRequest, number] {
    const { path, method } = options;
    if (typeof path !== 'string' || path[0] !== '/')
      throw new errors.InvalidArgumentError('path must be an absolute URL or start with a slash');
    if (INVALID_PATH.test(path)) throw new errors.InvalidArgumentError('invalid request path');
    if (typeof method !== 'string' || !TOKEN.test(method))
      throw new errors.InvalidArgumentError('invalid request method');
    const body = bodyBytes(options.body);
    const origin = String(options.origin);
    const sent: [string, string][] = [];
    let host = origin.slice(origin.indexOf('//') + 2).replace(/\/$/, '');
    let contentLength: number | undefined;
    // undici closes the connection after a HEAD (and when asked to): it says so in the request.
    let close: boolean = method === 'HEAD' || method === 'CONNECT';
    if (options.reset != null) close = options.reset;
    for (const [name, value] of headerPairs(options.headers)) {
      const key = name.toLowerCase();
      if (!TOKEN.test(key)) throw new errors.InvalidArgumentError('invalid header key');
      if (INVALID_VALUE.test(value)) throw new errors.InvalidArgumentError(`invalid ${name} header`);
      if (key === 'transfer-encoding' || key === 'keep-alive' || key === 'upgrade')
        throw new errors.InvalidArgumentError(`invalid ${key} header`);
      if (key === 'expect') throw new errors.NotSupportedError('expect header not supported');
      if (key === 'host') host = value;
      else if (key === 'content-length') contentLength = Number(value);
      else if (key === 'connection')
        close ||= value
          .toLowerCase()
          .split(',')
          .some((t) => t.trim() === 'close');
      else sent.push([key, value]);
    }
    contentLength = body ? body.length : (contentLength ?? 0);
    const wire: [string, string][] = [
      ['host', host],
      ['connection', close ? 'close' : 'keep-alive'],
      ...sent,
    ];
    if (contentLength > 0 || PAYLOAD_METHODS.has(method))
      wire.push(['content-length', String(contentLength)]);
    const headers: Record<string, string> = {};
    let headBytes = path.length;
    for (const [key, raw] of wire) {
      headBytes += key.length + raw.length;
      const value = trimOws(raw);
      const had = headers[key];
      if (had === undefined) headers[key] = value;
      else if (!FIRST_ONLY.has(key)) headers[key] = `${had}${key === 'cookie' ? '; ' : ', '}${value}`;
    }
    const rawBody = !body ? '' : body.length > this.maxRequestBody ? undefined : body.toString('utf8');
    return [{ method, url: path, headers, rawBody }, headBytes];
  }

  // Nothing to close: no connection is kept.
  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    if (callback) queueMicrotask(callback);
    else return Promise.resolve();
  }

  override destroy(): Promise<void>;
  override destroy(err: Error | null): Promise<void>;
  override destroy(callback: () => void): void;
  override destroy(err: Error | null, callback: () => void): void;
  override destroy(a?: Error | null | (() => void), b?: () => void): Promise<void> | void {
    const callback = typeof a === 'function' ? a : b;
    if (callback) queueMicrotask(callback);
    else return Promise.resolve();
  }
}

function bodyBytes(body: Dispatcher.DispatchOptions['body']): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body.length > 0 ? Buffer.from(body) : undefined;
  if (body instanceof Uint8Array) return body.length > 0 ? Buffer.from(body) : undefined;
  throw new errors.NotSupportedError('in memory, a request body is a string or bytes');
}

function headerPairs(headers: Dispatcher.DispatchOptions['headers']): [string, string][] {
  if (!headers) return [];
  const pairs: [string, string][] = [];
  const add = (name: string, value: unknown) => {
    if (value === undefined) return;
    for (const one of Array.isArray(value) ? value : [value])
      pairs.push([name, one === null ? '' : `${one}`]);
  };
  if (Array.isArray(headers))
    for (let i = 0; i < headers.length; i += 2) add(String(headers[i]), headers[i + 1]);
  else for (const [name, value] of Object.entries(headers)) add(name, value);
  return pairs;
}

/** A header value as node's parser hands it on: without the whitespace around it. */
function trimOws(value: string): string {
  return value.replace(/^[ \t]+|[ \t]+$/g, '');
}
