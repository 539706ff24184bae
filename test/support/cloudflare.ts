/** A tiny Cloudflare client over fetch, for the Cloudflare simulator's tests. */
import type { ApiId } from '../../src/catalogue/index.ts';
import type { SimulatorSet } from '../../src/simulators/index.ts';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are inspected field by field
  json: any;
}

export interface CallOptions {
  headers?: Record<string, string>;
  /** Send the simulator's valid Bearer token (default true). */
  auth?: boolean;
  body?: string | object;
}

export function cloudflareClient(set: SimulatorSet, api: ApiId = 'cloudflare-ai-search') {
  const target = set.target(api);
  const { account_id, id, name } = target.pathParams;
  const instancePath = (instance: string) =>
    name === undefined
      ? `/accounts/${account_id}/ai-search/instances/${instance}`
      : `/accounts/${account_id}/ai-search/namespaces/${name}/instances/${instance}`;
  const token = target.credentials.schemes.apiToken?.token ?? '';
  const auth = { authorization: `Bearer ${token}` };
  const jobs = `${target.baseUrl}${instancePath(id ?? '')}/jobs`;

  async function call(method: string, url: string, options: CallOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...(options.auth === false ? {} : auth), ...options.headers };
    const body =
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body);
    const res = await fetch(url, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  }

  return {
    target,
    auth,
    jobs,
    instanceJobs: (instance: string) => `${target.baseUrl}${instancePath(instance)}/jobs`,
    job: (jobId: string) => `${jobs}/${encodeURIComponent(jobId)}`,
    logs: (jobId: string) => `${jobs}/${encodeURIComponent(jobId)}/logs`,
    call,
    get: (url: string, options?: CallOptions) => call('GET', url, options),
    list: (query = '', options?: CallOptions) => call('GET', `${jobs}${query ? `?${query}` : ''}`, options),
    create: (body?: string | object, options?: CallOptions) => call('POST', jobs, { ...options, body }),
    cancel: (jobId: string, body: string | object = { action: 'cancel' }) =>
      call('PATCH', `${jobs}/${encodeURIComponent(jobId)}`, { body }),
  };
}
