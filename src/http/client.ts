/**
 * The HTTP client: one keep-alive undici Agent, and the pipeline each request goes through. The
 * pieces live beside it: attempt.ts (one attempt on the wire, its body read under the caps),
 * redirects.ts, retry.ts (which answers are retried and how long to wait), ledger.ts (counters,
 * budgets, rate-limited streaks), recorder.ts (redacted exchanges and their listeners), abort.ts.
 */
import { Agent, type Dispatcher } from 'undici';
import { type Exchange, type RetryRecord, systemClock, type TransportErrorKind } from '../core/index.ts';
import { RequestSignals } from './abort.ts';
import { type Attempt, attemptOnce } from './attempt.ts';
import {
  type HttpClient,
  type HttpClientOptions,
  type HttpRequest,
  type RawResult,
  resolveOptions,
} from './client-options.ts';
import { withDefaults } from './headers.ts';
import { parseJsonBody } from './json-body.ts';
import { RequestLedger } from './ledger.ts';
import { ExchangeRecorder } from './recorder.ts';
import { defaultRedactor } from './redact.ts';
import { type Hop, RedirectChain } from './redirects.ts';
import { formatWait, retryStep, SAFE_METHODS } from './retry.ts';
import { reasonText } from './transport-error.ts';

const exchangeOf = (result: RawResult) => result.exchange;

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const settings = resolveOptions(options);
  const ownAgent = options.dispatcher
    ? undefined
    : new Agent({
        connections: options.connections ?? 16,
        keepAliveTimeout: 10_000,
        maxHeaderSize: settings.maxHeaderBytes,
      });
  const dispatcher: Dispatcher = options.dispatcher ?? (ownAgent as Agent);
  const pick = options.dispatcherFor;
  const limits = {
    dispatcherOf: pick ? (origin: string) => pick(origin) ?? dispatcher : () => dispatcher,
    maxBodyBytes: settings.maxBodyBytes,
    maxHeaderBytes: settings.maxHeaderBytes,
    recordBodyBytes: settings.recordBodyBytes,
  };
  const redactor = options.redactor ?? defaultRedactor;
  const recorder = new ExchangeRecorder(redactor, settings.recordBodyBytes, options.onExchange);
  const ledger = new RequestLedger(options.budget);
  const signals = new RequestSignals(options.signal, settings.deadline);

  /**
   * The request's headers with the client's defaults. The same frozen headers object again (a walk's
   * pages: callOperation's plain calls) reuses its copy, so its record reuses its redacted copy too.
   */
  let lastHeaders: { source: Record<string, string>; sent: Record<string, string> } | undefined;
  function headersOf(req: HttpRequest): Record<string, string> {
    if (req.headers && lastHeaders?.source === req.headers) return lastHeaders.sent;
    const sent = withDefaults(req.headers ?? {}, settings.userAgent);
    if (req.headers && Object.isFrozen(req.headers)) lastHeaders = { source: req.headers, sent };
    return sent;
  }

  async function run(req: HttpRequest): Promise<RawResult> {
    const started = Date.now();
    const headers = headersOf(req);
    const exchange = recorder.begin(req, headers, started);
    const finish = (patch: Partial<Exchange> | undefined, rawJson?: unknown): RawResult => {
      if (patch) Object.assign(exchange, patch);
      ledger.noteEnding(req.api, {
        rateLimited: exchange.error?.kind === 'rate-limited',
        answered: exchange.response !== undefined && !exchange.error,
      });
      exchange.durationMs = Date.now() - started;
      recorder.emit(exchange);
      return rawJson === undefined ? { exchange } : { exchange, rawJson };
    };
    const fail = (kind: TransportErrorKind, message: string, last?: Attempt): RawResult => {
      const response = last ? recorder.response(last, last.body.toString('utf8'), false) : undefined;
      return finish({
        ...(response ? { response } : {}),
        error: { kind, message: redactor.redactText(message) },
      });
    };

    const streak = ledger.rateLimitedStreak(req.api);
    if (streak >= settings.rateLimitedStreak) {
      return fail(
        'rate-limited',
        `not sent: the last ${streak} requests to ${req.api} stayed rate-limited (429) after the waits retry-after asked for`,
      );
    }
    const signal = signals.for(req.signal);
    try {
      let hop: Hop = { url: req.url, method: req.method.toUpperCase(), headers, body: req.body };
      const redirects = new RedirectChain(hop, redactor, settings.maxRedirects);
      const retries: RetryRecord[] = [];
      let last: Attempt | undefined;
      let resentAfterStaleSocket = false;

      for (;;) {
        if (signal?.aborted) {
          const why = reasonText(signal.reason);
          return fail('aborted', last ? `aborted: ${why}` : `aborted: ${why}; request not sent`, last);
        }
        if (ledger.budgetLeft(req.api) === 0) {
          ledger.countNotSentOverBudget();
          const spent = `request budget of ${ledger.budgetOf(req.api)} for ${req.api} spent`;
          return fail(
            'budget-exhausted',
            last ? `${spent} after a ${last.status} answer: not sent again` : `${spent}: request not sent`,
            last,
          );
        }
        ledger.countSent(req.api, hop.method);
        // Attempts count the first send and each retry; following a redirect is part of an attempt.
        exchange.attempts = 1 + retries.length;
        const attempt = await attemptOnce(
          limits,
          hop.url,
          hop.method,
          hop.headers,
          hop.body,
          req.timeoutMs ?? settings.timeoutMs,
          signal,
        );
        last = attempt;
        // A kept-alive socket the server closed while idle resets before any response byte: an
        // idempotent request is sent once more on a fresh connection (as browsers and SDKs do).
        if (
          attempt.error?.kind === 'reset' &&
          attempt.status === undefined &&
          SAFE_METHODS.has(hop.method) &&
          !resentAfterStaleSocket
        ) {
          resentAfterStaleSocket = true;
          continue;
        }
        if (attempt.error) return fail(attempt.error.kind, attempt.error.message, attempt);
        const status = attempt.status as number;

        if (req.followRedirects !== false) {
          const step = redirects.next(hop, status, attempt.headers.location);
          if ('fail' in step) return fail(step.fail.kind, step.fail.message, attempt);
          if ('follow' in step) {
            hop = step.follow;
            exchange.redirects = redirects.followed;
            continue;
          }
        }

        if (req.retry !== false) {
          const step = retryStep(status, attempt.headers, retries, settings);
          if ('fail' in step) return fail(step.fail.kind, step.fail.message, attempt);
          if ('wait' in step) {
            const wait = step.wait;
            retries.push({ status, waitMs: wait.ms, basis: wait.basis });
            exchange.retries = retries;
            if (!(await systemClock.sleep(wait.ms, signal))) {
              return fail(
                'aborted',
                `aborted: ${reasonText(signal?.reason)} while waiting ${formatWait(wait.ms)} to retry after ${status}`,
                attempt,
              );
            }
            continue;
          }
        }

        const parsed = parseJsonBody(attempt.status, attempt.headers['content-type'], attempt.body);
        const bodyText = parsed.text;
        // A JSON body that redaction cannot change is kept as it came (no second pass, no copy).
        const clean = 'json' in parsed && !redactor.mayHoldSecrets(bodyText);
        const response = recorder.response(attempt, bodyText, clean);
        // Set one by one (no patch object per exchange), in the order the reports show them.
        if (response) exchange.response = response;
        if ('json' in parsed) exchange.json = clean ? parsed.json : redactor.redactJson(parsed.json);
        if (parsed.jsonError) exchange.jsonError = parsed.jsonError;
        return finish(undefined, parsed.json);
      }
    } catch (err) {
      // Nothing above should throw; if it does, the run still gets an exchange, not a crash.
      return fail('other', `unexpected failure: ${reasonText(err)}`);
    }
  }

  return {
    send: (req) => run(req).then(exchangeOf),
    sendRaw: run,
    recordUnsent(req, error) {
      const exchange = recorder.begin(req, withDefaults(req.headers ?? {}, settings.userAgent), Date.now());
      exchange.error = { kind: error.kind, message: redactor.redactText(error.message) };
      recorder.emit(exchange);
      return exchange;
    },
    onExchange: (listener) => recorder.onExchange(listener),
    counters: () => ledger.snapshot(),
    budgetLeft: (api) => ledger.budgetLeft(api),
    redactor,
    settings,
    async close() {
      signals.dispose();
      await ownAgent?.close();
    },
  };
}
