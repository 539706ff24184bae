import { type Api, getCatalogue, type Operation, valuesAtSite } from '../../catalogue/index.ts';
import type { Exchange } from '../../core/index.ts';
import { documentedBody, requestLine, sourceOf } from '../judge.ts';
import { DOCS } from '../open-points.ts';
import type { Probe } from '../probe.ts';
import { perExchangeCheck } from './per-exchange.ts';

export interface EnumValueSeen {
  enum: string;
  value: string;
  tier: 'current' | 'deprecated' | 'unknown';
}

/** A value seen, where it was, and whether its enum is open (x-open-enum: an unknown value only warns). */
type Finding = EnumValueSeen & { pointer: string; open: boolean };

/** Findings per exchange, computed once for the verdict and the values collected. */
const findingsCache = new WeakMap<Exchange, Finding[] | undefined>();

function enumFindings(probe: Probe, api: Api, op: Operation): Finding[] | undefined {
  const exchange = probe.exchange;
  if (findingsCache.has(exchange)) return findingsCache.get(exchange);
  const doc = exchange.response
    ? documentedBody(api, op, exchange.response.status, probe.purpose)
    : undefined;
  let seen: Finding[] | undefined;
  if (doc?.body && exchange.json !== undefined) {
    seen = [];
    for (const site of getCatalogue().enumSites(doc.body.ref)) {
      for (const { pointer, value } of valuesAtSite(exchange.json, site.path)) {
        if (typeof value !== 'string') continue;
        const tier = site.current.includes(value)
          ? 'current'
          : site.deprecated.includes(value)
            ? 'deprecated'
            : 'unknown';
        seen.push({ enum: site.name, value, tier, pointer, open: site.open === true });
      }
    }
  }
  findingsCache.set(exchange, seen);
  return seen;
}

export const enumKnown = perExchangeCheck({
  id: 'enum.known',
  description:
    'Every enum value is a documented one; a value the newer docs removed is a warning, an unknown one a failure (a warning where the set is open, x-open-enum).',
  source: (api, op) =>
    sourceOf(api, op, 'enum / anyOf(deprecated) in the response schemas', [
      `The documented enum lists are complete: a value outside them is drift and fails (${DOCS.readme}; suite's choice, which is what the suite is for).`,
      `A value the newer documents removed is still sent by some accounts, so it is a warning (${DOCS.readme}: a deprecated anyOf branch with its x-provenance).`,
      `An enum with a catch-all branch marked x-open-enum is an open set: a value outside its known ones is a warning, not a failure (schemas/${api.id}/, x-open-enum).`,
    ]),
  appliesTo: (op) => [...op.responses.values()].some((r) => r.body),
  faults: ['body.enum-unknown', 'body.enum-deprecated'],
  passMessage: 'every enum value is documented',
  judge(probe, api, op) {
    const seen = enumFindings(probe, api, op);
    if (!seen) return undefined;
    const unknown = seen.find((s) => s.tier === 'unknown' && !s.open);
    if (unknown) {
      return {
        status: 'fail',
        message: `${requestLine(probe.exchange)}: ${unknown.pointer} = '${unknown.value}' is not a ${unknown.enum} value`,
      };
    }
    const outside = seen.find((s) => s.tier === 'unknown');
    if (outside) {
      return {
        status: 'warn',
        message: `${requestLine(probe.exchange)}: ${outside.pointer} = '${outside.value}' is not a known ${outside.enum} value (the set is open: x-open-enum)`,
      };
    }
    const deprecated = seen.find((s) => s.tier === 'deprecated');
    if (deprecated) {
      return {
        status: 'warn',
        message: `${requestLine(probe.exchange)}: ${deprecated.pointer} = '${deprecated.value}' is a deprecated ${deprecated.enum} value`,
      };
    }
    return { status: 'pass', message: '' };
  },
  collectAs: 'enumValues',
  *collect(probe, api, op) {
    for (const s of enumFindings(probe, api, op) ?? []) {
      yield [`${s.enum}:${s.value}`, { enum: s.enum, value: s.value, tier: s.tier }];
    }
  },
});
