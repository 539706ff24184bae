import type { Exchange } from '../core/index.ts';
import { defaultRedactor } from '../http/redact.ts';

/**
 * Every report passes evidence through here before writing it. Evidence is redacted when it is
 * recorded (src/http/redact.ts); this second pass, with the same redactor, covers reports built from
 * hand-made or older results.json files and secrets registered after a request was recorded.
 */
export function redactForReport(text: string): string {
  return defaultRedactor.redactText(text);
}

/** A copy of an exchange with headers, URLs, bodies and messages redacted. */
export function redactExchange(x: Exchange): Exchange {
  const r = defaultRedactor;
  const contentType = (headers: Record<string, string>) =>
    Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  return {
    ...x,
    ...(x.label !== undefined ? { label: r.redactText(x.label) } : {}),
    request: {
      ...x.request,
      url: r.redactUrl(x.request.url),
      headers: r.redactHeaders(x.request.headers),
      ...(x.request.body !== undefined
        ? { body: r.redactBody(x.request.body, contentType(x.request.headers)) }
        : {}),
    },
    ...(x.response
      ? {
          response: {
            ...x.response,
            headers: r.redactHeaders(x.response.headers),
            body: r.redactBody(x.response.body, contentType(x.response.headers)),
          },
        }
      : {}),
    ...(x.json !== undefined ? { json: r.redactJson(x.json) } : {}),
    ...(x.error ? { error: { ...x.error, message: r.redactText(x.error.message) } } : {}),
    ...(x.redirects ? { redirects: x.redirects.map((u) => r.redactUrl(u)) } : {}),
  };
}
