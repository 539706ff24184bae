/**
 * Prism's violations, read against what our schemas already record. A violation is explained when
 * it falls on a difference `schemas diff` reports between the official document and ours, and that
 * difference is recorded as something we knowingly do otherwise: a declared deviation (x-deviations),
 * an x-inferred note, or an enum value kept as deprecated. Both judges thus speak one vocabulary:
 * an x-deviations entry names the difference id, and the same id explains what Prism sees on the
 * wire. An auth rejection the document omits is explained by x-auth-rejection (its statuses and why).
 */
import type { Api, Operation } from '../../src/catalogue/index.ts';
import type { Difference } from '../../src/drift/index.ts';
import { routeOf } from '../../src/simulators/generic/route.ts';
import type { JudgedExchange, PrismViolation } from './prism-proxy.ts';

/** What is knowingly different: a reason a violation may stand on. Provenance is history, not a reason. */
const KNOWING = new Set(['deviation', 'inferred', 'deprecated']);

/** The diff's change kinds that a Prism keyword on that spot can stem from. */
const KINDS_OF: Record<string, string[]> = {
  required: ['field-required', 'parameter-required'],
  additionalProperties: ['field-removed'],
  enum: ['enum-value-removed'],
  type: ['type-changed'],
};

export interface Verdict {
  exchange: JudgedExchange;
  violation: PrismViolation;
  side: 'request' | 'response';
  /** Our operation the exchange reached, when Prism and we both route it. */
  operation?: string;
  /** The difference id (or x-auth-rejection) that explains it, with its reason. */
  explainedBy?: { id: string; reason: string };
}

export interface Judgement {
  verdicts: Verdict[];
  /** Exchanges Prism routed and validated, each with our operation it reached (when we route it too). */
  judged: Array<{ exchange: JudgedExchange; operation?: string }>;
  /** Exchanges answered by Prism itself (a body it could not read): no simulator response to judge. */
  byPrism: JudgedExchange[];
  /** Exchanges outside the document (Prism routes them nowhere), such as an OAuth token grant. */
  unrouted: JudgedExchange[];
}

const UNROUTED = 'Selected route not found';
const STATUS_UNMATCHED = /Unable to match the returned status code/;

/** A body location as the diff writes it: array indexes become `*`. */
const bodyPath = (segments: readonly string[]) => segments.map((s) => (/^\d+$/.test(s) ? '*' : s));

function valueAt(body: unknown, segments: readonly string[]): unknown {
  let node = body;
  for (const s of segments) node = (node as Record<string, unknown> | null)?.[s];
  return node;
}

/** The property a `required` violation names ("must have required property 'x'"). */
const requiredName = (message: string) => /required property '([^']+)'/.exec(message)?.[1];

/** Our operation an exchange reached, by its method and path. */
export function operationOf(api: Api, exchange: JudgedExchange): Operation | undefined {
  const path = new URL(exchange.url, 'http://x').pathname;
  return api.operations.find((op) => op.method === exchange.method && routeOf(op).re.test(path));
}

/** The differences a violation may stand on: the same operation, the same spot, a kind its keyword can stem from. */
function candidates(v: Verdict, op: Operation): Array<(d: Difference) => boolean> {
  const [, place, ...rest] = v.violation.location;
  const code = String(v.violation.code);
  const same = (d: Difference) => d.operation === op.id;
  const kindFits = (d: Difference) => (KINDS_OF[code] ?? ['bound-changed']).includes(d.kind);
  const detailFits = (d: Difference, value: unknown) =>
    d.kind === 'enum-value-removed'
      ? d.detail === String(value)
      : d.kind !== 'bound-changed' || d.detail === code;
  const status = String(v.exchange.status);
  if (v.side === 'response' && place === undefined && STATUS_UNMATCHED.test(v.violation.message))
    return [(d) => same(d) && d.kind === 'status-removed' && d.detail === status];
  if (v.side === 'response' && place === 'body') {
    const name = code === 'required' ? requiredName(v.violation.message) : undefined;
    const spot = [...bodyPath(rest), ...(name ? [name] : [])].join('/');
    const value = valueAt(v.exchange.body, rest);
    return [status, 'default'].map(
      (s) => (d: Difference) =>
        same(d) &&
        d.where === (spot ? `response ${s} body/${spot}` : `response ${s} body`) &&
        kindFits(d) &&
        detailFits(d, value),
    );
  }
  if (v.side === 'response' && place === 'header') {
    const name = (rest[0] ?? requiredName(v.violation.message) ?? '').toLowerCase();
    return [(d) => same(d) && d.where === `response ${status} header ${name}` && kindFits(d)];
  }
  if (v.side === 'request' && place === 'body') {
    const name = code === 'required' ? requiredName(v.violation.message) : undefined;
    const spot = [...bodyPath(rest), ...(name ? [name] : [])].join('/');
    return [(d) => same(d) && d.where === `request body/${spot}` && kindFits(d) && detailFits(d, undefined)];
  }
  if (v.side === 'request' && (place === 'query' || place === 'path' || place === 'header')) {
    const name = rest[0] ?? requiredName(v.violation.message) ?? '';
    const label = `parameter ${place} ${place === 'header' ? name.toLowerCase() : name}`;
    return [(d) => same(d) && d.where === label && kindFits(d) && detailFits(d, undefined)];
  }
  return [];
}

