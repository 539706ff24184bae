import { type Api, type EnumSite, getCatalogue, type Operation } from '../../catalogue/index.ts';
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

/**
 * What one exchange holds: the values outside the current sets (with their pointers, for the
 * verdict) and every distinct value seen (for the values collected). A page of fifty jobs holds a
 * few hundred enum values, nearly all current: they cost a Set lookup each, no object, no pointer.
 */
interface ExchangeEnums {
  notCurrent: Finding[];
  distinct: Map<string, EnumValueSeen>;
}

/**
 * Computed once per exchange for the verdict and the values collected: the check's listener asks
 * for both of one exchange, one after the other, so the last exchange's findings are all it keeps.
 */
let lastFindings: { exchange: Exchange; found: ExchangeEnums | undefined } | undefined;

/** An enum site's values as Sets (the site lists are arrays; every value of every page is looked up). */
const siteSets = new WeakMap<EnumSite, { current: Set<string>; deprecated: Set<string> }>();

function setsOf(site: EnumSite): { current: Set<string>; deprecated: Set<string> } {
  let sets = siteSets.get(site);
  if (!sets) {
    sets = { current: new Set(site.current), deprecated: new Set(site.deprecated) };
    siteSets.set(site, sets);
  }
  return sets;
}

/**
 * Calls fn with every value at a site's path (a '*' fans out over an array), the keys that lead to
 * it in `trail`: a pointer is built from them only for a value that is not current (nearly none).
 */
function eachValueAt(
  node: unknown,
  path: readonly string[],
  trail: (string | number)[],
  fn: (value: unknown) => void,
): void {
  if (node === undefined) return;
  const depth = trail.length;
  if (depth === path.length) {
    fn(node);
    return;
  }
  const segment = path[depth]!;
  if (segment === '*') {
    if (!Array.isArray(node)) return;
    for (let i = 0; i < node.length; i++) {
      trail.push(i);
      eachValueAt(node[i], path, trail, fn);
      trail.pop();
    }
  } else if (node !== null && typeof node === 'object' && segment in node) {
    trail.push(segment);
    eachValueAt((node as Record<string, unknown>)[segment], path, trail, fn);
    trail.pop();
  }
}

function enumFindings(probe: Probe, api: Api, op: Operation): ExchangeEnums | undefined {
  const exchange = probe.exchange;
  if (lastFindings?.exchange === exchange) return lastFindings.found;
  const doc = exchange.response
    ? documentedBody(api, op, exchange.response.status, probe.purpose)
    : undefined;
  let seen: ExchangeEnums | undefined;
  if (doc?.body && exchange.json !== undefined) {
    const found: ExchangeEnums = { notCurrent: [], distinct: new Map() };
    for (const site of getCatalogue().enumSites(doc.body.ref)) {
      const sets = setsOf(site);
      const trail: (string | number)[] = [];
      const pointer = () => trail.map((key) => `/${key}`).join('');
      const siteValues = new Set<string>();
      eachValueAt(exchange.json, site.path, trail, (value) => {
        if (typeof value !== 'string') return;
        const tier = sets.current.has(value)
          ? 'current'
          : sets.deprecated.has(value)
            ? 'deprecated'
            : 'unknown';
        if (!siteValues.has(value)) {
          siteValues.add(value);
          const key = `${site.name}:${value}`;
          if (!found.distinct.has(key)) found.distinct.set(key, { enum: site.name, value, tier });
        }
        if (tier !== 'current')
          found.notCurrent.push({
            enum: site.name,
            value,
            tier,
            pointer: pointer(),
            open: site.open === true,
          });
      });
    }
    seen = found;
  }
  lastFindings = { exchange, found: seen };
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
    const found = enumFindings(probe, api, op);
    if (!found) return undefined;
    const seen = found.notCurrent;
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
    const found = enumFindings(probe, api, op);
    if (found) yield* found.distinct;
  },
});
