import { describe, expect, test } from 'vitest';
import { getCatalogue } from '../../src/catalogue/index.ts';
import { filterMatches } from '../../src/checks/consistency/filter-matches.ts';
import { filterProbes, unimplementedSyntaxes } from '../../src/checks/consistency/filters.ts';
import { ProbeContext, type ProbeOptions, type Send } from '../../src/checks/index.ts';
import type { Exchange, Target } from '../../src/core/index.ts';
import { queryLanguages } from '../../src/providers/index.ts';

/** Query languages (x-filters syntax) come from provider code through the probe options. */
const catalogue = getCatalogue();
const apiWithLanguage = [...catalogue.apis.values()].find((a) =>
  a.operations.some((o) => o.pagination && o.filters.some((f) => f.syntax !== undefined)),
)!;
const op = apiWithLanguage.operations.find((o) => o.pagination && o.filters.some((f) => f.syntax))!;
const syntax = op.filters.find((f) => f.syntax)!.syntax!;

const witness = { id: 'job-1', status: 'queued', type: 'generic' };

function page(json: unknown): Exchange {
  const body = JSON.stringify(json);
  return {
    id: 'x',
    api: apiWithLanguage.id,
    operation: op.id,
    request: { method: op.method, url: 'http://127.0.0.1/', headers: {} },
    response: { status: 200, headers: { 'content-type': 'application/json' }, body, size: body.length },
    json,
    startedAt: '2026-11-29T10:00:00.000Z',
    durationMs: 1,
    attempts: 1,
  };
}

describe('query languages', () => {
  test('providers/index.ts implements every syntax the catalogue declares', () => {
    const declared = [...catalogue.apis.values()].flatMap((a) =>
      a.operations.flatMap((o) => o.filters.flatMap((f) => (f.syntax ? [f.syntax] : []))),
    );
    for (const name of declared) expect(Object.keys(queryLanguages)).toContain(name);
  });

  test("a provider's language builds the probe; without it the filter is not probed and is named", () => {
    const language = queryLanguages[syntax]!;
    const [probe] = filterProbes(op, witness, witness.id, queryLanguages);
    const expected = language.matchQuery(
      language.fields
        .filter((f) => f in witness)
        .map((f) => ({ field: f, value: String(witness[f as 'status']) })),
    );
    expect(probe?.label).toContain(expected);
    expect(probe?.matches(witness)).toBe(true);
    expect(probe?.matches({ ...witness, status: 'other' })).toBe(false);
    expect(unimplementedSyntaxes(op, queryLanguages)).toEqual([]);
    expect(filterProbes(op, witness, witness.id, {})).toEqual([]);
    expect(unimplementedSyntaxes(op, {})).toEqual([syntax]);
  });

  test('filter.matches skips a filter whose syntax no provider implements, naming the syntax', async () => {
    const items = op.pagination!.response.items === '' ? [witness] : undefined;
    const json = items ?? { [op.pagination!.response.items.slice(1)]: [witness] };
    const send: Send = async () => page(json);
    const options: ProbeOptions = {
      live: false,
      allowWrites: false,
      pageLimit: 3,
      pollTimeoutMs: 100,
      queryLanguages: {},
    };
    const ctx = new ProbeContext(catalogue, apiWithLanguage, {} as Target, send, options);
    const outcome = await filterMatches.run(ctx, op);
    expect(outcome.status).toBe('skip');
    expect(outcome.message).toContain(`'${syntax}'`);
  });
});
