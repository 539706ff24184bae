import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCatalogue, type Operation } from '../../src/catalogue/index.ts';
import { parseQuery } from '../../src/providers/emporix/index.ts';
import type { SimulatorSet } from '../../src/simulators/index.ts';
import { TEST_NOW } from '../support/clock.ts';
import {
  type Clock,
  clientForm,
  fetchToken,
  jobs,
  type Reply,
  requestToken,
  startEmporix,
} from '../support/emporix.ts';

/** The Emporix AI Service jobs, served by the generic simulator (with the q language plugged in). */
type EmporixJob = Record<string, unknown> & {
  id: string;
  status: string;
  type: string;
  agentType: string;
  metadata?: { version: number; createdAt: string; modifiedAt: string };
};
/** How long an issued token lives (the generic token endpoint's expires_in). */
const TOKEN_LIFETIME_SECONDS = 3600;
/** The page size where pageSize is absent: the generic simulator's, as the provider documents none. */
const DEFAULT_PAGE_SIZE = 20;

const catalogue = getCatalogue();
const api = catalogue.api('emporix-ai-service');
const ops = {
  list: api.operation('listJobs'),
  search: api.operation('searchJobs'),
  get: api.operation('getJob'),
  delete: api.operation('deleteJob'),
};
const jobSchema = catalogue.schema(`${api.enums.JobStatus?.schemaRef.split('#')[0]}#/$defs/Job`);
const scopesOfOp = (op: Operation) => op.security.flatMap((alt) => Object.values(alt.schemes).flat());

function expectDocumented(reply: Reply, op: Operation): void {
  const spec = op.responses.get(String(reply.status));
  expect(spec, `${op.id} documents ${reply.status}`).toBeDefined();
  if (spec?.body)
    expect(spec.body.validate(reply.json), JSON.stringify(spec.body.validate.errors)).toBe(true);
  else expect(reply.text).toBe('');
}

const clock: Clock = { now: TEST_NOW };
let set: SimulatorSet;
let manage: string;
let read: string;
let all: EmporixJob[];
beforeAll(async () => {
  set = await startEmporix({ seed: 11 }, clock);
  manage = await fetchToken(set, 'manage');
  read = await fetchToken(set, 'read');
  all = (await jobs(set, { token: read, query: 'pageSize=100000' })).json as EmporixJob[];
});
afterAll(async () => {
  await set.close();
});

describe('emporix oauth token endpoint', () => {
  it('issues bearer tokens with the scopes each configured client has', async () => {
    const full = await requestToken(set, clientForm(set, 'manage'));
    expect(full.status).toBe(200);
    expect(full.json).toMatchObject({ token_type: 'Bearer', expires_in: TOKEN_LIFETIME_SECONDS });
    const granted = (full.json as { scope: string }).scope.split(' ');
    expect(granted.sort()).toEqual([...new Set([...scopesOfOp(ops.list), ...scopesOfOp(ops.delete)])].sort());
    const readOnly = await requestToken(set, clientForm(set, 'read'));
    expect((readOnly.json as { scope: string }).scope.split(' ')).toEqual(scopesOfOp(ops.list));
  });

  it('accepts HTTP Basic client authentication and a narrower scope', async () => {
    const { client_id, client_secret } = clientForm(set, 'manage');
    const basic = Buffer.from(`${client_id}:${client_secret}`).toString('base64');
    const reply = await requestToken(
      set,
      { grant_type: 'client_credentials', scope: scopesOfOp(ops.list).join(' ') },
      { authorization: `Basic ${basic}` },
    );
    expect(reply.status).toBe(200);
    expect((reply.json as { scope: string }).scope).toBe(scopesOfOp(ops.list).join(' '));
  });

  it.each([
    ['a wrong secret', { client_secret: 'nope' }, 401, 'invalid_client'],
    ['an unknown client', { client_id: 'nobody' }, 401, 'invalid_client'],
    ['no grant_type', { grant_type: '' }, 400, 'invalid_request'],
    ['another grant type', { grant_type: 'password' }, 400, 'unsupported_grant_type'],
    ['an unknown scope', { scope: 'everything' }, 400, 'invalid_scope'],
  ])('rejects %s', async (_what, override, status, error) => {
    const reply = await requestToken(set, { ...clientForm(set, 'manage'), ...override });
    expect(reply.status).toBe(status);
    expect((reply.json as { error: string }).error).toBe(error);
  });

  it('refuses the read-only client a scope it lacks, and JSON bodies', async () => {
    const scope = scopesOfOp(ops.delete).join(' ');
    const refused = await requestToken(set, { ...clientForm(set, 'read'), scope });
    expect(refused.status).toBe(400);
    expect((refused.json as { error: string }).error).toBe('invalid_scope');
    const json = await fetch(set.target('emporix-ai-service').baseUrl.concat('/oauth/token'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(clientForm(set, 'manage')),
    });
    expect(json.status).toBe(400);
  });
});

