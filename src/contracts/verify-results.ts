import type { ApiId } from '../catalogue/index.ts';
import type { StateAdapter } from './state-adapter.ts';
import { WRITE_REFUSED_STATUS } from './verifier-protocol.ts';

/**
 * One line per interaction from the verifier's JSON result (pact_ffi `interactionResults` and
 * `errors`): verified, failed with the mismatch, or not verified with why (a provider state the
 * adapter would not reach, a write a read-only verification did not send).
 */
export interface InteractionOutcome {
  api: ApiId;
  description: string;
  status: 'verified' | 'failed' | 'not verified';
  reason?: string;
}

interface Mismatch {
  type?: string;
  path?: string;
  mismatch?: string;
  actual?: unknown;
  expected?: unknown;
}

interface VerifierJson {
  interactionResults?: { description: string; result: string }[];
  errors?: {
    interaction: string;
    mismatch?: { type?: string; message?: string; mismatches?: Mismatch[] };
  }[];
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** At most this many characters of one mismatch (a body mismatch quotes whole bodies). */
const MISMATCH_CHARS = 240;

function mismatchText(m: Mismatch): string {
  const full = m.mismatch ?? `expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}`;
  const text = full.length > MISMATCH_CHARS ? `${full.slice(0, MISMATCH_CHARS)}…` : full;
  return m.type === 'BodyMismatch' && m.path ? `${m.path}: ${text}` : text;
}

function isRefusedWrite(m: Mismatch): boolean {
  return m.type === 'StatusMismatch' && String(m.actual) === String(WRITE_REFUSED_STATUS);
}

export function interactionOutcomes(
  api: ApiId,
  json: string,
  adapter: Pick<StateAdapter, 'refused' | 'failed'>,
  redact: (text: string) => string = (t) => t,
): InteractionOutcome[] {
  let parsed: VerifierJson;
  try {
    parsed = JSON.parse(json) as VerifierJson;
  } catch {
    return [{ api, description: '(all)', status: 'failed', reason: redact(json.split('\n')[0] ?? json) }];
  }
  return (parsed.interactionResults ?? []).map(({ description, result }): InteractionOutcome => {
    if (result === 'OK') return { api, description, status: 'verified' };
    const error = (parsed.errors ?? []).find((e) => e.interaction.endsWith(` - ${description}`));
    const mismatch = error?.mismatch;
    if (mismatch?.type === 'error' && /state change/i.test(mismatch.message ?? '')) {
      const state =
        new RegExp(` Given (.+) - ${escapeRegex(description)}$`).exec(error!.interaction)?.[1] ?? '';
      const refused = adapter.refused.get(state);
      if (refused !== undefined)
        return { api, description, status: 'not verified', reason: `provider state '${state}': ${refused}` };
      const failed = adapter.failed.get(state) ?? mismatch.message ?? 'failed';
      return {
        api,
        description,
        status: 'failed',
        reason: redact(`provider state '${state}' not set up: ${failed}`),
      };
    }
    const mismatches = mismatch?.mismatches ?? [];
    if (mismatches.some(isRefusedWrite))
      return {
        api,
        description,
        status: 'not verified',
        reason: 'it sends a write, which a read-only verification does not (--allow-writes sends it)',
      };
    const shown = mismatches.slice(0, 2).map(mismatchText);
    const more = mismatches.length > 2 ? ` (and ${mismatches.length - 2} more)` : '';
    const reason = shown.length > 0 ? `${shown.join('; ')}${more}` : (mismatch?.message ?? result);
    return { api, description, status: 'failed', reason: redact(reason) };
  });
}
