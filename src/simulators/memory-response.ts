/**
 * A node ServerResponse that writes into memory instead of a socket. Node's own response logic runs
 * unchanged (the date, connection and keep-alive headers, content-length or chunked framing, no body
 * for HEAD, 204 and 304), and its bytes are read back as an HTTP/1.1 client reads them: the status,
 * the raw header lines in wire order and the body (unframed).
 */
import { type IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Writable } from 'node:stream';

/** A response as a client's HTTP parser hands it on: what undici's onHeaders, onData take. */
export interface MemoryResponse {
  status: number;
  statusText: string;
  /** Header names and values, alternating, as the bytes on the wire. */
  rawHeaders: Buffer[];
  body: Buffer;
}

/** The request fields a ServerResponse reads (the method decides whether a body is sent). */
export interface ResponseRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
}

/** A ServerResponse whose output ends as a MemoryResponse; `done` rejects when it is destroyed unfinished. */
export function memoryResponse(
  request: ResponseRequest,
  keepAliveTimeoutMs: number,
): { res: ServerResponse; done: Promise<MemoryResponse> } {
  const req = { ...request, httpVersion: '1.1', httpVersionMajor: 1, httpVersionMinor: 1 };
  const res = new ServerResponse(req as unknown as IncomingMessage);
  // What node's server sets on each response it makes (parserOnIncoming): the Keep-Alive header's timeout.
  (res as unknown as { _keepAliveTimeout: number })._keepAliveTimeout = keepAliveTimeoutMs;
  // As node's parser reads an HTTP/1.1 request: kept alive unless it says close.
  res.shouldKeepAlive = !/(^|,)\s*close\s*(,|$)/i.test(request.headers.connection ?? '');
  const chunks: Buffer[] = [];
  const socket = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  // A destroyed response destroys its socket; the response's 'close' below reports it.
  socket.on('error', () => {});
  const done = new Promise<MemoryResponse>((resolve, reject) => {
    res.once('finish', () => resolve(readResponse(Buffer.concat(chunks), request.method)));
    res.once('close', () => {
      if (!res.writableFinished)
        reject(Object.assign(new Error('other side closed'), { code: 'ECONNRESET' }));
    });
  });
  res.assignSocket(socket as unknown as Socket);
  return { res, done };
}

/** Reads one HTTP/1.1 response from its bytes, as a client would. */
export function readResponse(bytes: Buffer, method: string): MemoryResponse {
  const text = bytes.toString('latin1');
  const headEnd = text.indexOf('\r\n\r\n');
  const lineEnd = text.indexOf('\r\n');
  const statusLine = text.slice(0, lineEnd);
  const status = Number(statusLine.slice(9, 12));
  const rawHeaders: Buffer[] = [];
  let chunked = false;
  let contentLength: number | undefined;
  for (let start = lineEnd + 2; start < headEnd; ) {
    const end = text.indexOf('\r\n', start);
    const colon = text.indexOf(':', start);
    // The value without the optional whitespace around it, as the client's parser cuts it.
    let from = colon + 1;
    let to = end;
    while (from < to && (text[from] === ' ' || text[from] === '\t')) from++;
    while (to > from && (text[to - 1] === ' ' || text[to - 1] === '\t')) to--;
    const name = text.slice(start, colon).toLowerCase();
    if (name === 'transfer-encoding') chunked = /(^|,)\s*chunked\s*$/i.test(text.slice(from, to));
    if (name === 'content-length') contentLength = Number(text.slice(from, to));
    rawHeaders.push(bytes.subarray(start, colon), bytes.subarray(from, to));
    start = end + 2;
  }
  let body = bytes.subarray(headEnd + 4);
  const bodiless = method === 'HEAD' || status === 204 || status === 304 || status < 200;
  if (bodiless) body = Buffer.alloc(0);
  else if (chunked) body = unchunk(body);
  else if (contentLength !== undefined && body.length > contentLength) body = body.subarray(0, contentLength);
  return { status, statusText: statusLine.slice(13), rawHeaders, body };
}

/** The body of a chunked message (trailers dropped, as the client does). */
function unchunk(framed: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = framed.indexOf('\r\n', at, 'latin1');
    if (lineEnd < 0) break;
    const size = Number.parseInt(framed.toString('latin1', at, lineEnd), 16);
    if (!(size > 0)) break;
    parts.push(framed.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
