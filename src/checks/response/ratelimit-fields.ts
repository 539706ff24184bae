/**
 * The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers): structured-field lists
 * whose members are a quoted policy name with parameters. `Ratelimit: "default";r=50;t=30` says the
 * requests remaining (r, required) and the seconds to the reset (t); `Ratelimit-Policy:
 * "burst";q=100;w=60` the quota (q, required) and the window in seconds (w).
 */
const MEMBER =
  /^"[^"\\]*"((?:;[a-z*][a-z0-9_.*-]*(?:=(?:-?\d+(?:\.\d+)?|"[^"\\]*"|\?[01]|[A-Za-z*][\w:/.*-]*))?)*)$/;

/** The parameters of each member, or the member that is not one. */
function members(value: string): { params: Map<string, string> }[] | string {
  const out: { params: Map<string, string> }[] = [];
  for (const raw of value.split(',')) {
    const member = raw.trim();
    const match = MEMBER.exec(member);
    if (!match) return member;
    const params = new Map<string, string>();
    for (const p of (match[1] ?? '').split(';').slice(1)) {
      const [key, val = '?1'] = p.split('=');
      params.set(key ?? '', val);
    }
    out.push({ params });
  }
  return out;
}

const NON_NEGATIVE = /^\d+$/;

/** Why a Ratelimit or Ratelimit-Policy value is malformed, or undefined when it is well formed. */
export function rateLimitFieldProblem(
  name: 'ratelimit' | 'ratelimit-policy',
  value: string,
): string | undefined {
  const parsed = members(value);
  if (typeof parsed === 'string') return `'${parsed}' is not a quoted policy name with parameters`;
  const [required, optional] = name === 'ratelimit' ? ['r', 't'] : ['q', 'w'];
  for (const { params } of parsed) {
    const need = params.get(required);
    if (need === undefined || !NON_NEGATIVE.test(need))
      return `${required} is missing or not a non-negative integer`;
    const may = params.get(optional);
    if (may !== undefined && !NON_NEGATIVE.test(may))
      return `${optional} '${may}' is not a non-negative integer`;
  }
  return undefined;
}
