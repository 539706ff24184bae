/** Test helpers: a tiny Cloudflare client over fetch, and a raw HTTP GET that shows bytes as sent. */
import { connect } from 'node:net';
import type { ApiId } from '../../catalogue/index.ts';
import type { SimulatorSet } from '../core.ts';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are inspected field by field
  json: any;
}

export interface CallOptions {
  headers?: Record<string, string>;
  /** Send the simulator's valid Bearer token (default true). */
  auth?: boolean;
  body?: string | object;
}

export function cloudflareClient(set: SimulatorSet, api: ApiId = 'cloudflare-ai-search') {
  const target = set.target(api);
  const { account_id, id, name } = target.pathParams;
  const instancePath = (instance: string) =>
    name === undefined
      ? `/accounts/${account_id}/ai-search/instances/${instance}`
      : `/accounts/${account_id}/ai-search/namespaces/${name}/instances/${instance}`;
  const token = target.credentials.kind === 'cloudflare-token' ? target.credentials.token : '';
  const auth = { authorization: `Bearer ${token}` };
  const jobs = `${target.baseUrl}${instancePath(id ?? '')}/jobs`;

  async function call(method: string, url: string, options: CallOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...(options.auth === false ? {} : auth), ...options.headers };
    const body =
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body);
    const res = await fetch(url, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  }

  return {
    target,
    auth,
    jobs,
    instanceJobs: (instance: string) => `${target.baseUrl}${instancePath(instance)}/jobs`,
    job: (jobId: string) => `${jobs}/${encodeURIComponent(jobId)}`,
    logs: (jobId: string) => `${jobs}/${encodeURIComponent(jobId)}/logs`,
    call,
    get: (url: string, options?: CallOptions) => call('GET', url, options),
    list: (query = '', options?: CallOptions) => call('GET', `${jobs}${query ? `?${query}` : ''}`, options),
    create: (body?: string | object, options?: CallOptions) => call('POST', jobs, { ...options, body }),
    cancel: (jobId: string, body: string | object = { action: 'cancel' }) =>
      call('PATCH', `${jobs}/${encodeURIComponent(jobId)}`, { body }),
  };
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
