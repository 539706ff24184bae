/**
 * GETs over a plain socket, for answers a client library would hide: rawGet reads until the server
 * closes (the bytes exactly as sent); peek stops on its own (answers that never end or never come).
 */
import { connect } from 'node:net';

export interface Peek {
  /** The status line and header lines, as sent ('' when nothing came). */
  head: string;
  headers: Record<string, string>;
  /** The body bytes received, at most maxBytes (chunked framing included, as sent). */
  body: Buffer;
  /** Every byte received, head included. */
  received: number;
  /** Why the peek stopped: the server closed, maxBytes arrived, or nothing came for idleMs. */
  ended: 'close' | 'cap' | 'idle';
}

export function peek(
  url: string,
  headers: Record<string, string>,
  { maxBytes = 1024 * 1024, idleMs = 500 }: { maxBytes?: number; idleMs?: number } = {},
): Promise<Peek> {
  const target = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(target.port), target.hostname);
    const chunks: Buffer[] = [];
    let received = 0;
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const finish = (ended: Peek['ended']) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      const head = split < 0 ? all.toString('latin1') : all.subarray(0, split).toString('latin1');
      const parsed: Record<string, string> = {};
      for (const line of head.split('\r\n').slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) parsed[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({
        head,
        headers: parsed,
        body: split < 0 ? Buffer.alloc(0) : all.subarray(split + 4, split + 4 + maxBytes),
        received,
        ended,
      });
    };
    const idle = () => {
      clearTimeout(timer);
      timer = setTimeout(() => finish('idle'), idleMs);
    };
    socket.on('connect', () => {
      const lines = [
        `GET ${target.pathname}${target.search} HTTP/1.1`,
        `host: ${target.host}`,
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      ];
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
      idle();
    });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      chunks.push(chunk);
      if (received >= maxBytes) finish('cap');
      else idle();
    });
    socket.on('error', () => finish('close'));
    socket.on('close', () => finish('close'));
  });
}

export interface RawReply {
  statusLine: string;
  headers: Record<string, string>;
  body: Buffer;
  /** Set when the connection ended with an error (reset). */
  error?: string;
}

/** A GET over a plain socket, read until the server closes: shows exactly the bytes sent. */
export function rawGet(url: string, headers: Record<string, string>): Promise<RawReply> {
  const target = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(target.port), target.hostname);
    const chunks: Buffer[] = [];
    let error: string | undefined;
    socket.on('connect', () => {
      const lines = [
        `GET ${target.pathname}${target.search} HTTP/1.1`,
        `host: ${target.host}`,
        'connection: close',
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      ];
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message;
    });
    socket.on('close', () => {
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      const head = all
        .subarray(0, split < 0 ? all.length : split)
        .toString('latin1')
        .split('\r\n');
      const parsed: Record<string, string> = {};
      for (const line of head.slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) parsed[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({
        statusLine: head[0] ?? '',
        headers: parsed,
        body: split < 0 ? Buffer.alloc(0) : all.subarray(split + 4),
        error,
      });
    });
  });
}