describe('emporix auth on the jobs operations', () => {
  it('answers 401 with the fault body without a token, with an unknown one and with an expired one', async () => {
    for (const token of [undefined, 'not-a-token']) {
      const reply = await jobs(set, { token });
      expect(reply.status).toBe(401);
      expectDocumented(reply, ops.list);
      expect(reply.json).toMatchObject({ fault: { detail: { errorcode: 'oauth.v2.InvalidAccessToken' } } });
    }
    const soon = await fetchToken(set, 'read');
    clock.now += TOKEN_LIFETIME_SECONDS * 1000;
    try {
      const expired = await jobs(set, { token: soon });
      expect(expired.status).toBe(401);
      expectDocumented(expired, ops.list);
    } finally {
      clock.now = TEST_NOW;
    }
  });

  it('lets the read-only token read but not delete (403 ErrorMessage)', async () => {
    const id = all[0]?.id as string;
    expect((await jobs(set, { token: read })).status).toBe(200);
    expect((await jobs(set, { token: read, path: `/${id}` })).status).toBe(200);
    expect((await jobs(set, { token: read, method: 'POST', path: '/search', body: '{}' })).status).toBe(200);
    const denied = await jobs(set, { token: read, method: 'DELETE', path: `/${id}` });
    expect(denied.status).toBe(403);
    expectDocumented(denied, ops.delete);
    expect((denied.json as { message: string }).message).toContain(scopesOfOp(ops.delete)[0]);
    expect((await jobs(set, { token: read, path: `/${id}` })).status).toBe(200);
  });

  it('needs the read scope to read (403 for a manage-only token)', async () => {
    const manageOnly = await fetchToken(set, 'manage', { scope: scopesOfOp(ops.delete).join(' ') });
    for (const [call, op] of [
      [{}, ops.list],
      [{ method: 'POST', path: '/search', body: '{}' }, ops.search],
      [{ path: `/${all[0]?.id}` }, ops.get],
    ] as const) {
      const reply = await jobs(set, { ...call, token: manageOnly });
      expect(reply.status).toBe(403);
      expectDocumented(reply, op);
    }
  });

  it("answers 403 for another tenant's jobs", async () => {
    const reply = await jobs(set, { token: manage, tenant: 'othertenant' });
    expect(reply.status).toBe(403);
    expectDocumented(reply, ops.list);
    expect(reply.json).toMatchObject({ code: 403, status: 'Forbidden' });
  });
});

