import type { Operation } from '../catalogue/index.ts';
import type { ProbeInput } from '../checks/index.ts';
import type { Exchange, Target } from '../core/index.ts';
import { callOperation, type HttpClient } from '../http/index.ts';
import type { Reachability } from './reachability.ts';

/** Turns a probe into a call of the operation through the shared HTTP layer. */
export function sendProbe(
  http: HttpClient,
  target: Target,
  op: Operation,
  input: ProbeInput,
  reach?: Reachability,
): Promise<Exchange> {
  if (reach?.cause) {
    const unsent = http.recordUnsent(
      {
        api: target.api,
        operation: op.id,
        ...(input.label !== undefined ? { label: input.label } : {}),
        method: op.method,
        url: `${target.baseUrl}${op.path}`,
      },
      { kind: 'aborted', message: `not sent: ${reach.cause}` },
    );
    return Promise.resolve(unsent);
  }
  return callOperation(http, target, op, {
    ...(reach ? { signal: reach.signal } : {}),
    pathParams: input.pathParams,
    query: input.query,
    headers: input.headers,
    body: input.body,
    auth: input.auth ?? 'valid',
    scope: input.scope,
    retry: input.noRetry ? false : undefined,
    label: input.label,
  });
}
