/**
 * Reads answered again: the answer of a request that changes nothing (its operation does not write)
 * is kept, its JSON body serialised once (serialised.ts), and served again to the same request
 * (method, path, query, the headers that can matter, body) while nothing it depends on changed:
 *   - state: every request not answered from here or kept here (a create, a cancel, a token, any
 *     request under a fault), every reset, advance and provider state counts as a change; the count
 *     is shared by the APIs of a server group (their collections can be common);
 *   - time: a job that ends by time ends at a known instant (JobStore.nextEndMs), and an answer is
 *     kept no later than that; an answer that read the clock any other way (a token's expiry, a
 *     filter's time bound) is not kept at all;
 *   - faults and rate limits: while any fault is active or requests are rate limited nothing is
 *     kept or reused (each request then takes the full path, and counts as a change).
 * The host still logs every request and applies its faults to whatever is answered.
 */
import type { SimRequest, SimResponse } from '../core.ts';
import type { ProviderStates } from '../provider-states.ts';
import { keepSerialised } from '../serialised.ts';

/** Request headers no simulator reads: clients vary them without asking anything else. */
const UNREAD_HEADERS = new Set(['host', 'connection', 'keep-alive', 'user-agent', 'content-length']);

/** Kept answers per API; past it the oldest go first. */
const MAX_ENTRIES = 256;

/** Changes of state, counted for every API of a server group. */
export class ChangeCount {
  value = 0;

  bump(): void {
    this.value += 1;
  }
}

export interface CacheSources {
  changes: ChangeCount;
  /** False while an answer must not be kept or reused (a fault active, rate limiting on). */
  usable(): boolean;
  /** The API's clock, read without counting as a time read. */
  now(): number;
  /** How many times the answers' clock was read: a read while answering means the answer depends on time. */
  timeReads(): number;
  /** When state next changes by time alone (a running job ends); Infinity when never. */
  nextChangeMs(): number;
}

interface Entry {
  answer: SimResponse;
  changes: number;
  untilMs: number;
}

/** The request as the simulator reads it, as one string. */
export function requestKey(req: SimRequest): string {
  let key = `${req.method} ${req.path}?${req.query.toString()}`;
  for (const name in req.headers) if (!UNREAD_HEADERS.has(name)) key += `\n${name}:${req.headers[name]}`;
  return req.rawBody === '' ? key : `${key}\n\n${req.rawBody}`;
}

export class AnswerCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly sources: CacheSources) {}

  /** The kept answer to `req`, or `handle`'s (kept when it is a read that read no time). */
  serve(req: SimRequest, handle: (req: SimRequest) => SimResponse): SimResponse {
    const { changes } = this.sources;
    if (!this.sources.usable()) {
      try {
        return handle(req);
      } finally {
        changes.bump();
      }
    }
    const key = requestKey(req);
    const kept = this.entries.get(key);
    if (kept && kept.changes === changes.value && this.sources.now() < kept.untilMs) return kept.answer;
    const reads = this.sources.timeReads();
    let answer: SimResponse;
    try {
      answer = handle(req);
    } catch (error) {
      changes.bump();
      throw error;
    }
    if (answer.operation?.writes !== false || this.sources.timeReads() !== reads) {
      changes.bump();
      return answer;
    }
    keepSerialised(answer);
    this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { answer, changes: changes.value, untilMs: this.sources.nextChangeMs() });
    return answer;
  }
}

/** Provider states that count as a change of state when set up. */
export function countedStates(states: ProviderStates, changes: ChangeCount): ProviderStates {
  const out: Record<string, ProviderStates[keyof ProviderStates]> = {};
  for (const [name, handler] of Object.entries(states))
    out[name] =
      typeof handler === 'function'
        ? (params) => {
            changes.bump();
            const values = handler(params);
            changes.bump();
            return values instanceof Promise ? values.finally(() => changes.bump()) : values;
          }
        : handler;
  return out as ProviderStates;
}
