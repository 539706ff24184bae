import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  DEFAULT_SCHEMAS_DIR,
  enumTierOf,
  loadCatalogue,
  type Operation,
  type PaginationSpec,
  responseFor,
} from '../../src/catalogue/index.ts';
import { unknownIdCandidates } from '../../src/checks/input/unknown-id.ts';
import { documentedBody } from '../../src/checks/judge.ts';
import { afterIdProblem } from '../../src/checks/pagination/cursor-terminates.ts';
import { FULL_PAGES, pagerFor, SLIM_BODY_CHARS, walkPages } from '../../src/checks/paging.ts';
import type { Probe, ProbeInput, ProbeSender } from '../../src/checks/probe.ts';
import { statusDocumented } from '../../src/checks/response/status-documented.ts';
import type { Exchange } from '../../src/core/index.ts';

/**
 * The generic engine features the declared APIs need, on a small folder (test/fixtures/generic-apis/
 * widget-batches): after-id paging, missing-cursor, an open enum (x-open-enum), status ranges 4XX/5XX.
 */
type ExchangeJudge = (probe: Probe, a: typeof api, op: Operation) => { status: string } | undefined;

const FIXTURES = join(import.meta.dirname, '../fixtures/generic-apis');
const catalogue = loadCatalogue([DEFAULT_SCHEMAS_DIR, FIXTURES]);
const api = catalogue.api('widget-batches');
const list = api.operation('listBatches');
const get = api.operation('getBatch');

function exchange(op: Operation, status: number, json: unknown, url = 'http://127.0.0.1/'): Exchange {
  const body = JSON.stringify(json);
  return {
    id: 'x',
    api: api.id,
    operation: op.id,
    request: { method: op.method, url, headers: {} },
    response: { status, headers: { 'content-type': 'application/json' }, body, size: body.length },
    json,
    startedAt: '2026-11-29T10:00:00.000Z',
    durationMs: 1,
    attempts: 1,
  };
}

/** A sender that answers list pages from an in-memory list, the way a page function says. */
function sender(op: Operation, page: (input: ProbeInput) => unknown): ProbeSender & { inputs: ProbeInput[] } {
  const inputs: ProbeInput[] = [];
  return {
    inputs,
    async send(_op, _purpose, input = {}) {
      inputs.push(input);
      return { ...exchange(op, 200, page(input)), ...(input.label ? { label: input.label } : {}) };
    },
  };
}

const ids = Array.from({ length: 7 }, (_, i) => `wb_${i + 1}`);

/** after-id: the items after the given id, `limit` of them, with has_more. */
function afterIdPage(input: ProbeInput, hasMore: (more: boolean) => unknown = (more) => more): unknown {
  const limit = Number(input.query?.limit);
  const after = input.query?.after;
  const start = after === undefined ? 0 : ids.indexOf(String(after)) + 1;
  const data = ids.slice(start, start + limit).map((id) => ({ id, status: 'done' }));
  return { data, has_more: hasMore(start + limit < ids.length) };
}

