/** The host's node:http plumbing: servers that listen and close, and requests read into SimRequests. */
import type { IncomingMessage, Server } from 'node:http';
import type { SimRequest } from './core.ts';
import { SimulatorOptionsError } from './host-settings.ts';

/** A request as the host reads it: from a socket (readRequest) or in memory (memory-dispatcher.ts). */
export interface HostRequest {
  method: string;
  /** The path and query, as on the request line. */
  url: string;
  /** Lower-case names, repeated values joined, as node's IncomingMessage has them. */
  headers: Record<string, string>;
  /** The body as text; undefined when it exceeds the host's request body limit. */
  rawBody: string | undefined;
}

/** Reads a request from a socket: its head, and its body up to `limit` bytes. */
export async function readRequest(req: IncomingMessage, limit: number): Promise<HostRequest> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const rawBody = await readBody(req, limit);
  return { method: req.method ?? 'GET', url: req.url ?? '/', headers, rawBody };
}

/** The request as a simulator sees it: the path below the module's base path, the body as text and JSON. */
export function toSimRequest(req: HostRequest, url: URL, basePath: string): SimRequest {
  const path =
    basePath && (url.pathname === basePath || url.pathname.startsWith(`${basePath}/`))
      ? url.pathname.slice(basePath.length) || '/'
      : basePath
        ? // Outside the base path: keep the full path so no route can match it by accident.
          `//outside${url.pathname}`
        : url.pathname;
  const text = req.rawBody ?? '';
  const simReq: SimRequest = {
    method: req.method,
    path,
    query: url.searchParams,
    headers: req.headers,
    rawBody: text,
  };
  if (text.trim() !== '') {
    try {
      simReq.json = JSON.parse(text);
    } catch (error) {
      simReq.jsonError = (error as Error).message;
    }
  }
  return simReq;
}

/** The request body as text; undefined when it exceeds `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new SimulatorOptionsError(`port ${port} on ${host} is already in use`)
          : error,
      ),
    );
    server.listen(port, host, () => resolve());
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
