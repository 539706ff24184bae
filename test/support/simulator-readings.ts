/**
 * The readings the provider simulators once took inside, taken around the generic simulator: what it
 * is asked (all states for v1's unset state, unknown states dropped, corpus keys folded, a sort field
 * refused, the marker of an empty cursor page removed) and what it answers (an empty second page,
 * upper-cased corpus keys, estimated totals, a page past the last refused).
 */
import type { SimContext, SimRequest, SimResponse } from '../../src/simulators/core.ts';
import { estimate, type OpenReadings } from '../../src/simulators/open-readings.ts';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Marks the cursor of an empty page (emptyCursorPage): the page after it is the one the cursor names. */
const EMPTY_PAGE_MARK = 'emptypage';

export interface ReadingsState {
  /** Cursors answered on a walk's first page (the next request with one gets the empty page). */
  firstPageCursors: Set<string>;
}

export function readingsState(): ReadingsState {
  return { firstPageCursors: new Set() };
}

function states(ctx: SimContext, api: string): string[] {
  return ctx.catalogue.api(api).enums.JobState?.current ?? [];
}

export function withQuery(req: SimRequest, change: (query: URLSearchParams) => void): SimRequest {
  const query = new URLSearchParams(req.query);
  change(query);
  return { ...req, query };
}

export function withBody(req: SimRequest, change: (body: Record<string, unknown>) => void): SimRequest {
  if (!isRecord(req.json)) return req;
  const json = { ...req.json };
  change(json);
  return { ...req, json, rawBody: JSON.stringify(json) };
}

export function readingsRequest(req: SimRequest, ctx: SimContext, readings: OpenReadings): SimRequest {
  let out = req;
  if (req.path === '/v1/list-jobs' && isRecord(req.json) && !req.json.pageKey) {
    const known = states(ctx, 'vectara-v1');
    const asked = req.json.state;
    if (readings.unknownRequestEnum === 'ignored' && Array.isArray(asked))
      out = withBody(out, (b) => {
        b.state = asked.filter((s) => known.includes(s as string));
      });
    const now = isRecord(out.json) ? out.json.state : undefined;
    if (readings.v1UnsetState === 'all-states' && (!Array.isArray(now) || now.length === 0))
      out = withBody(out, (b) => {
        b.state = known;
      });
  }
  if (req.path === '/v2/jobs') {
    if (readings.corpusKeyCase === 'insensitive' && req.query.has('corpus_key'))
      out = withQuery(out, (q) => {
        const keys = q.getAll('corpus_key');
        q.delete('corpus_key');
        for (const k of keys) q.append('corpus_key', k.toLowerCase());
      });
    const key = req.query.get('page_key');
    if (readings.emptyCursorPage && key?.startsWith(EMPTY_PAGE_MARK))
      out = withQuery(out, (q) => q.set('page_key', key.slice(EMPTY_PAGE_MARK.length)));
  }
  return out;
}

/** An answer the reading gives without asking the simulator, if any. */
export function readingsShortcut(
  req: SimRequest,
  readings: OpenReadings,
  state: ReadingsState,
  errorResponse: (status: number, message: string) => SimResponse,
): SimResponse | undefined {
  if (readings.sortableFields && /^\/ai-service\/[^/]+\/jobs(\/search)?$/.test(req.path)) {
    const sort = req.query.get('sort');
    const field = sort
      ?.split(',')
      .map((part) => part.split(':')[0] ?? '')
      .find((f) => !readings.sortableFields?.includes(f));
    if (field !== undefined) return errorResponse(400, `field '${field}' is not sortable`);
  }
  const key = req.query.get('page_key');
  if (readings.emptyCursorPage && req.path === '/v2/jobs' && key && state.firstPageCursors.has(key))
    return { status: 200, json: { jobs: [], metadata: { page_key: EMPTY_PAGE_MARK + key } } };
  return undefined;
}

export function readingsAnswer(
  req: SimRequest,
  answer: SimResponse,
  readings: OpenReadings,
  state: ReadingsState,
  errorResponse: (status: number, message: string) => SimResponse,
): SimResponse {
  let out = answer;
  const op = answer.operation;
  if (
    readings.emptyCursorPage &&
    req.path === '/v2/jobs' &&
    !req.query.get('page_key') &&
    isRecord(out.json)
  ) {
    const next = (out.json.metadata as { page_key?: string } | undefined)?.page_key;
    if (next) state.firstPageCursors.add(next);
  }
  if (readings.corpusKeyCase === 'insensitive' && out.status === 200 && req.path.startsWith('/v2/jobs')) {
    // Every other job (by its id's last character) shows its corpus keys upper-cased.
    const shout = (job: unknown) =>
      isRecord(job) &&
      Array.isArray(job.corpus_keys) &&
      String(job.id).charCodeAt(String(job.id).length - 1) % 2
        ? { ...job, corpus_keys: job.corpus_keys.map((k) => String(k).toUpperCase()) }
        : job;
    if (isRecord(out.json) && Array.isArray(out.json.jobs))
      out = { ...out, json: { ...out.json, jobs: out.json.jobs.map(shout) } };
    else if (isRecord(out.json)) out = { ...out, json: shout(out.json) };
  }
  const total = out.headers?.['x-total-count'];
  if (readings.estimatedTotals && total !== undefined && /^\d+$/.test(total))
    out = { ...out, headers: { ...out.headers, 'x-total-count': String(estimate(Number(total))) } };
  const pageParam = op?.pagination?.request.page;
  if (readings.pastEnd === 'error' && pageParam && out.status === 200 && Array.isArray(out.json)) {
    const page = Number(req.query.get(pageParam.name) ?? '1');
    if (out.json.length === 0 && page > (op?.pagination?.firstPage ?? 1))
      out = errorResponse(400, `page ${page} is past the last page`);
  }
  return out;
}