describe('after-id paging', () => {
  test('the next cursor is the last item id at itemId; the walk ends when has_more is false', async () => {
    const ctx = sender(list, (input) => afterIdPage(input));
    const walk = await walkPages(ctx, list, 3, {}, 10);
    expect(walk.stoppedBy).toBe('end');
    expect(walk.ids).toEqual(ids);
    expect(walk.cursors).toEqual(['wb_3', 'wb_6']);
    expect(ctx.inputs.map((i) => i.query)).toEqual([
      { limit: 3 },
      { limit: 3, after: 'wb_3' },
      { limit: 3, after: 'wb_6' },
    ]);
    expect(walk.pages.map((p) => p.hasMore)).toEqual([true, true, false]);
    expect(afterIdProblem(walk, '/has_more')).toBeUndefined();
  });

  test('beyond the first pages a walk keeps a slim copy: the body start, no parsed body or request headers', async () => {
    const many = Array.from({ length: 40 }, (_, i) => `wb_${i + 1}_${'x'.repeat(40)}`);
    const ctx = sender(list, (input) => {
      const after = input.query?.after;
      const start = after === undefined ? 0 : many.indexOf(String(after)) + 1;
      const data = many.slice(start, start + 5).map((id) => ({ id, status: 'done' }));
      return { data, has_more: start + 5 < many.length };
    });
    const walk = await walkPages(ctx, list, 5, {}, 100);
    expect(walk.ids).toEqual(many);
    const full = walk.pages.slice(0, FULL_PAGES).map((p) => p.exchange);
    const slim = walk.pages.slice(FULL_PAGES).map((p) => p.exchange);
    expect(full.every((x) => x.json !== undefined && !x.response?.truncated)).toBe(true);
    expect(slim.length).toBeGreaterThan(0);
    // Made once when asked for: evidence that names a page twice names one exchange.
    expect(walk.pages[FULL_PAGES]?.exchange).toBe(walk.pages[FULL_PAGES]?.exchange);
    expect(slim.map((x) => x.label)).toEqual(
      walk.pages.slice(FULL_PAGES).map((_, i) => `page ${FULL_PAGES + i + 1}`),
    );
    for (const x of slim) {
      expect(x.startedAt).toBe('2026-11-29T10:00:00.000Z');
      expect(x.json).toBeUndefined();
      expect(x.response?.body.length).toBe(SLIM_BODY_CHARS);
      expect(x.response?.truncated).toBe(true);
      expect(x.response?.headers).toEqual({ 'content-type': 'application/json' });
    }
  });

  test('itemId other than /id names where an item holds the cursor', () => {
    const spec: PaginationSpec = {
      ...list.pagination!,
      response: { ...list.pagination!.response, itemId: '/ref/key' },
    };
    const pager = pagerFor({ ...list, pagination: spec })!;
    const page = exchange(list, 200, {
      data: [{ ref: { key: 'k1' } }, { ref: { key: 'k2' } }],
      has_more: true,
    });
    expect(pager.next(page, pager.first(), 2)?.cursor).toBe('k2');
  });

  test('has_more that is not a boolean fails; true on an empty last page warns', async () => {
    const missing = await walkPages(
      sender(list, (input) => afterIdPage(input, () => undefined)),
      list,
      3,
      {},
      10,
    );
    expect(afterIdProblem(missing, '/has_more')?.status).toBe('fail');
    const emptyButMore = await walkPages(
      sender(list, () => ({ data: [], has_more: true })),
      list,
      3,
      {},
      10,
    );
    expect(emptyButMore.stoppedBy).toBe('end');
    expect(afterIdProblem(emptyButMore, '/has_more')?.status).toBe('warn');
  });

  test('an after cursor that comes back is a repeat', async () => {
    const walk = await walkPages(
      sender(list, () => ({ data: [{ id: 'wb_1', status: 'done' }], has_more: true })),
      list,
      1,
      {},
      10,
    );
    expect(walk.stoppedBy).toBe('cursor-repeat');
  });

  test('a repeated cursor and the page limit send no request past them', async () => {
    const repeating = sender(list, () => ({ data: [{ id: 'wb_1', status: 'done' }], has_more: true }));
    await walkPages(repeating, list, 1, {}, 10);
    // The first page, then the page after wb_1 (which names wb_1 again): nothing more.
    expect(repeating.inputs).toHaveLength(2);
    for (const limit of [0, 1, 2]) {
      const limited = sender(list, (input) => afterIdPage(input));
      const walk = await walkPages(limited, list, 1, {}, limit);
      expect(walk.stoppedBy).toBe('page-limit');
      expect(limited.inputs).toHaveLength(limit);
      expect(walk.pages).toHaveLength(limit);
      expect(walk.ids).toEqual(ids.slice(0, limit));
    }
  });
});

