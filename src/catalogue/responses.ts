import type { Operation, ResponseSpec } from './types.ts';

/** The key of a status range in OpenAPI responses: 4XX for 404 (also written 4xx). */
export function statusRange(status: number): string {
  return `${Math.floor(status / 100)}XX`;
}

/**
 * The response an operation documents for a status: the exact status, else its range (4XX, 5XX),
 * else 'default' for an error status. Undefined when the status is not documented.
 */
export function responseFor(op: Operation, status: number): ResponseSpec | undefined {
  const range = statusRange(status);
  return (
    op.responses.get(String(status)) ??
    op.responses.get(range) ??
    op.responses.get(range.toLowerCase()) ??
    (status >= 400 ? op.responses.get('default') : undefined)
  );
}
