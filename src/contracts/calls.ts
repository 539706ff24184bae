import { getCatalogue } from '../catalogue/index.ts';
import type { Exchange, Target } from '../core/index.ts';
import { type CallOptions, callOperation, type HttpClient } from '../http/index.ts';
import type { ContractCase } from './cases.ts';

/**
 * Sends a contract case through the generic `callOperation` (the same call the conformance checks
 * make), so each interaction describes a request built from the API's documents alone. A cancel
 * (or create) with no body of its own sends the lifecycle's documented cancel (or create) body.
 */
export async function callThroughClient(
  http: HttpClient,
  target: Target,
  c: ContractCase,
  auth: CallOptions['auth'],
): Promise<Exchange> {
  const api = getCatalogue().api(c.api);
  const op = api.operation(c.operation);
  const body =
    c.body !== undefined
      ? c.body
      : api.lifecycle?.operations.cancel === op.id
        ? api.lifecycle.cancelBody
        : api.lifecycle?.operations.create === op.id
          ? api.lifecycle.createBody
          : undefined;
  return callOperation(http, target, op, {
    ...(auth !== undefined ? { auth } : {}),
    retry: false,
    label: c.description,
    ...(c.headers ? { headers: c.headers } : {}),
    ...(c.query ? { query: c.query } : {}),
    ...(body !== undefined ? { body } : {}),
  });
}