describe('emporix data', () => {
  it('seeds every current enum value, never the deprecated agentType, valid jobs', () => {
    expect(all).toHaveLength(300);
    const values = (pick: (j: EmporixJob) => string[]) => new Set(all.flatMap(pick));
    expect(values((j) => [j.status])).toEqual(new Set(api.enums.JobStatus?.current));
    expect(values((j) => [j.type])).toEqual(new Set(api.enums.JobType?.current));
    expect(values((j) => [j.agentType])).toEqual(new Set(api.enums.AgentType?.current));
    // The first jobs take each value in turn: a list as long as the enum shows every value.
    for (const [name, pick] of [
      ['JobType', (j: EmporixJob) => j.type],
      ['AgentType', (j: EmporixJob) => j.agentType],
    ] as const) {
      const current = api.enums[name]?.current ?? [];
      expect(new Set(all.slice(0, current.length).map(pick))).toEqual(new Set(current));
    }
    // Nested enums too: each listed value comes in turn first (the imported entities' states and codes).
    type Entity = { state?: string; details?: { code?: string }[] };
    const entities = all.flatMap((j) => {
      const summary = (j.importResult as { summary?: Record<string, Entity[]> } | undefined)?.summary ?? {};
      return Object.values(summary).flat();
    });
    expect(new Set(entities.map((e) => e.state))).toEqual(new Set(api.enums.ImportedEntityState?.current));
    expect(new Set(entities.flatMap((e) => e.details ?? []).map((d) => d.code))).toEqual(
      new Set(api.enums.ImportDetailCode?.current),
    );
    for (const deprecated of api.enums.AgentType?.deprecated ?? [])
      expect(values((j) => [j.agentType])).not.toContain(deprecated);
    for (const job of all)
      expect(jobSchema.validate(job), JSON.stringify(jobSchema.validate.errors)).toBe(true);
    expect(new Set(all.map((j) => j.id)).size).toBe(all.length);
  });

  it('is deterministic by seed', async () => {
    const again = await startEmporix({ seed: 11 });
    const other = await startEmporix({ seed: 12 });
    try {
      const page = async (s: SimulatorSet) =>
        (await jobs(s, { token: await fetchToken(s), query: 'pageSize=30' })).json;
      expect(await page(again)).toEqual(all.slice(0, 30));
      expect(await page(other)).not.toEqual(all.slice(0, 30));
    } finally {
      await again.close();
      await other.close();
    }
  });
});

describe('emporix paging', () => {
  it('pages from pageNumber 1 to the end: every job exactly once, then an empty page', async () => {
    const seen: string[] = [];
    let pageNumber = 1;
    for (;;) {
      const reply = await jobs(set, { token: read, query: `pageSize=7&pageNumber=${pageNumber}` });
      expect(reply.status).toBe(200);
      expectDocumented(reply, ops.list);
      const page = reply.json as EmporixJob[];
      if (page.length === 0) break;
      expect(page.length).toBeLessThanOrEqual(7);
      seen.push(...page.map((j) => j.id));
      pageNumber++;
    }
    expect(seen).toEqual(all.map((j) => j.id));
    expect(pageNumber - 1).toBe(Math.ceil(all.length / 7));
    const farPast = await jobs(set, { token: read, query: 'pageSize=7&pageNumber=9999' });
    expect(farPast.json).toEqual([]);
  });

  it(`serves ${DEFAULT_PAGE_SIZE} jobs from page 1 by default`, async () => {
    expect((await jobs(set, { token: read })).json).toEqual(all.slice(0, DEFAULT_PAGE_SIZE));
  });

  it('answers X-Total-Count only when the request header asks for it', async () => {
    const asked = await jobs(set, { token: read, query: 'pageSize=5', headers: { 'X-Total-Count': 'true' } });
    expect(asked.headers.get('x-total-count')).toBe(String(all.length));
    const filtered = await jobs(set, {
      token: read,
      query: `q=${encodeURIComponent('status:success')}&pageSize=5`,
      headers: { 'X-Total-Count': 'true' },
    });
    expect(filtered.headers.get('x-total-count')).toBe(
      String(all.filter((j) => j.status === 'success').length),
    );
    expect((await jobs(set, { token: read })).headers.get('x-total-count')).toBeNull();
    expect(
      (await jobs(set, { token: read, headers: { 'X-Total-Count': 'false' } })).headers.get('x-total-count'),
    ).toBeNull();
    const bad = await jobs(set, { token: read, headers: { 'X-Total-Count': 'maybe' } });
    expect(bad.status).toBe(400);
    expectDocumented(bad, ops.list);
  });

  it.each(['pageNumber=0', 'pageNumber=-1', 'pageNumber=one', 'pageSize=0', 'pageSize=2.5'])(
    'rejects %s with 400 ErrorMessage naming the parameter',
    async (query) => {
      for (const [call, op] of [
        [{}, ops.list],
        [{ method: 'POST', path: '/search', body: '{}' }, ops.search],
      ] as const) {
        const reply = await jobs(set, { ...call, token: read, query });
        expect(reply.status).toBe(400);
        expectDocumented(reply, op);
        const name = query.split('=')[0] as string;
        expect((reply.json as { message: string }).message).toContain(name);
        // ErrorMessage: code is the status; details[].field names the parameter (x-envelope fieldErrors).
        expect(reply.json).toMatchObject({ code: 400, status: 'Bad Request' });
        expect((reply.json as { details: { field: string }[] }).details.map((d) => d.field)).toEqual([name]);
      }
    },
  );
});

