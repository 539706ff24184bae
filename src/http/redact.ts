import type { Exchange } from '../core/index.ts';
import { MAX_JSON_DEPTH, TOO_DEEP_MARKER } from './json-depth.ts';

/**
 * Redaction, applied when an exchange is recorded (never later): secret headers, query parameters,
 * JSON and form fields by name, plus every registered secret value wherever it appears.
 */

export const REDACTED = '[REDACTED]';

/** Header names whose values are credentials (compared case-insensitively). */
export const SECRET_HEADERS = [
  'authorization',
  'proxy-authorization',
  'x-auth-key',
  'x-auth-email',
  'x-api-key',
  'customer-id',
  'cookie',
  'set-cookie',
] as const;

/** Query parameter names that carry credentials. */
export const SECRET_QUERY_PARAMS = [
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'api_key',
  'apikey',
  'api-key',
  'key',
  'client_secret',
  'password',
  'secret',
  'signature',
  'sig',
  'x-api-key',
  'auth',
  'code',
] as const;

/** JSON field names whose values are credentials, at any depth. */
export const SECRET_JSON_FIELDS = [
  'access_token',
  'accessToken',
  'refresh_token',
  'refreshToken',
  'id_token',
  'idToken',
  'client_secret',
  'clientSecret',
  'password',
  'token',
  'apiKey',
  'api_key',
  'apikey',
  'secret',
  'private_key',
  'privateKey',
] as const;

/** Form fields that carry credentials; client_id, grant_type and scope stay visible. */
export const SECRET_FORM_FIELDS = [
  'client_secret',
  'password',
  'refresh_token',
  'access_token',
  'token',
  'assertion',
  'client_assertion',
  'code',
] as const;

/** Values shorter than this are not registered: they would blank out ordinary text. */
const MIN_SECRET_LENGTH = 4;

