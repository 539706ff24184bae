/**
 * Parameters that name the account the credentials belong to (x-live-settings path and header
 * parameters declared `account: true`: an Emporix tenant, a Vectara customer id). The simulator
 * serves one account: its target sends that account's values, and a request naming another is
 * refused with the auth rejection's 403 (the faults auth.not-enforced and
 * auth.wrong-credentials-accepted let it through).
 */
import type { Api, Operation } from '../../catalogue/index.ts';
import type { SimRequest } from '../core.ts';
import { createRng } from '../data.ts';
import { generate, type Json } from './values.ts';

export interface Accounts {
  /** Values of the account's path parameters (merged into the target's pathParams). */
  path: Record<string, string>;
  /** Values of the account's header parameters (the target's headerParams, kept secret). */
  headers: Record<string, string>;
}

function valueFor(
  api: Api,
  where: 'path' | 'header',
  name: string,
  seed: number,
  catalogue: Parameters<typeof generate>[0],
): string | undefined {
  for (const op of api.operations) {
    const p = op.parameters.find((q) => q.in === where && q.name.toLowerCase() === name.toLowerCase());
    if (!p) continue;
    const example = Array.isArray(p.schema.schema.examples) ? p.schema.schema.examples[0] : undefined;
    const made: Json =
      example !== undefined
        ? (example as Json)
        : generate(
            catalogue,
            { schema: p.schema.schema, base: p.schema.ref },
            createRng(seed, `${api.id}-${name}`),
            { timeMs: 0 },
          );
    return String(made);
  }
  return undefined;
}

export function accounts(
  api: Api,
  catalogue: Parameters<typeof generate>[0],
  seed: number,
  named: Record<string, string>,
): Accounts {
  const out: Accounts = { path: {}, headers: {} };
  const live = api.liveSettings;
  for (const [name, setting] of Object.entries(live?.pathParameters ?? {}))
    if (setting.account)
      out.path[name] = named[name] ?? valueFor(api, 'path', name, seed, catalogue) ?? `sim-${name}`;
  for (const [name, setting] of Object.entries(live?.headerParameters ?? {}))
    if (setting.account) {
      const value = valueFor(api, 'header', name, seed, catalogue);
      if (value !== undefined) out.headers[name] = value;
    }
  return out;
}

/** The account parameter a request names another account with, if any. */
export function otherAccount(
  op: Operation,
  req: SimRequest,
  params: Record<string, string>,
  account: Accounts,
): string | undefined {
  for (const [name, value] of Object.entries(account.path))
    if (params[name] !== undefined && params[name] !== value) return name;
  for (const [name, value] of Object.entries(account.headers)) {
    if (!op.parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === name.toLowerCase()))
      continue;
    const sent = req.headers[name.toLowerCase()];
    if (sent !== undefined && sent.trim() !== value) return name;
  }
  return undefined;
}
