/**
 * The Cloudflare API v4 envelope, success and error, with the envelope faults applied here and only
 * here: success-contradicts-status, errors-missing, error.wrong-shape.
 */
import type { ApiId } from '../../catalogue/index.ts';
import type { SimContext, SimResponse } from '../core.ts';

export interface CloudflareError {
  code: number;
  message: string;
  /** Input-validation errors name the offending input. */
  path?: string[];
}

/**
 * Error codes. The schemas type `code` only as a number; 10000 is the documented authentication
 * code, the others are the codes Cloudflare's v4 API uses for the same situations.
 */
export const CODES = {
  authentication: 10000,
  invalidHeaders: 6003,
  missingAuth: 9106,
  validation: 1001,
  notFound: 1002,
  cannotCancel: 1003,
  cooldown: 1004,
  noRoute: 7003,
  methodNotAllowed: 10405,
  rateLimited: 971,
  unavailable: 1005,
  tooLarge: 1006,
} as const;

export function success(
  ctx: SimContext,
  api: ApiId,
  result: unknown,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const flag = !ctx.hasFault('envelope.success-contradicts-status', api);
  return { success: flag, errors: [], messages: [], result, ...extra };
}

export function failure(
  ctx: SimContext,
  api: ApiId,
  status: number,
  errors: CloudflareError[],
  headers?: Record<string, string>,
): SimResponse {
  if (ctx.hasFault('error.wrong-shape', api)) {
    return { status, api, headers, json: { error: errors.map((e) => e.message).join('; ') } };
  }
  const body: Record<string, unknown> = {
    success: ctx.hasFault('envelope.success-contradicts-status', api),
    errors,
    messages: [],
    result: null,
  };
  if (ctx.hasFault('envelope.errors-missing', api)) delete body.errors;
  return { status, api, headers, json: body };
}
