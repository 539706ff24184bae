import type { Exchange, Result } from '../core/index.ts';
import { redactExchange } from '../http/index.ts';

/** Characters of a body kept in text reports (JUnit). */
export const TEXT_BODY_LIMIT = 2000;

function cut(text: string, limit: number): string {
  return text.length > limit
    ? `${text.slice(0, limit)}\n… (${text.length - limit} more characters cut)`
    : text;
}

function headerLines(headers: Record<string, string>): string[] {
  return Object.entries(headers).map(([k, v]) => `  ${k}: ${v}`);
}

/** One exchange as readable text: request line, headers and body, then the response or the transport error. */
export function exchangeText(raw: Exchange, bodyLimit = TEXT_BODY_LIMIT): string {
  const x = redactExchange(raw);
  const lines = [`[${x.id}${x.label ? ` ${x.label}` : ''}] ${x.request.method} ${x.request.url}`];
  lines.push(...headerLines(x.request.headers));
  if (x.request.body) lines.push(`  body: ${cut(x.request.body, bodyLimit)}`);
  const timing = `${Math.round(x.durationMs)} ms${x.attempts > 1 ? `, ${x.attempts} attempts` : ''}`;
  if (x.response) {
    lines.push(`→ ${x.response.status} (${timing})`);
    lines.push(...headerLines(x.response.headers));
    const note = x.response.truncated
      ? ` (recorded ${x.response.body.length} of ${x.response.size} bytes)`
      : '';
    lines.push(`  body${note}: ${cut(x.response.body, bodyLimit)}`);
  } else if (x.error) {
    lines.push(`→ no response: ${x.error.kind}: ${x.error.message} (${timing})`);
  }
  return lines.join('\n');
}

/** Where a result's rule comes from, one line. */
export function sourceText(r: Result): string {
  return `rule: ${r.source.rule} · doc: ${r.source.doc}${r.source.schemaPath ? ` · schema path: ${r.source.schemaPath}` : ''}`;
}
