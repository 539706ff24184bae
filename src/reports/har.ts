/**
 * exchanges.har: every evidence exchange of the run as HAR 1.2, once each (de-duplicated by exchange
 * id), redacted, oldest first. Opens in browser dev tools and HAR viewers.
 */
import { STATUS_CODES } from 'node:http';
import type { Exchange, RunResults } from '../core/index.ts';
import { redactExchange } from '../http/index.ts';

interface HarNameValue {
  name: string;
  value: string;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    queryString: HarNameValue[];
    postData?: { mimeType: string; text: string };
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    content: { size: number; mimeType: string; text?: string; comment?: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
    _error?: string;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  comment?: string;
  _id: string;
  _api: string;
  _operation?: string;
  _attempts: number;
}

export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    comment: string;
    entries: HarEntry[];
  };
}

function nameValues(headers: Record<string, string>): HarNameValue[] {
  return Object.entries(headers).map(([name, value]) => ({ name, value }));
}

function header(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

function queryOf(url: string): HarNameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

function entry(raw: Exchange): HarEntry {
  const x = redactExchange(raw);
  const reqBody = x.request.body;
  const res = x.response;
  const time = Math.max(0, x.durationMs);
  return {
    startedDateTime: x.startedAt,
    time,
    request: {
      method: x.request.method,
      url: x.request.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: nameValues(x.request.headers),
      queryString: queryOf(x.request.url),
      ...(reqBody !== undefined
        ? {
            postData: {
              mimeType: header(x.request.headers, 'content-type') ?? 'application/octet-stream',
              text: reqBody,
            },
          }
        : {}),
      headersSize: -1,
      bodySize: reqBody === undefined ? 0 : Buffer.byteLength(reqBody),
    },
    response: res
      ? {
          status: res.status,
          statusText: STATUS_CODES[res.status] ?? '',
          httpVersion: 'HTTP/1.1',
          cookies: [],
          headers: nameValues(res.headers),
          content: {
            size: res.size,
            mimeType: header(res.headers, 'content-type') ?? 'application/octet-stream',
            text: res.body,
            ...(res.truncated ? { comment: `recorded ${res.body.length} of ${res.size} bytes` } : {}),
          },
          redirectURL: header(res.headers, 'location') ?? '',
          headersSize: -1,
          bodySize: res.size,
        }
      : {
          // HAR's convention for a request that got no response.
          status: 0,
          statusText: '',
          httpVersion: '',
          cookies: [],
          headers: [],
          content: { size: 0, mimeType: 'x-unknown' },
          redirectURL: '',
          headersSize: -1,
          bodySize: -1,
          ...(x.error ? { _error: `${x.error.kind}: ${x.error.message}` } : {}),
        },
    cache: {},
    timings: { send: 0, wait: time, receive: 0 },
    ...(x.label ? { comment: x.label } : {}),
    _id: x.id,
    _api: x.api,
    ...(x.operation ? { _operation: x.operation } : {}),
    _attempts: x.attempts,
  };
}

export function renderHar(run: RunResults): Har {
  const seen = new Map<string, Exchange>();
  for (const r of run.results) for (const x of r.evidence) if (!seen.has(x.id)) seen.set(x.id, x);
  const entries = [...seen.values()]
    .map(entry)
    .sort((a, b) => a.startedDateTime.localeCompare(b.startedDateTime) || a._id.localeCompare(b._id));
  return {
    log: {
      version: '1.2',
      creator: { name: run.tool.name, version: run.tool.version },
      comment: `run ${run.runId} (${run.target})`,
      entries,
    },
  };
}
