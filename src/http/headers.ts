/** Request and response headers as the client handles them. */
import { SECRET_HEADERS } from './redact.ts';

const CREDENTIAL_HEADERS = new Set<string>(SECRET_HEADERS);

/** undici's headers as one lower-case name to one value (repeated values joined with ', '). */
export function flattenHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** A header's value, its name compared case-insensitively (`name` in lower case). */
export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

/** A copy with the client's user-agent when the request names none. */
export function withDefaults(headers: Record<string, string>, userAgent: string): Record<string, string> {
  return headerValue(headers, 'user-agent') === undefined
    ? { ...headers, 'user-agent': userAgent }
    : { ...headers };
}

/** Credentials never follow a redirect to another origin. */
export function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([k]) => !CREDENTIAL_HEADERS.has(k.toLowerCase())),
  );
}

/** A redirect that turns the method into GET drops the body, and the headers that describe it. */
export function withoutBodyHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([k]) => !['content-type', 'content-length'].includes(k.toLowerCase())),
  );
}
