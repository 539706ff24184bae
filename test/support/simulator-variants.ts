/**
 * Simulator modules that read the documents' open points another way (open-readings.ts). What the
 * generic simulator decides inside (its order, its totals, a deferred cancel) it is told as readings;
 * what shows only in the request or the answer (a strict time bound, short
 * cursor pages, the content type, retry-after, error bodies, fields a list leaves out), it is done
 * here and in simulator-readings.ts around it.
 *
 *   startSimulators({ modules: simulatorModulesWith({ timeBound: 'strict' }) })
 */
import { type ApiId, getCatalogue } from '../../src/catalogue/index.ts';
import type {
  ApiSimulator,
  SimContext,
  SimRequest,
  SimResponse,
  SimulatorModule,
} from '../../src/simulators/core.ts';
import { createGenericGroup } from '../../src/simulators/generic/index.ts';
import type { OpenReadings } from '../../src/simulators/open-readings.ts';
import { simulatorModules } from '../../src/simulators/registry.ts';
import {
  readingsAnswer,
  readingsRequest,
  readingsShortcut,
  readingsState,
  withBody,
  withQuery,
} from './simulator-readings.ts';

/** The registered modules, each reading the open points as `readings` says. */
export function simulatorModulesWith(readings: OpenReadings): SimulatorModule[] {
  return simulatorModules(getCatalogue()).map((module) => {
    return {
      ...module,
      // The generic simulator takes what it decides inside (its order, its totals) as readings.
      create: (ctx: SimContext) => around(createGenericGroup(ctx, module.apis, readings), ctx, readings),
    };
  });
}