describe('emporix q, sort and fields', () => {
  // Queries over what the generic simulator seeds (every optional field is set; values drawn from the schema).
  const qCases = [
    'status:success',
    'type:IMPORT status:(success,failure)',
    'metadata.version:>=500',
    'metadata.version:(>=200 AND <=700) status:failure',
    'metadata.createdAt:>"<created-150>"',
    'sessionId:exists status:in_progress',
    'nosuchfield:missing type:EXPORT',
    'id:~^[0-7]',
    'importResult.summary.agents.state:FAILED',
  ];

  it.each(qCases)('list and search return only the jobs matching %s, in order', async (text) => {
    const q = text.replace('<created-150>', all[150]?.metadata?.createdAt ?? '');
    const query = parseQuery(q);
    const expected = all.filter((j) => query.matches(j)).map((j) => j.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);
    const listed = await jobs(set, { token: read, query: `q=${encodeURIComponent(q)}&pageSize=1000` });
    expect((listed.json as EmporixJob[]).map((j) => j.id)).toEqual(expected);
    const searched = await jobs(set, {
      token: read,
      method: 'POST',
      path: '/search',
      query: 'pageSize=1000',
      body: JSON.stringify({ q }),
    });
    expect(searched.status).toBe(200);
    expectDocumented(searched, ops.search);
    expect((searched.json as EmporixJob[]).map((j) => j.id)).toEqual(expected);
  });

  it('rejects an invalid q with 400 ErrorMessage on both endpoints', async () => {
    const list = await jobs(set, { token: read, query: `q=${encodeURIComponent('status:(a,b')}` });
    expect(list.status).toBe(400);
    expectDocumented(list, ops.list);
    expect((list.json as { message: string }).message).toContain('invalid q');
    const search = await jobs(set, { token: read, method: 'POST', path: '/search', body: '{"q": "status"}' });
    expect(search.status).toBe(400);
    expectDocumented(search, ops.search);
  });

  it('rejects a search body that is not JSON or breaks its schema', async () => {
    for (const body of ['{"q": ', '{"q": 5}', '{"query": "status:success"}', '[]']) {
      const reply = await jobs(set, { token: read, method: 'POST', path: '/search', body });
      expect(reply.status).toBe(400);
      expectDocumented(reply, ops.search);
    }
  });

  it('sorts by one or several fields, asc or desc, across pages', async () => {
    const sorted = async (sort: string) => {
      const first = (await jobs(set, { token: read, query: `sort=${sort}&pageSize=150&pageNumber=1` }))
        .json as EmporixJob[];
      const second = (await jobs(set, { token: read, query: `sort=${sort}&pageSize=150&pageNumber=2` }))
        .json as EmporixJob[];
      return [...first, ...second];
    };
    const byCreated = await sorted('metadata.createdAt:asc');
    const created = (j: EmporixJob) => j.metadata?.createdAt ?? '';
    expect(byCreated.map(created)).toEqual(all.map(created).sort());
    const mixed = await sorted('status:asc,metadata.version:desc');
    expect(mixed).toHaveLength(all.length);
    for (let i = 1; i < mixed.length; i++) {
      const a = mixed[i - 1] as EmporixJob;
      const b = mixed[i] as EmporixJob;
      expect(a.status <= b.status).toBe(true);
      if (a.status === b.status) expect(a.metadata?.version).toBeGreaterThanOrEqual(b.metadata?.version ?? 0);
    }
  });

  it('returns only the requested fields (x-field-selection), on list, search and get', async () => {
    const list = (await jobs(set, { token: read, query: 'fields=id,metadata.version&pageSize=3' })).json;
    expect(list).toEqual(
      all.slice(0, 3).map((j) => ({ id: j.id, metadata: { version: j.metadata?.version } })),
    );
    const found = await jobs(set, {
      token: read,
      method: 'POST',
      path: '/search',
      body: '{}',
      query: 'fields=status,type&pageSize=2',
    });
    expect(found.json).toEqual(all.slice(0, 2).map((j) => ({ status: j.status, type: j.type })));
    const one = (await jobs(set, { token: read, path: `/${all[4]?.id}`, query: 'fields=status' })).json;
    expect(one).toEqual({ status: all[4]?.status });
    expect((await jobs(set, { token: read, path: `/${all[4]?.id}`, query: 'fields=' })).json).toEqual(all[4]);
  });

  it.each(['status:sideways', 'status:asc;id', ',status'])('rejects sort=%s with 400', async (sort) => {
    const reply = await jobs(set, { token: read, query: `sort=${encodeURIComponent(sort)}` });
    expect(reply.status).toBe(400);
    expectDocumented(reply, ops.list);
  });
});

