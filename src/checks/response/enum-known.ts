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

type Finding = EnumValueSeen & { pointer: string };

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
        seen.push({ enum: site.name, value, tier, pointer });
      }
    }
  }
  findingsCache.set(exchange, seen);
  return seen;
}

export const enumKnown = perExchangeCheck({
  id: 'enum.known',
  description:
    'Every enum value is a documented one; a value the newer docs removed is a warning, an unknown one a failure.',
  source: (api, op) =>
    sourceOf(api, op, 'enum / anyOf(deprecated) in the response schemas', [
      `The documented enum lists are complete: a value outside them is drift and fails (${DOCS.readme}; suite's choice, which is what the suite is for).`,
      `A value the newer documents removed is still sent by some accounts, so it is a warning (${DOCS.readme}: Emporix agentType support).`,
    ]),
  appliesTo: (op) => [...op.responses.values()].some((r) => r.body),
  faults: ['body.enum-unknown', 'body.enum-deprecated'],
  passMessage: 'every enum value is documented',
  judge(probe, api, op) {
    const seen = enumFindings(probe, api, op);
    if (!seen) return undefined;
    const unknown = seen.find((s) => s.tier === 'unknown');
    if (unknown) {
      return {
        status: 'fail',
        message: `${requestLine(probe.exchange)}: ${unknown.pointer} = '${unknown.value}' is not a ${unknown.enum} value`,
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
