import { MatchersV3 } from '@pact-foundation/pact';
import { describe, expect, it } from 'vitest';
import { getCatalogue } from '../catalogue/index.ts';
import { exampleFor, matcherFor } from './matchers.ts';

const catalogue = getCatalogue();
const refOf = (api: string, op: string, status: string) => {
  const body = catalogue.operation(api, op).responses.get(status)?.body;
  if (!body) throw new Error(`${api} ${op} ${status} has no body`);
  return body.ref;
};

type Rule = { 'pact:matcher:type'?: string; regex?: string; format?: string; value?: unknown; min?: number };
const at = (tree: unknown, ...path: (string | number)[]): Rule => {
  let node: unknown = tree;
  for (const key of path) {
    const rule = node as Rule & Record<string | number, unknown>;
    // Descend through a matcher into its value (eachLike holds the template as value[0]).
    node =
      rule['pact:matcher:type'] !== undefined && key !== 'value' ? (rule.value as never)[key] : rule[key];
  }
  return node as Rule;
};

describe('matchers derived from the schemas', () => {
  it('gives every documented response body an example that validates against its schema', () => {
    let checked = 0;
    for (const api of catalogue.apis.values()) {
      for (const op of api.operations) {
        for (const spec of op.responses.values()) {
          if (!spec.body) continue;
          for (const fields of ['promised', 'documented'] as const) {
            const example = exampleFor(spec.body.ref, { fields });
            expect(spec.body.validate(example), `${op.key} ${spec.status} ${fields}`).toBe(true);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('turns an enum into a regex of its current tier only (Emporix agentType without the removed "support")', () => {
    const tree = matcherFor(refOf('emporix-ai-service', 'getJob', '200'), { fields: 'documented' });
    const rule = at(tree, 'agentType');
    expect(rule['pact:matcher:type']).toBe('regex');
    const tier = catalogue.api('emporix-ai-service').enums.AgentType!;
    const regex = new RegExp(rule.regex!);
    for (const value of tier.current) expect(regex.test(value), value).toBe(true);
    for (const value of tier.deprecated) expect(regex.test(value), value).toBe(false);
    expect(tier.deprecated).toContain('support');
  });

  it('uses a datetime matcher where the schema says format date-time, and regex for patterns', () => {
    const tree = matcherFor(refOf('vectara-v2', 'getJob', '200'), { fields: 'documented' });
    const created = at(tree, 'created_at');
    expect(created['pact:matcher:type']).toBe('timestamp');
    expect(created.format).toContain("yyyy-MM-dd'T'HH:mm:ss");
    const id = at(tree, 'id');
    expect(id['pact:matcher:type']).toBe('regex');
    expect(id.regex).toBe(
      catalogue.schema(`${refOf('vectara-v2', 'getJob', '200').split('#')[0]}#/$defs/JobId`).schema.pattern,
    );
  });

  it('uses integer for integer fields, number for number fields, eachLike for arrays, type matchers for plain strings', () => {
    const tree = matcherFor(refOf('cloudflare-ai-search', 'listJobLogs', '200'));
    const result = at(tree, 'result');
    expect(result['pact:matcher:type']).toBe('type');
    expect(result.min).toBe(1);
    const log = (result.value as unknown[])[0] as Record<string, Rule>;
    expect(log.id?.['pact:matcher:type']).toBe('integer');
    expect(log.created_at?.['pact:matcher:type']).toBe('number');
    expect(log.message?.['pact:matcher:type']).toBe('type');
    expect(at(tree, 'result_info', 'total_count')['pact:matcher:type']).toBe('integer');
    expect(at(tree, 'success')).toEqual({ 'pact:matcher:type': 'type', value: true });
  });

  it('keeps optional fields out unless the example promises them, and keeps a given empty list empty', () => {
    const ref = refOf('cloudflare-ai-search', 'listJobs', '200');
    const required = exampleFor(ref) as { result: Record<string, unknown>[] };
    expect(Object.keys(required.result[0]!).sort()).toEqual(['id', 'source']);
    const promised = exampleFor(ref, {
      example: { result: [{ id: 'j1', ended_at: 'x' }] },
    }) as typeof required;
    expect(Object.keys(promised.result[0]!).sort()).toEqual(['ended_at', 'id', 'source']);
    expect(promised.result[0]!.id).toBe('j1');
    const empty = exampleFor(ref, { example: { result: [] } }) as typeof required;
    expect(empty.result).toEqual([]);
    expect(catalogue.schema(ref).validate(empty)).toBe(true);
  });

  it('replaces a caller example the schema forbids by a documented value (enum outside the current tier)', () => {
    const ref = refOf('emporix-ai-service', 'getJob', '200');
    const body = exampleFor(ref, { example: { agentType: 'support' } }) as { agentType: string };
    expect(catalogue.api('emporix-ai-service').enums.AgentType!.current).toContain(body.agentType);
  });

  it('reifies to the same value pact stores as the example', () => {
    const tree = matcherFor(refOf('vectara-v1', 'listJobs', '200'), { fields: 'documented' });
    expect(MatchersV3.reify(tree as never)).toEqual(
      exampleFor(refOf('vectara-v1', 'listJobs', '200'), { fields: 'documented' }),
    );
  });
});

describe('matchers on schema shapes the provider schemas do not use yet', () => {
  // A stand-in catalogue: only schema(ref) is needed by the walk.
  const nodes: Record<string, Record<string, unknown>> = {
    'https://x.test/s.json#/$defs/List': {
      type: 'object',
      required: ['items', 'kind', 'note'],
      properties: {
        items: { type: 'array', minItems: 1, items: { $ref: '#/$defs/Item' } },
        kind: { const: 'list' },
        note: { type: ['string', 'null'] },
      },
    },
    'https://x.test/s.json#/$defs/Item': {
      type: 'object',
      required: ['code'],
      properties: { code: { type: 'string', pattern: '^[A-Z]{3}$' } },
    },
    'https://x.test/s.json#/$defs/Unexampled': { type: 'string', pattern: '^[a-f]{8}$' },
  };
  const fake = { schema: (ref: string) => ({ ref, schema: nodes[ref]!, validate: () => true }) } as never;

  it('uses atLeastOneLike for an array with minItems, equal for const, and the example to pick a union type', () => {
    const tree = matcherFor('https://x.test/s.json#/$defs/List', {
      catalogue: fake,
      example: { items: [{ code: 'ABC' }, { code: 'DEF' }], note: null },
    }) as Record<string, Rule>;
    expect(tree.items).toMatchObject({ 'pact:matcher:type': 'type', min: 1 });
    expect(MatchersV3.reify(tree as never)).toEqual({
      items: [{ code: 'ABC' }, { code: 'ABC' }],
      kind: 'list',
      note: null,
    });
    expect(tree.kind).toEqual({ 'pact:matcher:type': 'equality', value: 'list' });
  });

  it('refuses a pattern it has no fitting example for, naming the schema and the pattern', () => {
    expect(() => matcherFor('https://x.test/s.json#/$defs/Unexampled', { catalogue: fake })).toThrow(
      /s\.json#\/\$defs\/Unexampled.*no documented example matches pattern \^\[a-f\]\{8\}\$/,
    );
    expect(() =>
      matcherFor('https://x.test/s.json#/$defs/Unexampled', { catalogue: fake, example: 'abcdefab' }),
    ).not.toThrow();
  });
});
