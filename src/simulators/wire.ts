/**
 * Writing an answer, and the faults of the bytes on the wire: hostile bodies (hostile-bodies.ts),
 * a wrong or missing content type, invalid JSON, an oversized body, a wrong content-length, a reset
 * or a truncation mid-body, a body that drips.
 */
import type { ServerResponse } from 'node:http';
import type { SimResponse } from './core.ts';
import type { FaultId } from './faults.ts';
import type { HostTransport } from './host-settings.ts';
import type { HostTimers } from './host-timers.ts';
import { writeHostile } from './hostile-bodies.ts';
import { jsonBytes } from './serialised.ts';

/** transport.reset-mid-body: how long the half body has to reach the client before the reset. */
const RESET_DELAY_MS = 25;

export function writeAnswer(
  res: ServerResponse,
  answer: SimResponse,
  faults: ReadonlySet<FaultId>,
  transport: HostTransport,
  timers: HostTimers,
): void {
  const headers: Record<string, string> = { ...answer.headers };
  let body: Buffer | undefined;
  let isJson = false;
  if (answer.json !== undefined) {
    isJson = true;
    body = jsonBytes(answer);
    headers['content-type'] = 'application/json';
  } else if (answer.text !== undefined) {
    body = Buffer.from(answer.text);
    headers['content-type'] = answer.contentType ?? 'text/plain';
  }
  if (writeHostile(res, { status: answer.status, headers, body, isJson }, faults, transport.hostile)) return;
  if (isJson && body) {
    if (faults.has('content-type.wrong')) headers['content-type'] = 'text/plain';
    if (faults.has('content-type.missing')) delete headers['content-type'];
    if (faults.has('transport.invalid-json')) body = body.subarray(0, Math.floor(body.length / 2));
    if (faults.has('transport.oversized-body') && body.length < transport.oversizeBytes)
      body = Buffer.concat([body, Buffer.alloc(transport.oversizeBytes - body.length, 0x20)]);
  }
  const bytes = body ?? Buffer.alloc(0);
  const withBody = answer.status !== 204 && answer.status !== 304;
  if (faults.has('headers.content-length-wrong')) {
    // Fewer bytes promised than sent (truncated-body is the other direction); close so the
    // surplus cannot be read as the next response.
    headers['content-length'] = String(bytes.length > 0 ? bytes.length - 1 : 1);
    headers.connection = 'close';
    res.writeHead(answer.status, headers);
    res.end(withBody ? bytes : undefined);
    return;
  }
  headers['content-length'] = String(withBody ? bytes.length : 0);
  if (faults.has('transport.reset-mid-body') || faults.has('transport.truncated-body')) {
    const reset = faults.has('transport.reset-mid-body');
    if (!reset) headers['content-length'] = String(Math.max(bytes.length, 1));
    headers.connection = 'close';
    res.writeHead(answer.status, headers);
    const half = bytes.subarray(0, Math.floor(bytes.length / 2));
    res.write(half, () => {
      const socket = res.socket;
      if (!socket) return;
      if (!reset) {
        socket.end();
        return;
      }
      // Let the half body reach the client first: an immediate RST can overtake the data.
      timers.after(RESET_DELAY_MS, () => socket.resetAndDestroy());
    });
    return;
  }
  if (faults.has('transport.drip') && withBody && bytes.length > 0) {
    res.writeHead(answer.status, headers);
    let offset = 0;
    const step = () => {
      if (res.destroyed) return;
      const chunk = bytes.subarray(offset, offset + transport.dripBytes);
      offset += chunk.length;
      if (offset >= bytes.length) {
        res.end(chunk);
        return;
      }
      res.write(chunk);
      timers.after(transport.dripIntervalMs, step);
    };
    step();
    return;
  }
  res.writeHead(answer.status, headers);
  res.end(withBody ? bytes : undefined);
}
