/**
 * Vectara credentials: `x-api-key`, or `Authorization: Bearer <token>` (an OAuth client-credentials
 * token), for both API versions. Which key and token are valid is set when the simulator starts.
 */
import type { ApiId } from '../../catalogue/index.ts';
import type { SimContext, SimRequest } from '../core.ts';

export type CredentialCheck = 'ok' | 'missing' | 'invalid';

export function checkCredentials(req: SimRequest, ctx: SimContext, api: ApiId): CredentialCheck {
  const key = req.headers['x-api-key'] ?? '';
  const authorization = req.headers.authorization ?? '';
  if (key === '' && authorization === '') return ctx.hasFault('auth.not-enforced', api) ? 'ok' : 'missing';
  const bearer = authorization.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  // A malformed Authorization header is not "of the right form", so no fault lets it through.
  if (key === '' && bearer === undefined) return 'invalid';
  const valid = key !== '' ? key === ctx.credentials.apiKey : bearer === ctx.credentials.bearerToken;
  if (valid || ctx.hasFault('auth.wrong-credentials-accepted', api)) return 'ok';
  return 'invalid';
}
