/**
 * Faults that only generated inputs find (src/checks/generated/): a simulator that reads a fraction
 * as a whole number, ignores the case and spaces of an enum value, cuts an over-long string to its
 * maximum length instead of rejecting it, or shows a cancelled job running again. They rewrite the
 * request before the API's simulator sees it, or its answer after, from the catalogue alone.
 */
import { type Api, enumTierOf, getAtPointer, type JsonSchema } from '../../catalogue/index.ts';
import type { ApiSimulator, SimContext, SimRequest, SimResponse } from '../core.ts';
import type { FaultId } from '../faults.ts';
import { buildModel } from './model.ts';
import { type Route as BaseRoute, routeOf } from './route.ts';
import { deleteAt, setAt } from './values.ts';

export const INPUT_FAULTS = [
  'input.fraction-accepted',
  'input.enum-case-ignored',
  'input.overlong-string-accepted',
  'lifecycle.cancelled-resumes',
] as const satisfies readonly FaultId[];

/** A route of one of the wrapped APIs. */
type Route = BaseRoute & { api: Api };

/** The simulator with the input faults of its APIs applied around it. */
export function withInputFaults(
  inner: ApiSimulator,
  ctx: SimContext,
  apiIds: readonly string[],
): ApiSimulator {
  const routes = apiIds.flatMap((id) => {
    const api = ctx.catalogue.api(id);
    return api.operations.map((op) => ({ ...routeOf(op), api }));
  });
  /** Reads of each job since a cancel of it: the first shows the truth, later ones show it running. */
  const readsSinceCancel = new Map<string, number>();
  const has = (id: FaultId, api: Api) => ctx.hasFault(id, api.id);

  function match(req: SimRequest): { route: Route; id?: string } | undefined {
    for (const route of routes) {
      if (route.op.method !== req.method) continue;
      const m = route.re.exec(req.path);
      if (!m) continue;
      const param = route.api.lifecycle?.jobId?.parameter;
      const at = param ? route.names.indexOf(param) : -1;
      const raw = at >= 0 ? m[at + 1] : undefined;
      return { route, ...(raw !== undefined ? { id: decodeURIComponent(raw) } : {}) };
    }
    return undefined;
  }

  function resolved(node: JsonSchema, base: string): JsonSchema {
    return ctx.catalogue.resolveNode(node, base).node;
  }

  /** input.fraction-accepted, input.enum-case-ignored: query values rewritten to what the schema wants. */
  function fixQuery(route: Route, query: URLSearchParams): URLSearchParams {
    const out = new URLSearchParams(query);
    for (const p of route.op.parameters) {
      if (p.in !== 'query' || !query.has(p.name)) continue;
      const node = p.schema.schema;
      const items = node.type === 'array' ? resolved((node.items ?? {}) as JsonSchema, p.schema.ref) : node;
      const values = query.getAll(p.name).map((v) => fixText(route.api, items, v));
      out.delete(p.name);
      for (const v of values) out.append(p.name, v);
    }
    return out;
  }

  function fixText(api: Api, node: JsonSchema, value: string): string {
    if (has('input.fraction-accepted', api) && node.type === 'integer' && /^-?\d+\.\d+$/.test(value))
      return String(Math.trunc(Number(value)));
    if (has('input.enum-case-ignored', api)) {
      const known = enumTierOf('', '', node);
      const all = known ? [...known.current, ...known.deprecated] : [];
      const found = all.find((v) => v.toLowerCase() === value.trim().toLowerCase());
      if (found !== undefined) return found;
    }
    return value;
  }

  /** input.overlong-string-accepted, input.enum-case-ignored: body values rewritten (two levels deep). */
  function fixBody(route: Route, json: unknown): unknown {
    const handle = route.op.requestBody?.body;
    if (!handle || json === null || typeof json !== 'object' || Array.isArray(json)) return json;
    const out = structuredClone(json) as Record<string, unknown>;
    const walk = (node: JsonSchema, base: string, value: Record<string, unknown>, depth: number) => {
      const props = (node.properties ?? {}) as Record<string, JsonSchema>;
      for (const [name, raw] of Object.entries(props)) {
        const r = ctx.catalogue.resolveNode(raw, base);
        const v = value[name];
        if (typeof v === 'string') {
          if (has('input.overlong-string-accepted', route.api) && typeof r.node.maxLength === 'number')
            value[name] = v.slice(0, r.node.maxLength);
          else value[name] = fixText(route.api, r.node, v);
        } else if (v !== null && typeof v === 'object' && !Array.isArray(v) && depth < 1)
          walk(r.node, r.base, v as Record<string, unknown>, depth + 1);
      }
    };
    walk(handle.schema, handle.ref, out, 0);
    return out;
  }

  function rewrite(req: SimRequest, route: Route): SimRequest {
    const query = fixQuery(route, req.query);
    if (req.json === undefined) return { ...req, query };
    const json = fixBody(route, req.json);
    return { ...req, query, json, rawBody: JSON.stringify(json) };
  }

  /** lifecycle.cancelled-resumes: after a cancel, the second and later reads show the job running. */
  function resumed(route: Route, id: string | undefined, answer: SimResponse): SimResponse {
    const api = route.api;
    const roles = api.lifecycle?.operations ?? {};
    if (!has('lifecycle.cancelled-resumes', api) || id === undefined) return answer;
    if (route.op.id === roles.cancel) {
      readsSinceCancel.set(id, 0);
      return answer;
    }
    if (route.op.id !== roles.get || answer.status !== 200 || !readsSinceCancel.has(id)) return answer;
    const reads = (readsSinceCancel.get(id) ?? 0) + 1;
    readsSinceCancel.set(id, reads);
    if (reads < 2) return answer;
    const model = buildModel(ctx.catalogue, api);
    const json = structuredClone(answer.json) as Record<string, unknown>;
    const job = (api.envelope.data ? getAtPointer(json, api.envelope.data) : json) as Record<string, unknown>;
    if (job === null || typeof job !== 'object') return answer;
    if (model.statePointer && model.running) setAt(job as never, model.statePointer, model.running);
    for (const condition of api.lifecycle?.ended ?? [])
      if (!condition.in) deleteAt(job as never, condition.pointer);
    for (const t of model.endTimes) delete job[t.name];
    return { ...answer, json };
  }

  return {
    ...inner,
    async handle(req) {
      const hit = match(req);
      if (!hit) return inner.handle(req);
      const answer = await inner.handle(rewrite(req, hit.route));
      return resumed(hit.route, hit.id, answer);
    },
  };
}