function authRejectionExplains(api: Api, v: Verdict): Verdict['explainedBy'] {
  const rejection = api.openapi['x-auth-rejection'] as { 'x-why'?: string } | undefined;
  const statuses = [...api.authRejection.statuses, api.authRejection.insufficientScope?.status];
  if (v.side !== 'response' || v.violation.location.length !== 1) return undefined;
  if (!STATUS_UNMATCHED.test(v.violation.message) || !statuses.includes(v.exchange.status)) return undefined;
  // The body must be the rejection's too: a status alone might be another error the document omits.
  const insufficient = api.authRejection.insufficientScope;
  const body = insufficient?.status === v.exchange.status ? insufficient.body : api.authRejection.body;
  if (!body.validate(v.exchange.body)) return undefined;
  const why = rejection?.['x-why'] ?? 'the API answers auth failures with these statuses';
  return { id: `x-auth-rejection ${v.exchange.status}`, reason: why };
}

/** Every violation of every exchange, each with the operation it reached and what explains it, if anything. */
export function judge(
  api: Api,
  exchanges: readonly JudgedExchange[],
  differences: readonly Difference[],
): Judgement {
  const knowing = differences.filter((d) => d.recorded && KNOWING.has(d.recorded.by));
  const judgement: Judgement = { verdicts: [], judged: [], byPrism: [], unrouted: [] };
  for (const exchange of exchanges) {
    if (exchange.byPrism) {
      judgement.byPrism.push(exchange);
      continue;
    }
    if (exchange.violations.some((v) => v.message === UNROUTED)) {
      judgement.unrouted.push(exchange);
      continue;
    }
    const op = operationOf(api, exchange);
    judgement.judged.push({ exchange, ...(op ? { operation: op.id } : {}) });
    // Past 8 KB Prism cuts the header: what it held is unknown, so it explains nothing.
    const unread: PrismViolation[] = exchange.unreadable
      ? [{ location: ['response'], severity: 'Error', code: 'unreadable', message: exchange.unreadable }]
      : [];
    for (const violation of [...exchange.violations, ...unread]) {
      const side = violation.location[0] === 'request' ? 'request' : 'response';
      const verdict: Verdict = { exchange, violation, side, ...(op ? { operation: op.id } : {}) };
      const fits = op ? candidates(verdict, op) : [];
      const hit = knowing.find((d) => fits.some((matches) => matches(d)));
      const explainedBy = hit
        ? { id: hit.id, reason: `${hit.recorded?.by}: ${hit.recorded?.reason}` }
        : authRejectionExplains(api, verdict);
      judgement.verdicts.push({ ...verdict, ...(explainedBy ? { explainedBy } : {}) });
    }
  }
  return judgement;
}

/** One line per verdict, for a failure message. */
export function describe(v: Verdict): string {
  const where = v.violation.location.join('.');
  const { method, url, status } = v.exchange;
  return `${v.operation ?? '?'} ${method} ${url.split('?')[0]} → ${status}: ${where} [${v.violation.code}] ${v.violation.message}`;
}
