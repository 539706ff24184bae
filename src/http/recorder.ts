/**
 * Recording exchanges: redacted as they are recorded (never later), bodies cut at the record cap,
 * numbered within the run, and handed to every listener.
 */
import type { Exchange, RecordedResponse } from '../core/index.ts';
import type { Attempt } from './attempt.ts';
import { cutUtf8 } from './bytes.ts';
import type { ExchangeListener, HttpRequest } from './client-options.ts';
import { headerValue } from './headers.ts';
import type { Redactor } from './redact.ts';
import { reasonText } from './transport-error.ts';

export class ExchangeRecorder {
  private sequence = 0;
  private readonly listeners = new Set<ExchangeListener>();

  constructor(
    private readonly redactor: Redactor,
    private readonly recordBodyBytes: number,
    listener?: ExchangeListener,
  ) {
    if (listener) this.listeners.add(listener);
  }

  onExchange(listener: ExchangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Hands a finished exchange to every listener; a failing one is reported, never thrown. */
  emit(exchange: Exchange): void {
    for (const listener of this.listeners) {
      try {
        listener(exchange);
      } catch (err) {
        // A failing recorder must not break the run; say so once per failure, without secrets.
        process.emitWarning(this.redactor.redactText(`exchange listener failed: ${reasonText(err)}`));
      }
    }
  }

  /** The headers object last redacted, its redacted copy, and how many secrets the redactor knew then. */
  private lastHeaders:
    | { source: Record<string, string>; redacted: Record<string, string>; secrets: number }
    | undefined;

  /** The exchange of a request about to be sent: its id and the request, redacted. */
  begin(req: HttpRequest, headers: Record<string, string>, started: number): Exchange {
    const redactor = this.redactor;
    const exchange: Exchange = { id: `x${++this.sequence}`, api: req.api } as Exchange;
    // Built field by field, in the order the reports show them.
    if (req.operation !== undefined) exchange.operation = req.operation;
    if (req.label !== undefined) exchange.label = redactor.redactText(req.label);
    exchange.request = {
      method: req.method,
      url: redactor.redactUrl(req.url),
      headers: this.redactedHeaders(headers),
    };
    if (req.body !== undefined) {
      exchange.request.body = redactor.redactBody(req.body, headerValue(headers, 'content-type'));
    }
    exchange.startedAt = new Date(started).toISOString();
    exchange.durationMs = 0;
    exchange.attempts = 0;
    return exchange;
  }

  /** The request headers redacted; the same headers object again (a walk's pages) reuses its copy. */
  private redactedHeaders(headers: Record<string, string>): Record<string, string> {
    const last = this.lastHeaders;
    if (last?.source === headers && last.secrets === this.redactor.size) return last.redacted;
    const redacted = this.redactor.redactHeaders(headers);
    this.lastHeaders = { source: headers, redacted, secrets: this.redactor.size };
    return redacted;
  }

  /**
   * The response of an attempt as recorded: headers and body redacted (unless `clean`: a JSON body
   * redaction cannot change), the body cut at the record cap.
   */
  response(attempt: Attempt, bodyText: string, clean: boolean): RecordedResponse | undefined {
    if (attempt.status === undefined) return undefined;
    const contentType = attempt.headers['content-type'];
    // Redact the whole text before cutting, so a cut cannot leave half a secret visible.
    const text = clean ? bodyText : this.redactor.redactBody(bodyText, contentType);
    const cut = cutUtf8(text, this.recordBodyBytes);
    const truncated = cut.length < text.length || attempt.body.length < attempt.size;
    return {
      status: attempt.status,
      headers: this.redactor.redactHeaders(attempt.headers),
      body: cut,
      ...(truncated ? { truncated: true } : {}),
      size: attempt.size,
    };
  }
}