describe("lastPage 'missing-cursor'", () => {
  const cursorSpec: PaginationSpec = {
    style: 'cursor',
    request: { size: { in: 'query', name: 'limit' }, cursor: { in: 'query', name: 'token' } },
    response: { items: '/data', nextCursor: '/next' },
    lastPage: 'missing-cursor',
  };
  const op: Operation = { ...list, pagination: cursorSpec };

  test('an empty string is a cursor; only an absent one ends the walk', () => {
    const pager = pagerFor(op)!;
    expect(pager.next(exchange(op, 200, { data: [{ id: 'a' }], next: '' }), pager.first(), 1)?.cursor).toBe(
      '',
    );
    expect(pager.next(exchange(op, 200, { data: [{ id: 'a' }] }), pager.first(), 1)).toBeUndefined();
  });

  test('elsewhere an empty cursor ends the walk as before', () => {
    const pager = pagerFor({ ...op, pagination: { ...cursorSpec, lastPage: 'missing-or-empty-cursor' } })!;
    expect(
      pager.next(exchange(op, 200, { data: [{ id: 'a' }], next: '' }), pager.first(), 1),
    ).toBeUndefined();
  });
});

describe('open enums (x-open-enum)', () => {
  test('the tier records the known values and that the set is open', () => {
    const tier = enumTierOf('S', 'x', {
      type: 'string',
      anyOf: [
        { enum: ['a', 'b'] },
        { const: 'old', deprecated: true },
        { type: 'string', 'x-open-enum': true },
      ],
    });
    expect(tier).toEqual({ name: 'S', schemaRef: 'x', current: ['a', 'b'], deprecated: ['old'], open: true });
    expect(enumTierOf('S', 'x', { anyOf: [{ enum: ['a'] }] })?.open).toBeUndefined();
  });

  test("the catalogue's enum sites of a declared body carry the open tier", () => {
    const body = get.responses.get('200')!.body!;
    const status = catalogue.enumSites(body.ref).find((s) => s.path.join('/') === 'status');
    expect(status).toMatchObject({ current: ['pending', 'running', 'done', 'cancelled'], open: true });
    expect(body.validate({ id: 'wb_1', status: 'archived' })).toBe(true);
  });
});

describe('status ranges (4XX, 5XX)', () => {
  test('lookup is exact, then the range, then default', () => {
    expect(responseFor(get, 404)?.status).toBe('404');
    expect(responseFor(get, 409)?.status).toBe('4XX');
    expect(responseFor(get, 503)).toBeUndefined();
    expect(responseFor(list, 503)?.status).toBe('5XX');
    expect(responseFor(list, 200)?.status).toBe('200');
    expect(responseFor(list, 302)).toBeUndefined();
  });

  test('status.documented accepts a status a range documents, and fails one no range covers', () => {
    // A response check's definition keeps its per-exchange judge.
    const { judge: judgeOne } = statusDocumented as unknown as { judge: ExchangeJudge };
    const judge = (op: Operation, status: number) =>
      judgeOne({ op, purpose: 'baseline', exchange: exchange(op, status, { message: 'm' }) }, api, op)
        ?.status;
    expect(judge(get, 409)).toBe('pass');
    expect(judge(list, 502)).toBe('pass');
    expect(judge(get, 502)).toBe('fail');
    expect(documentedBody(api, get, 429, 'baseline').body?.ref).toMatch(/#\/\$defs\/Error$/);
  });
});

describe('input.unknown-id probe ids fit the id parameter', () => {
  test("from the pattern's literal prefix, or an example's start", () => {
    const fits = (schema: Record<string, unknown>, re: RegExp) =>
      unknownIdCandidates(schema).find((id) => re.test(id));
    expect(fits({ pattern: '^vsfb_' }, /^vsfb_/)).toBe('vsfb_zzunknown4041');
    expect(fits({ pattern: '^job_[a-z0-9]{8}$' }, /^job_[a-z0-9]{8}$/)).toBe('job_zzzz4041');
    expect(fits({ examples: ['wb_123456789'] }, /^wb_\d{9}$/)).toBe('wb_199994041');
    expect(unknownIdCandidates({})[0]).toBe('zz-unknown-4041');
  });
});