/** Optional job fields a list leaves out (listOmitsOptional); the checks' filter and sort fields stay. */
const LIST_OMITS: Partial<Record<ApiId, readonly string[]>> = {
  'cloudflare-ai-search': ['description', 'last_seen_at'],
  'cloudflare-ai-search-namespaced': ['description', 'last_seen_at'],
  'vectara-v1': ['userHandle'],
  'vectara-v2': ['created_by_username', 'started_at'],
  'emporix-ai-service': ['message', 'sessionId', 'agentId', 'exportResult', 'importResult'],
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function around(inner: ApiSimulator, ctx: SimContext, readings: OpenReadings): ApiSimulator {
  const state = readingsState();
  return {
    ...inner,
    async handle(req) {
      const asked = readingsRequest(rewriteRequest(req, ctx, readings), ctx, readings);
      const refuse = (status: number, message: string) => inner.errorResponse(asked, status, message);
      const answer = readingsShortcut(req, readings, state, refuse) ?? (await inner.handle(asked));
      return rewriteAnswer(readingsAnswer(asked, answer, readings, state, refuse), ctx, readings);
    },
    errorResponse: (req, status, message) =>
      rewriteAnswer(inner.errorResponse(req, status, message), ctx, readings),
  };
}

/** The largest page size a Vectara list documents, for shortCursorPages. */
function maxPageSize(ctx: SimContext, api: ApiId, name: string): number {
  const op = ctx.catalogue.api(api).operation('listJobs');
  const param = op.parameters.find((p) => p.name === name)?.schema.schema;
  const prop = (
    op.requestBody?.body.schema.properties as Record<string, Record<string, unknown>> | undefined
  )?.[name];
  const max = param?.maximum ?? prop?.maximum;
  return typeof max === 'number' ? max : 100;
}

function rewriteRequest(req: SimRequest, ctx: SimContext, readings: OpenReadings): SimRequest {
  let out = req;
  if (req.path === '/v2/jobs') {
    // "after T" read strictly is "at or after T + 1 ms" on millisecond timestamps.
    const after = req.query.get('after');
    if (readings.timeBound === 'strict' && after !== null && !Number.isNaN(Date.parse(after)))
      out = withQuery(out, (q) => q.set('after', new Date(Date.parse(after) + 1).toISOString()));
    const limit = Number(req.query.get('limit'));
    if (readings.shortCursorPages && limit >= 2 && limit <= maxPageSize(ctx, 'vectara-v2', 'limit'))
      out = withQuery(out, (q) => q.set('limit', String(limit - 1)));
  }
  if (req.path === '/v1/list-jobs' && isRecord(req.json)) {
    const { epochSecs, numResults } = req.json;
    if (readings.timeBound === 'strict' && typeof epochSecs === 'string' && /^\d+$/.test(epochSecs))
      out = withBody(out, (b) => {
        b.epochSecs = String(BigInt(epochSecs) + 1n);
      });
    if (
      readings.shortCursorPages &&
      typeof numResults === 'number' &&
      numResults >= 2 &&
      numResults <= maxPageSize(ctx, 'vectara-v1', 'numResults')
    )
      out = withBody(out, (b) => {
        b.numResults = numResults - 1;
      });
  }
  if (readings.filteredOrder === 'oldest-first' && /^\/ai-service\/[^/]+\/jobs(\/search)?$/.test(req.path)) {
    const q = req.method === 'GET' ? req.query.get('q') : isRecord(req.json) ? req.json.q : undefined;
    if (typeof q === 'string' && q.trim() !== '' && !req.query.has('sort'))
      out = withQuery(out, (query) => query.set('sort', 'metadata.createdAt:asc'));
  }
  return out;
}

/** Emporix jobs left without their (optional) metadata: about a third, chosen by id. */
function dropsMetadata(job: unknown): boolean {
  return isRecord(job) && typeof job.id === 'string' && Number.parseInt(job.id.slice(-1), 16) % 3 === 0;
}

function minimalError(api: ApiId | undefined, status: number, json: unknown): unknown {
  if (api === 'vectara-v2')
    return isRecord(json) && 'request_id' in json ? { request_id: json.request_id } : {};
  if (api === 'vectara-v1') return { details: [] };
  if (api === 'emporix-ai-service')
    return status === 401
      ? { fault: { detail: { errorcode: 'oauth.v2.InvalidAccessToken' } } }
      : { type: 'error' };
  return json;
}

function rewriteAnswer(answer: SimResponse, ctx: SimContext, readings: OpenReadings): SimResponse {
  let out = answer;
  const op = answer.operation;
  if (readings.listOmitsOptional && out.status === 200 && op && ['listJobs', 'searchJobs'].includes(op.id)) {
    const omit = (op.api && LIST_OMITS[op.api]) ?? [];
    const pointer = op.pagination?.response.items ?? '';
    const items = pointer === '' ? out.json : isRecord(out.json) ? out.json[pointer.slice(1)] : undefined;
    if (Array.isArray(items)) {
      const slim = items.map((item) =>
        isRecord(item) ? Object.fromEntries(Object.entries(item).filter(([k]) => !omit.includes(k))) : item,
      );
      out = { ...out, json: pointer === '' ? slim : { ...(out.json as object), [pointer.slice(1)]: slim } };
    }
  }
  if (readings.jobsWithoutMetadata && out.status === 200 && out.api === 'emporix-ai-service') {
    const strip = (job: unknown) => {
      if (!dropsMetadata(job)) return job;
      const { metadata: _dropped, ...rest } = job as Record<string, unknown>;
      return rest;
    };
    if (Array.isArray(out.json)) out = { ...out, json: out.json.map(strip) };
    else if (isRecord(out.json) && 'id' in out.json) out = { ...out, json: strip(out.json) };
  }
  if (readings.minimalErrors && out.status >= 400 && out.json !== undefined)
    out = { ...out, json: minimalError(out.api, out.status, out.json) };
  const retryAfter = out.headers?.['retry-after'];
  if (readings.retryAfter === 'http-date' && retryAfter !== undefined && /^\d+$/.test(retryAfter)) {
    // Whole seconds, rounded up, so the date is never earlier than the delay it stands for.
    const at = Math.ceil((ctx.now() + Number(retryAfter) * 1000) / 1000) * 1000;
    out = { ...out, headers: { ...out.headers, 'retry-after': new Date(at).toUTCString() } };
  }
  if (readings.charset && out.json !== undefined) {
    const { json, ...rest } = out;
    out = { ...rest, text: JSON.stringify(json), contentType: 'application/json; charset=utf-8' };
  }
  return out;
}