/** What makes a URL worth parsing before redaction: user info, a fragment, characters the parser drops. */
const UNPLAIN_URL = /[@#\t\n\r]/;

const lower = (names: readonly string[]) => new Set(names.map((n) => n.toLowerCase()));
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A query name that is a secret one, or percent-encoded (it might decode to one), after the '?' or
 * an '&'. A '?' after the first also counts as a start: that only sends an odd URL to the parser.
 */
const SECRET_OR_ENCODED_QUERY_NAME = new RegExp(
  `[?&](?:[^=&]*%|(?:${SECRET_QUERY_PARAMS.map(escapeRegExp).join('|')})(?:=|&|$))`,
  'i',
);

/** Holds the known secret values of a run and redacts text, headers, URLs and bodies. */
export class Redactor {
  private readonly secrets = new Set<string>();
  /** The length of the shortest registered form. */
  private shortestSecret = Number.POSITIVE_INFINITY;
  private pattern: RegExp | undefined;
  private readonly headerNames = lower(SECRET_HEADERS);
  private readonly queryNames = lower(SECRET_QUERY_PARAMS);
  private readonly jsonNames = lower(SECRET_JSON_FIELDS);
  private readonly formNames = lower(SECRET_FORM_FIELDS);
  private readonly jsonFieldPattern = new RegExp(
    // A string value cut off by a truncated body (no closing quote) is redacted to the end too.
    `("(?:${SECRET_JSON_FIELDS.map(escapeRegExp).join('|')})"\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*(?:"|\\\\?$)|-?[0-9][^,}\\]\\s]*|true|false)`,
    'gi',
  );

  private readonly objectValuedFieldPattern = new RegExp(
    `"(?:${SECRET_JSON_FIELDS.map(escapeRegExp).join('|')})"\\s*:\\s*[[{]`,
    'i',
  );

  private readonly secretKeyPattern = new RegExp(
    `"(?:${SECRET_JSON_FIELDS.map(escapeRegExp).join('|')})"`,
    'i',
  );

  /**
   * False when redacting this JSON text cannot change it: no escape sequence (which could hide a key
   * or a value), no secret-named key and no registered secret value. Such a body is recorded as it is
   * and its parsed value used without a redacted copy: the walk over every page stays cheap.
   */
  mayHoldSecrets(jsonText: string): boolean {
    if (jsonText.includes('\\') || this.secretKeyPattern.test(jsonText)) return true;
    if (this.secrets.size === 0) return false;
    for (const secret of this.secrets) if (jsonText.includes(secret)) return true;
    return false;
  }

  /** Remember a credential value; it is replaced in every string recorded from now on. */
  registerSecret(value: string | undefined | null): void {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return;
    // Also the forms a value takes inside URLs, form bodies and JSON strings.
    const forms = [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)];
    for (const form of forms) {
      if (form.length < MIN_SECRET_LENGTH || this.secrets.has(form)) continue;
      this.secrets.add(form);
      this.shortestSecret = Math.min(this.shortestSecret, form.length);
      // Rebuilt lazily on the next redaction, only when something new was learnt.
      this.pattern = undefined;
    }
  }

  /** The number of distinct registered forms (for tests and diagnostics). */
  get size(): number {
    return this.secrets.size;
  }

  /** Replace every registered secret value in free text (log lines, messages, terminal output). */
  redactText(text: string): string {
    // Text shorter than every secret holds none (most header values, a page's label).
    if (this.secrets.size === 0 || text.length < this.shortestSecret) return text;
    if (!this.pattern) {
      // Longest first, so a secret that contains another is replaced whole.
      const sorted = [...this.secrets].sort((a, b) => b.length - a.length);
      this.pattern = new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
    }
    return text.replace(this.pattern, REDACTED);
  }

  /** Header values of credential headers replaced; Authorization keeps its scheme word as evidence. */
  redactHeaders(headers: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      out[name] = this.headerNames.has(name.toLowerCase())
        ? redactHeaderValue(name, value)
        : this.redactText(value);
    }
    return out;
  }

  /** Query parameters by name, user info, then secret values anywhere in the URL. */
  redactUrl(url: string): string {
    // Most URLs have no user info and no secret-named parameter: then only secret values can hide in them.
    if (this.plainUrl(url)) return this.redactText(url);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return this.redactText(url);
    }
    let changed = false;
    if (parsed.password) {
      parsed.password = 'REDACTED';
      changed = true;
    }
    const names = [...new Set(parsed.searchParams.keys())];
    if (names.some((n) => this.queryNames.has(n.toLowerCase()))) {
      // Rebuild by hand so the other parameters keep their exact encoding.
      const query = parsed.search
        .slice(1)
        .split('&')
        .map((pair) => {
          const eq = pair.indexOf('=');
          const rawName = eq === -1 ? pair : pair.slice(0, eq);
          const name = safeDecode(rawName).toLowerCase();
          return this.queryNames.has(name) && eq !== -1 ? `${rawName}=${REDACTED}` : pair;
        })
        .join('&');
      parsed.search = query;
      changed = true;
    }
    const text = changed ? parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED) : url;
    return this.redactText(text.replaceAll(':REDACTED@', `:${REDACTED}@`));
  }

  /**
   * True when a URL holds no '@' (so no password), no fragment, no tab or newline (which the URL
   * parser drops, joining what they split), and its query names, none
   * percent-encoded, are not secret names: what redactUrl's parse would leave as it is.
   */
  private plainUrl(url: string): boolean {
    return !UNPLAIN_URL.test(url) && !SECRET_OR_ENCODED_QUERY_NAME.test(url);
  }

  /** A recorded body: JSON fields and form fields by name, then secret values. */
  redactBody(body: string, contentType?: string): string {
    if (body.length === 0) return body;
    let text = body;
    if (contentType && /application\/x-www-form-urlencoded/i.test(contentType)) {
      text = this.redactForm(text);
    }
    text = text.replace(this.jsonFieldPattern, (_m, prefix: string) => `${prefix}"${REDACTED}"`);
    text = this.redactObjectValuedFields(text);
    return this.redactText(text);
  }

  /** A copy of an already recorded exchange redacted once more (reports built from older results.json). */
  redactExchange(x: Exchange): Exchange {
    return {
      ...x,
      ...(x.label !== undefined ? { label: this.redactText(x.label) } : {}),
      request: {
        ...x.request,
        url: this.redactUrl(x.request.url),
        headers: this.redactHeaders(x.request.headers),
        ...(x.request.body !== undefined
          ? { body: this.redactBody(x.request.body, contentTypeOf(x.request.headers)) }
          : {}),
      },
      ...(x.response
        ? {
            response: {
              ...x.response,
              headers: this.redactHeaders(x.response.headers),
              body: this.redactBody(x.response.body, contentTypeOf(x.response.headers)),
            },
          }
        : {}),
      ...(x.json !== undefined ? { json: this.redactJson(x.json) } : {}),
      ...(x.jsonError !== undefined ? { jsonError: this.redactText(x.jsonError) } : {}),
      ...(x.error ? { error: { ...x.error, message: this.redactText(x.error.message) } } : {}),
      ...(x.redirects ? { redirects: x.redirects.map((u) => this.redactUrl(u)) } : {}),
    };
  }

  /**
   * A parsed JSON value, copied with secret fields and secret values replaced. The copy stops at
   * MAX_JSON_DEPTH levels: anything deeper becomes TOO_DEEP_MARKER (so neither this walk nor the
   * JSON.stringify of the copy can overflow the stack, and nothing deeper can leak a secret).
   */
  redactJson<T>(value: T): T {
    return this.walk(value, 0) as T;
  }

  private walk(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.redactText(value);
    if (value === null || typeof value !== 'object') return value;
    if (depth >= MAX_JSON_DEPTH) return TOO_DEEP_MARKER;
    if (Array.isArray(value)) return value.map((v) => this.walk(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = this.jsonNames.has(k.toLowerCase()) && v !== null ? REDACTED : this.walk(v, depth + 1);
    }
    return out;
  }

  private redactForm(body: string): string {
    return body
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        if (eq === -1) return pair;
        const name = safeDecode(pair.slice(0, eq).replaceAll('+', ' ')).toLowerCase();
        return this.formNames.has(name) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
      })
      .join('&');
  }

  /** A secret field holding an object or array: the text pattern cannot reach it, so re-serialise. */
  private redactObjectValuedFields(text: string): string {
    if (!this.objectValuedFieldPattern.test(text)) return text;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return text;
    }
    return this.hasObjectValuedSecret(parsed, 0) ? JSON.stringify(this.walk(parsed, 0)) : text;
  }

  /** True too when the value nests past MAX_JSON_DEPTH: what is deeper is not looked at, so it is cut. */
  private hasObjectValuedSecret(value: unknown, depth: number): boolean {
    if (value === null || typeof value !== 'object') return false;
    if (depth >= MAX_JSON_DEPTH) return true;
    if (Array.isArray(value)) return value.some((v) => this.hasObjectValuedSecret(v, depth + 1));
    return Object.entries(value).some(([k, v]) =>
      this.jsonNames.has(k.toLowerCase()) && v !== null && typeof v === 'object'
        ? true
        : this.hasObjectValuedSecret(v, depth + 1),
    );
  }
}

function redactHeaderValue(name: string, value: string): string {
  const lowerName = name.toLowerCase();
  if (lowerName === 'authorization' || lowerName === 'proxy-authorization') {
    const scheme = /^([A-Za-z][A-Za-z0-9-]*)\s+\S/.exec(value)?.[1];
    return scheme ? `${scheme} ${REDACTED}` : REDACTED;
  }
  return REDACTED;
}

function contentTypeOf(headers: Record<string, string>): string | undefined {
  return Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The run's redactor: fed with every credential the run uses, read by every recorder and logger. */
export const defaultRedactor = new Redactor();

export function registerSecret(value: string | undefined | null): void {
  defaultRedactor.registerSecret(value);
}

/** For log lines and terminal output: every registered secret value replaced. */
export function redactText(text: string): string {
  return defaultRedactor.redactText(text);
}

/**
 * A recorded exchange redacted once more with the run's redactor. Every report passes evidence
 * through here before writing it: evidence is redacted when recorded, and this second pass covers
 * reports built from hand-made or older results.json files and secrets registered later.
 */
export function redactExchange(exchange: Exchange): Exchange {
  return defaultRedactor.redactExchange(exchange);
}
