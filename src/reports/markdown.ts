/**
 * summary.md: a short Markdown summary for $GITHUB_STEP_SUMMARY and pull-request comments:
 * verdict (and the APIs the run could not check), counts per API, what changed since the baseline,
 * and the first failures. Paths (the baseline's) are shown relative to the working directory.
 */
import { RESULT_STATUSES, type Result, type RunResults, shownPath } from '../core/index.ts';
import { bySeverity, countsOf, notCheckedOf, verdictHeadline, verdictOf } from './stats.ts';

/** Failures and errors listed by name; the rest are counted, with a pointer to the HTML report. */
export const MARKDOWN_LIST_LIMIT = 15;

const ICON = { pass: '✅', fail: '❌', error: '⚠️' } as const;
/** A pass with APIs left unchecked is not a plain pass. */
const PARTIAL_ICON = '⚠️';

/** Text safe in a table cell or list item: no pipes, no line breaks, no markup, bounded length. */
export function mdCell(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const short = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  return short.replace(/([\\`*_[\]<>|#])/g, '\\$1');
}

/** Text for inside a code span, where escapes do not work: backticks and line breaks dropped. */
export function mdCode(text: string, max = 200): string {
  const flat = text.replace(/[`\s]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function resultLine(r: Result): string {
  const tag = r.baseline === 'new' ? ' **new**' : '';
  const reason =
    r.status === 'expected' && r.expectation ? ` — _expected: ${mdCell(r.expectation.reason)}_` : '';
  // A generated finding's replay command is kept whole, however long its message.
  const replay = typeof r.data?.replay === 'string' ? ` · replay: \`${mdCode(r.data.replay, 400)}\`` : '';
  const finding = r.findings?.[0];
  const at = finding?.pointer ? ` at \`${mdCode(finding.pointer, 80)}\`` : '';
  const first = finding && r.status !== 'expected' ? ` (${mdCell(finding.note, 120)}${at})` : '';
  return `- \`${r.status}\`${tag} **${mdCell(r.api)}** ${mdCell(r.operation)} · \`${mdCode(r.check)}\` — ${mdCell(r.message)}${first}${reason}${replay}`;
}

/** The expected results with their reasons, and the expectations that expired or matched nothing. */
function expectationLines(run: RunResults): string[] {
  const e = run.expectations;
  if (!e) return [];
  const expected = run.results.filter((r) => r.status === 'expected');
  const lines = [
    '',
    `### Expected (${expected.length})`,
    '',
    `Known deviations accepted by ${e.count} expectation(s) of \`${mdCode(e.source, 120)}\`; they do not fail the run.`,
  ];
  if (expected.length) lines.push('');
  for (const r of expected.slice(0, MARKDOWN_LIST_LIMIT)) lines.push(resultLine(r));
  if (expected.length > MARKDOWN_LIST_LIMIT)
    lines.push(`- … and ${expected.length - MARKDOWN_LIST_LIMIT} more`);
  for (const x of e.expired)
    lines.push(
      '',
      `⚠️ The expectation \`${mdCode(x.pointer)}\` expired on ${mdCell(x.until)} (${mdCell(x.reason)}): ${x.results.length} result(s) count as failures again.`,
    );
  for (const x of e.unmatched)
    lines.push(
      '',
      `⚠️ The expectation \`${mdCode(x.pointer)}\` (${mdCell(x.scope)}: ${mdCell(x.reason)}) matched no result: remove it if the provider fixed the deviation.`,
    );
  return lines;
}

export function renderMarkdown(run: RunResults): string {
  const verdict = verdictOf(run.summary);
  const s = run.summary;
  const notChecked = notCheckedOf(run);
  const icon = verdict === 'pass' && notChecked.length ? PARTIAL_ICON : ICON[verdict];
  const lines: string[] = [`## ${icon} jobs-conformance: ${mdCell(verdictHeadline(run))}`, ''];
  if (notChecked.length) {
    lines.push('**Not checked:**', '');
    for (const n of notChecked) lines.push(`- **${mdCell(n.api)}** — ${mdCell(n.reason)}`);
    lines.push('');
  }
  lines.push(
    `**${s.total}** results · ${s.pass} passed · **${s.fail} failed** · ${s.warn} warnings${s.expected ? ` · ${s.expected} expected` : ''} · ${s.skip} skipped · ${s.error} errors — ${run.target} target, run \`${mdCode(run.runId)}\`, ${(run.durationMs / 1000).toFixed(1)} s`,
    '',
    `| API | ${RESULT_STATUSES.join(' | ')} | requests |`,
    `| --- | ${RESULT_STATUSES.map(() => '---:').join(' | ')} | ---: |`,
  );
  for (const api of run.apis) {
    const c = countsOf(run.results.filter((r) => r.api === api));
    lines.push(
      `| ${mdCell(api)} | ${RESULT_STATUSES.map((st) => c[st]).join(' | ')} | ${run.requestCounts[api] ?? 0} |`,
    );
  }
  if (run.baseline) {
    const b = run.baseline;
    lines.push('', `### Since the baseline`, '');
    lines.push(
      `${b.newFailures.length} new failure(s), ${b.fixed.length} fixed, ${b.newEnumValues.length} enum value(s) seen for the first time (baseline: \`${mdCode(shownPath(b.source), 120)}\`).`,
    );
    const byId = new Map(run.results.map((r) => [r.id, r]));
    if (b.newFailures.length) {
      lines.push('', '**New failures**', '');
      for (const id of b.newFailures.slice(0, MARKDOWN_LIST_LIMIT)) {
        const r = byId.get(id);
        lines.push(r ? resultLine(r) : `- \`${mdCode(id)}\``);
      }
      if (b.newFailures.length > MARKDOWN_LIST_LIMIT)
        lines.push(`- … and ${b.newFailures.length - MARKDOWN_LIST_LIMIT} more`);
    }
    if (b.fixed.length) {
      lines.push('', '**Fixed**', '');
      for (const id of b.fixed.slice(0, MARKDOWN_LIST_LIMIT)) lines.push(`- \`${mdCode(id)}\``);
      if (b.fixed.length > MARKDOWN_LIST_LIMIT)
        lines.push(`- … and ${b.fixed.length - MARKDOWN_LIST_LIMIT} more`);
    }
    if (b.newEnumValues.length) {
      lines.push('', '**New enum values**', '');
      for (const e of b.newEnumValues.slice(0, MARKDOWN_LIST_LIMIT))
        lines.push(`- ${mdCell(e.api)} \`${mdCode(e.enum)}\`: \`${mdCode(e.value)}\``);
    }
  }
  lines.push(...expectationLines(run));
  const bad = run.results.filter((r) => r.status === 'fail' || r.status === 'error').sort(bySeverity);
  if (bad.length) {
    lines.push('', `### Failures and errors (${bad.length})`, '');
    for (const r of bad.slice(0, MARKDOWN_LIST_LIMIT)) lines.push(resultLine(r));
    if (bad.length > MARKDOWN_LIST_LIMIT) lines.push(`- … and ${bad.length - MARKDOWN_LIST_LIMIT} more`);
  }
  lines.push(
    '',
    `Full report: \`index.html\` in the run's report folder (evidence, coverage, latency); \`junit.xml\` for CI.`,
    '',
  );
  return lines.join('\n');
}