describe('emporix get and delete', () => {
  it('gets a job as listed; 404 ErrorMessage for an unknown id', async () => {
    const job = all[42] as EmporixJob;
    const reply = await jobs(set, { token: read, path: `/${job.id}` });
    expectDocumented(reply, ops.get);
    expect(reply.json).toEqual(job);
    const missing = await jobs(set, { token: read, path: '/nope' });
    expect(missing.status).toBe(404);
    expectDocumented(missing, ops.get);
    // As the documented example: the status as code, its reason phrase, the id not found, no details.
    expect(missing.json).toEqual({
      code: 404,
      status: 'Not Found',
      message: expect.any(String),
      resourceId: 'nope',
    });
  });

  it('deletes: 204 without a body, then 404 on get and delete, gone from the list and the total', async () => {
    const victim = all[5] as EmporixJob;
    const deleted = await jobs(set, { token: manage, method: 'DELETE', path: `/${victim.id}` });
    expect(deleted.status).toBe(204);
    expectDocumented(deleted, ops.delete);
    expect((await jobs(set, { token: read, path: `/${victim.id}` })).status).toBe(404);
    const again = await jobs(set, { token: manage, method: 'DELETE', path: `/${victim.id}` });
    expect(again.status).toBe(404);
    expectDocumented(again, ops.delete);
    const listed = await jobs(set, {
      token: read,
      query: 'pageSize=1000',
      headers: { 'X-Total-Count': 'true' },
    });
    expect((listed.json as EmporixJob[]).map((j) => j.id)).toEqual(
      all.filter((j) => j !== victim).map((j) => j.id),
    );
    expect(listed.headers.get('x-total-count')).toBe(String(all.length - 1));
    set.reset();
    const token = await fetchToken(set, 'read');
    expect((await jobs(set, { token, path: `/${victim.id}` })).status).toBe(200);
    read = token;
    manage = await fetchToken(set, 'manage');
  });

  it('answers 405 ErrorMessage for an undocumented method', async () => {
    const reply = await jobs(set, { token: manage, method: 'PUT', path: `/${all[0]?.id}`, body: '{}' });
    expect(reply.status).toBe(405);
    expect(reply.json).toEqual({ code: 405, message: expect.any(String) });
  });
});
