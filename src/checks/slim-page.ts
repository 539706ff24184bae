/**
 * The pages of a walk beyond the first few, kept small: a million jobs are 160,000 pages, and every
 * object or string kept per page is held for the whole walk. A slim page keeps what evidence needs
 * (URL, status, content type and length, the body's first SLIM_BODY_CHARS characters) in one object,
 * with numbers where the exchange has text (its start time), and makes the Exchange only when a
 * check asks for it as evidence.
 */
import type { Exchange, RecordedResponse } from '../core/index.ts';
import { type PageState, type PageTotals, pageLabel, type WalkPage } from './walk-page.ts';

export const SLIM_BODY_CHARS = 256;

/** One object for every slim copy's request headers: none are kept. */
const NO_HEADERS: Record<string, string> = {};
/** Slim copies share their response-header objects (the same content type and length, page after page). */
const sharedHeaders = new Map<string, Record<string, string>>();
const SHARED_HEADER_SETS = 64;

function slimHeaders(headers: Record<string, string>): Record<string, string> {
  const type = headers['content-type'];
  const length = headers['content-length'];
  const key = `${type ?? ''}\n${length ?? ''}`;
  const shared = sharedHeaders.get(key);
  if (shared) return shared;
  const kept: Record<string, string> = {};
  if (type !== undefined) kept['content-type'] = type;
  if (length !== undefined) kept['content-length'] = length;
  if (sharedHeaders.size < SHARED_HEADER_SETS) sharedHeaders.set(key, kept);
  return kept;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** The body's start as a string of its own (V8 keeps a sliced string's whole parent alive). */
function bodyStart(body: string): string {
  // Slicing a concatenation flattens it into a new string first, so this keeps SLIM_BODY_CHARS + 1
  // characters, not the whole body. A cut that splits a surrogate pair drops its first half.
  const end = isHighSurrogate(body.charCodeAt(SLIM_BODY_CHARS - 1)) ? SLIM_BODY_CHARS - 1 : SLIM_BODY_CHARS;
  return ` ${body.slice(0, end)}`.slice(1);
}

/** The response as a slim copy keeps it. */
function slimResponse(response: RecordedResponse): RecordedResponse {
  const body = bodyStart(response.body);
  const truncated = response.truncated || body.length < response.body.length;
  return {
    status: response.status,
    headers: slimHeaders(response.headers),
    body,
    size: response.size,
    ...(truncated ? { truncated } : {}),
  };
}

/** A slim copy of any exchange, as a plain Exchange (transport errors, retries and redirects included). */
export function slimExchange(exchange: Exchange): Exchange {
  const { json: _json, request, response, ...rest } = exchange;
  return {
    ...rest,
    request: { method: request.method, url: request.url, headers: NO_HEADERS },
    ...(response ? { response: slimResponse(response) } : {}),
  };
}

/** A page whose exchange is made from a few fields on first use (then kept: evidence compares them). */
class SlimPage implements WalkPage {
  hasMore?: unknown;
  private made: Exchange | undefined = undefined;

  constructor(
    readonly state: PageState,
    readonly count: number,
    readonly first: number,
    readonly totals: PageTotals,
    private readonly id: string,
    private readonly api: string,
    private readonly operation: string | undefined,
    /** Undefined when it is the page's usual label (pageLabel). */
    private readonly label: string | undefined,
    private readonly method: string,
    private readonly url: string,
    private readonly startedMs: number,
    private readonly durationMs: number,
    private readonly attempts: number,
    private readonly status: number,
    private readonly headers: Record<string, string>,
    private readonly body: string,
    private readonly size: number,
    private readonly truncated: boolean,
  ) {}

  get exchange(): Exchange {
    this.made ??= {
      id: this.id,
      api: this.api,
      ...(this.operation !== undefined ? { operation: this.operation } : {}),
      label: this.label ?? pageLabel(this.state),
      request: { method: this.method, url: this.url, headers: NO_HEADERS },
      response: {
        status: this.status,
        headers: this.headers,
        body: this.body,
        size: this.size,
        ...(this.truncated ? { truncated: true } : {}),
      },
      startedAt: new Date(this.startedMs).toISOString(),
      durationMs: this.durationMs,
      attempts: this.attempts,
    };
    return this.made;
  }
}

/** The fields of an exchange of the common shape; one with anything else keeps a plain slim copy. */
const COMMON = new Set([
  'id',
  'api',
  'operation',
  'label',
  'request',
  'response',
  'json',
  'startedAt',
  'durationMs',
  'attempts',
]);

function onlyCommonFields(exchange: Exchange): boolean {
  for (const key in exchange) if (!COMMON.has(key)) return false;
  return true;
}

/** A walk page beyond the first few: compact when its exchange has the common shape, else a plain slim copy. */
export function slimPage(
  exchange: Exchange,
  facts: { state: PageState; count: number; first: number; totals: PageTotals },
): WalkPage {
  const { response, label } = exchange;
  const startedMs = Date.parse(exchange.startedAt);
  const common =
    response !== undefined &&
    label !== undefined &&
    Number.isFinite(startedMs) &&
    new Date(startedMs).toISOString() === exchange.startedAt &&
    onlyCommonFields(exchange);
  if (!common) return { ...facts, exchange: slimExchange(exchange) };
  const kept = slimResponse(response);
  return new SlimPage(
    facts.state,
    facts.count,
    facts.first,
    facts.totals,
    exchange.id,
    exchange.api,
    exchange.operation,
    label === pageLabel(facts.state) ? undefined : label,
    exchange.request.method,
    exchange.request.url,
    startedMs,
    exchange.durationMs,
    exchange.attempts,
    kept.status,
    kept.headers,
    kept.body,
    kept.size,
    kept.truncated === true,
  );
}
