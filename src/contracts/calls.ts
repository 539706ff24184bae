import { getCatalogue } from '../catalogue/index.ts';
import type { Exchange, Target } from '../core/index.ts';
import {
  type CallExtras,
  type CloudflarePaging,
  callOperation,
  cloudflareJobs,
  type EmporixListQuery,
  type EmporixSearchBody,
  emporixJobs,
  type HttpClient,
  type VectaraV1ListJobsRequest,
  type VectaraV2ListJobsQuery,
  vectaraV1,
  vectaraV2,
} from '../http/index.ts';
import type { ContractCase } from './cases.ts';
import { contractFamily } from './family.ts';

/**
 * Sends a contract case through the typed client of its API (the same clients the conformance
 * suites use), so each interaction describes a call the product really makes. An operation no
 * typed client covers goes through the generic `callOperation`.
 */
export async function callThroughClient(
  http: HttpClient,
  target: Target,
  c: ContractCase,
  auth: CallExtras['auth'],
): Promise<Exchange> {
  const extras: CallExtras = {
    auth,
    retry: false,
    label: c.description,
    ...(c.headers ? { headers: c.headers } : {}),
  };
  const op = getCatalogue().operation(c.api, c.operation);
  const jobParam = op.parameters.find((p) => p.in === 'path' && /job/i.test(p.name))?.name;
  const jobId = jobParam ? (target.pathParams[jobParam] ?? '') : '';
  const envelope = contractFamily(getCatalogue().api(c.api));
  const call = (): Promise<{ exchange: Exchange }> | undefined => {
    if (envelope === 'cloudflare') {
      const client = cloudflareJobs(target, http);
      const paging = (c.query ?? {}) as CloudflarePaging;
      if (c.operation === 'listJobs') return client.listJobs(paging, extras);
      if (c.operation === 'createJob') return client.createJob(c.body as never, extras);
      if (c.operation === 'getJob') return client.getJob(jobId, extras);
      if (c.operation === 'cancelJob') return client.cancelJob(jobId, extras);
      if (c.operation === 'listJobLogs') return client.listJobLogs(jobId, paging, extras);
    }
    if (envelope === 'vectara-v1' && c.operation === 'listJobs') {
      return vectaraV1(target, http).listJobs(c.body as VectaraV1ListJobsRequest, extras);
    }
    if (envelope === 'vectara-v2') {
      const client = vectaraV2(target, http);
      if (c.operation === 'listJobs') return client.listJobs(c.query as VectaraV2ListJobsQuery, extras);
      if (c.operation === 'getJob') return client.getJob(jobId, extras);
    }
    if (envelope === 'emporix') {
      const client = emporixJobs(target, http);
      const query = (c.query ?? {}) as EmporixListQuery;
      if (c.operation === 'listJobs') return client.listJobs(query, extras);
      if (c.operation === 'searchJobs')
        return client.searchJobs((c.body ?? {}) as EmporixSearchBody, query, extras);
      if (c.operation === 'getJob') return client.getJob(jobId, extras);
      if (c.operation === 'deleteJob') return client.deleteJob(jobId, extras);
    }
    return undefined;
  };
  const typed = call();
  if (typed) return (await typed).exchange;
  return callOperation(http, target, op, {
    ...extras,
    ...(c.query ? { query: c.query } : {}),
    ...(c.body !== undefined ? { body: c.body } : {}),
  });
}
