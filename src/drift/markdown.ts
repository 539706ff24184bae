import type { Difference, DiffResult } from './types.ts';

const cell = (value: unknown) =>
  value === undefined
    ? ''
    : `\`${(typeof value === 'string' ? value : JSON.stringify(value)).replace(/\|/g, '\\|')}\``;

const recordedCell = (d: Difference) =>
  d.recorded
    ? `${d.recorded.by}: ${d.recorded.reason}${d.recorded.source ? ` (${d.recorded.source})` : ''}`.replace(
        /\|/g,
        '\\|',
      )
    : '**new**';

/** The terminal form: a heading with the counts, then new differences first, one table row each. */
export function diffMarkdown(result: DiffResult): string {
  const { differences, unrecorded } = result;
  const recorded = differences.length - unrecorded;
  const lines = [
    `# schemas diff: ${result.api}`,
    '',
    `Official: ${result.official.source} (OpenAPI ${result.official.openapi}${result.official.version ? `, version ${result.official.version}` : ''}); ours: version ${result.ours.version ?? '?'}.`,
    '',
    `${differences.length} difference(s): ${unrecorded} new, ${recorded} recorded.`,
  ];
  if (differences.length === 0) return `${lines.join('\n')}\n`;
  const sorted = [...differences].sort((a, b) => Number(Boolean(a.recorded)) - Number(Boolean(b.recorded)));
  lines.push(
    '',
    '| change | operation | where | official | ours | tier | recorded |',
    '|---|---|---|---|---|---|---|',
  );
  for (const d of sorted) {
    lines.push(
      `| ${d.kind}${d.detail !== undefined ? ` ${cell(d.detail)}` : ''} | ${d.operation} | ${d.where} | ${cell(d.official)} | ${cell(d.ours)} | ${d.tier ?? ''} | ${recordedCell(d)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
