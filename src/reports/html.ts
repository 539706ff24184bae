/**
 * index.html: one self-contained page (no network, opens from file://). The summary sections are
 * rendered here; the result list (filters, paging, evidence, #r-<id> links) is drawn by the inline
 * script html/client.js from the results embedded as JSON, so 10,000 results stay responsive.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { stringify as stringifyWithPointers } from 'json-source-map';
import { getCatalogue } from '../catalogue/index.ts';
import {
  type Exchange,
  type Finding,
  RESULT_STATUSES,
  type Result,
  type ResultStatus,
  type RunResults,
  shownPath,
} from '../core/index.ts';
import { redactExchange } from '../http/index.ts';
import {
  bySeverity,
  cellKey,
  countsOf,
  enumValuesOf,
  isContractFinding,
  matrixOf,
  notCheckedOf,
  type PaginationWalk,
  paginationWalksOf,
  verdictHeadline,
  verdictOf,
} from './stats.ts';

/** Characters of a body shown in the report; the rest is cut with a note of the full size. */
export const HTML_BODY_LIMIT = 4000;

/** What the provider documents for an API's operations (the coverage denominator). */
export type DocumentedOperations = (
  api: string,
) => { id: string; method: string; path: string; statuses: number[]; hasDefault?: boolean }[] | undefined;

export interface HtmlOptions {
  documented?: DocumentedOperations;
}

/**
 * Documented operations from the catalogue; undefined for an API it does not know. The API-wide
 * answers (auth rejection, insufficient scope, rate limit) count as documented for every operation.
 */
export const catalogueOperations: DocumentedOperations = (api) => {
  const found = getCatalogue().apis.get(api as never);
  if (!found) return undefined;
  const apiWide = [
    ...found.authRejection.statuses,
    ...(found.authRejection.insufficientScope ? [found.authRejection.insufficientScope.status] : []),
    ...(found.rateLimit ? [found.rateLimit.status] : []),
  ];
  return found.operations.map((op) => ({
    id: op.id,
    method: op.method,
    path: op.path,
    statuses: [...new Set([...op.statuses, ...apiWide])].sort((a, b) => a - b),
    hasDefault: op.hasDefaultResponse,
  }));
};

const CLIENT_SCRIPT = readFileSync(new URL('./html/client.js', import.meta.url), 'utf8');
const STYLE = readFileSync(new URL('./html/style.css', import.meta.url), 'utf8');

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
const h = escapeHtml;

/** JSON that can sit inside <script type="application/json"> whatever strings it holds. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function resultAnchor(id: string): string {
  return `#r-${encodeURIComponent(id)}`;
}

/** Bodies larger than this are shown as received (cut), not parsed and pretty-printed. */
const PRETTY_LIMIT = 2_000_000;
/** Characters shown after the last highlighted part of a body, for context. */
const AFTER_MARK = 600;

interface PageBody {
  body: string;
  /** The full length, when the shown body is cut. */
  bodyCut?: number;
  /** The body is JSON, shown pretty-printed (two-space indent). */
  pretty?: true;
  /** [start, end) character ranges of the shown body to highlight: the findings' pointers. */
  marks?: [number, number][];
}

/**
 * A body as the page shows it: JSON pretty-printed, the parts the findings point at highlighted,
 * and cut only after the last of them (so the offending part is never cut away).
 */
export function pageBody(raw: string, pointers: readonly string[] = []): PageBody {
  let text = raw;
  let marks: [number, number][] = [];
  let pretty = false;
  if (raw.length <= PRETTY_LIMIT) {
    try {
      const parsed = JSON.parse(raw) as object;
      if (pointers.length === 0) text = JSON.stringify(parsed, null, 2);
      else {
        // Mapping every pointer to its place costs several times the plain print: only for findings.
        const mapped = stringifyWithPointers(parsed, null, 2);
        text = mapped.json;
        for (const pointer of new Set(pointers)) {
          const at = mapped.pointers[pointer];
          if (at) marks.push([at.key?.pos ?? at.value.pos, at.valueEnd.pos]);
        }
      }
      pretty = true;
    } catch {
      // Not JSON (or not parseable as received): shown as it came.
    }
  }
  marks = marks.sort((a, b) => a[0] - b[0]);
  const lastMark = marks.reduce((end, [, e]) => Math.max(end, e), 0);
  const limit = Math.max(HTML_BODY_LIMIT, lastMark ? lastMark + AFTER_MARK : 0);
  const shown = text.length > limit ? text.slice(0, limit) : text;
  return {
    body: shown,
    ...(shown.length < text.length ? { bodyCut: text.length } : {}),
    ...(pretty ? { pretty: true as const } : {}),
    ...(marks.length ? { marks: marks.filter(([start]) => start < shown.length) } : {}),
  };
}

/** The evidence as the page shows it: redacted, bodies pretty-printed with the findings marked, parsed JSON dropped. */
function pageExchange(x: Exchange, findings: readonly Finding[]): Record<string, unknown> {
  const { json: _json, ...rest } = redactExchange(x);
  const pointers = findings
    .filter((f) => f.exchange === x.id && f.pointer !== undefined)
    .map((f) => f.pointer as string);
  const request =
    rest.request.body !== undefined ? { ...rest.request, ...pageBody(rest.request.body) } : rest.request;
  const response = rest.response
    ? { ...rest.response, ...pageBody(rest.response.body, pointers) }
    : undefined;
  return { ...rest, request, ...(response ? { response } : {}) };
}

function pageResult(r: Result): Record<string, unknown> {
  return { ...r, evidence: r.evidence.map((x) => pageExchange(x, r.findings ?? [])) };
}

function ms(value: number): string {
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

function countChips(counts: Record<ResultStatus, number>): string {
  return RESULT_STATUSES.map(
    (s) => `<span class="chip ${s}" data-status="${s}"><b>${counts[s]}</b> ${s}</span>`,
  ).join('');
}

function statusBadge(status: ResultStatus): string {
  return `<span class="badge ${status}">${status}</span>`;
}

function section(id: string, title: string, body: string, note = ''): string {
  return `<section id="${id}"><h2>${h(title)}</h2>${note ? `<p class="note">${note}</p>` : ''}${body}</section>`;
}

/** The APIs the run could not check, right under the verdict: one line each with why. */
function notCheckedList(run: RunResults): string {
  const list = notCheckedOf(run);
  if (list.length === 0) return '';
  return `<ul id="not-checked" class="not-checked">${list
    .map((n) => `<li data-api="${h(n.api)}"><b>${h(n.api)}</b> not checked: ${h(n.reason)}</li>`)
    .join('')}</ul>`;
}

function header(run: RunResults): string {
  const verdict = verdictOf(run.summary);
  const unchecked = notCheckedOf(run);
  // A verdict with unchecked APIs is marked partial (styled apart) and says how many in its text.
  const partial = unchecked.length ? ' partial' : '';
  const notChecked = unchecked.length
    ? ` data-not-checked="${h(unchecked.map((n) => n.api).join(' '))}"`
    : '';
  const baseline = run.baseline
    ? `<p class="baseline-line">Since baseline <code>${h(shownPath(run.baseline.source))}</code>:
        <a href="#baseline"><b>${run.baseline.newFailures.length}</b> new failure(s)</a>,
        <b>${run.baseline.fixed.length}</b> fixed,
        <b>${run.baseline.newEnumValues.length}</b> enum value(s) seen for the first time.</p>`
    : '';
  return `<header>
  <h1>jobs-conformance report</h1>
  <p class="runline">Run <code>${h(run.runId)}</code> · ${h(run.target)} target · ${run.apis.length} API(s) · started ${h(run.startedAt)} · ${ms(run.durationMs)}</p>
  <div id="verdict" class="verdict ${verdict}${partial}" data-verdict="${verdict}"${notChecked}>${h(verdictHeadline(run))}
    <span class="total">${run.summary.total} results</span></div>
  ${notCheckedList(run)}
  <div class="chips" id="counts">${countChips(run.summary)}</div>
  ${baseline}
  ${expectationLine(run)}
  <nav>${[
    ['matrix', 'Matrix'],
    ['results', 'Results'],
    ['operations', 'Operations'],
    ['coverage', 'Coverage'],
    ['pagination', 'Pagination'],
    ['contract', 'Contract'],
    ...(run.baseline ? [['baseline', 'Baseline']] : []),
    ...(run.expectations ? [['expectations', 'Expectations']] : []),
    ['metadata', 'Run'],
  ]
    .map(([id, label]) => `<a href="#${id}">${label}</a>`)
    .join('')}</nav>
</header>`;
}

function matrix(run: RunResults): string {
  const { apis, checks, cells } = matrixOf(run);
  const head = `<tr><th>check</th>${apis.map((a) => `<th>${h(a)}</th>`).join('')}</tr>`;
  const rows = checks.map((check) => {
    const tds = apis.map((api) => {
      const cell = cells.get(cellKey(api, check));
      if (!cell) return '<td class="cell empty">·</td>';
      const worst =
        (['fail', 'error', 'warn', 'expected', 'pass', 'skip'] as const).find((s) => cell[s] > 0) ?? 'skip';
      const attrs = RESULT_STATUSES.map((s) => `data-${s}="${cell[s]}"`).join(' ');
      const counts = RESULT_STATUSES.filter((s) => cell[s] > 0)
        .map((s) => `<span class="n ${s}" title="${s}">${cell[s]}</span>`)
        .join('');
      return `<td class="cell worst-${worst}" data-api="${h(api)}" data-check="${h(check)}" ${attrs} title="${h(`${api} · ${check}: show these results`)}">${counts}</td>`;
    });
    return `<tr><th class="check">${h(check)}</th>${tds.join('')}</tr>`;
  });
  return section(
    'matrix',
    'API × check',
    `<div class="scroll"><table id="matrix-table" class="matrix">${head}${rows.join('')}</table></div>`,
    'Counts per cell: <span class="n pass">pass</span><span class="n fail">fail</span><span class="n warn">warn</span><span class="n skip">skip</span><span class="n error">error</span><span class="n expected">expected</span>. Click a cell to list its results.',
  );
}

function resultsSection(run: RunResults): string {
  const { checks } = matrixOf(run);
  const options = (values: string[]) =>
    values.map((v) => `<option value="${h(v)}">${h(v)}</option>`).join('');
  const baselineFilter = run.baseline
    ? `<label>baseline <select id="f-baseline"><option value="">any</option><option value="new">new failures</option><option value="fixed">fixed</option><option value="same">unchanged</option></select></label>`
    : '';
  const statusBoxes = RESULT_STATUSES.map(
    (s) =>
      `<label class="st ${s}"><input type="checkbox" name="f-status" value="${s}" checked> ${s} <span class="fc" data-count="${s}"></span></label>`,
  ).join('');
  return section(
    'results',
    'Results',
    `<form id="filters">
  <label>API <select id="f-api"><option value="">all</option>${options(run.apis)}</select></label>
  <label>check <select id="f-check"><option value="">all</option>${options(checks)}</select></label>
  ${baselineFilter}
  <span class="statuses">${statusBoxes}</span>
  <label>text <input id="f-text" type="search" placeholder="id or message"></label>
  <button type="button" id="f-reset">reset</button>
</form>
<p id="shown" class="note"></p>
<div id="result-list" class="results" role="list"></div>
<div id="pager" class="pager"></div>
<noscript><p>The result list needs JavaScript; results.json and junit.xml hold the same results.</p></noscript>`,
    'Most severe first. Click a result for its rule and evidence; the link icon gives its address.',
  );
}

/** Latency per operation: a range line (min–max), a box (p50–p95) and a tick at p50. */
function latencyChart(stats: RunResults['operations']): string {
  if (stats.length === 0) return '';
  const rowH = 24;
  const labelW = 170;
  const plotW = 440;
  const width = labelW + plotW + 150;
  const top = Math.max(1, ...stats.map((s) => s.latencyMs.max));
  const x = (v: number) => labelW + (v / top) * plotW;
  const rows = stats.map((s, i) => {
    const y = i * rowH + 6;
    const l = s.latencyMs;
    const mid = y + 6;
    return `<g><title>${h(`${s.operation}: min ${l.min} · p50 ${l.p50} · p95 ${l.p95} · max ${l.max} ms (${s.requests} requests)`)}</title>
<text x="0" y="${mid + 4}" class="lbl">${h(s.operation)}</text>
<line x1="${x(l.min).toFixed(1)}" x2="${x(l.max).toFixed(1)}" y1="${mid}" y2="${mid}" class="range"/>
<rect x="${x(l.p50).toFixed(1)}" y="${y}" width="${Math.max(1, x(l.p95) - x(l.p50)).toFixed(1)}" height="12" class="box"/>
<line x1="${x(l.p50).toFixed(1)}" x2="${x(l.p50).toFixed(1)}" y1="${y - 2}" y2="${y + 14}" class="p50"/>
<text x="${labelW + plotW + 10}" y="${mid + 4}" class="val">p50 ${ms(l.p50)} · p95 ${ms(l.p95)}</text></g>`;
  });
  const height = stats.length * rowH + 22;
  const axis = `<line x1="${labelW}" x2="${labelW + plotW}" y1="${height - 16}" y2="${height - 16}" class="axis"/>
<text x="${labelW}" y="${height - 3}" class="val">0</text><text x="${labelW + plotW}" y="${height - 3}" class="val" text-anchor="end">${ms(top)}</text>`;
  return `<svg class="latency" role="img" aria-label="latency per operation" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${rows.join('')}${axis}</svg>`;
}

function operationsSection(run: RunResults, documented: DocumentedOperations): string {
  const parts = run.apis.map((api) => {
    const stats = run.operations.filter((o) => o.api === api);
    const docs = documented(api) ?? [];
    const names = [...new Set([...docs.map((d) => d.id), ...stats.map((s) => s.operation)])];
    const rows = names.map((name) => {
      const doc = docs.find((d) => d.id === name);
      const stat = stats.find((s) => s.operation === name);
      const results = run.results.filter((r) => r.api === api && r.operation === name);
      const counts = countsOf(results);
      const statuses = stat
        ? Object.entries(stat.statuses)
            .map(([code, n]) => {
              // Keys are HTTP statuses, or a transport error kind when no answer came.
              const transport = !/^\d{3}$/.test(code);
              const undocumented =
                !transport && doc && !doc.hasDefault && !doc.statuses.includes(Number(code));
              const title = transport ? 'no response' : undocumented ? 'not documented' : 'documented';
              return `<span class="code${undocumented ? ' undocumented' : transport ? ' transport' : ''}" title="${title}">${h(code)}×${n}</span>`;
            })
            .join(' ')
        : '';
      return `<tr data-api="${h(api)}" data-operation="${h(name)}"><td><a class="oplink" href="#results" data-api="${h(api)}" data-text="${h(`${api}/${name}/`)}" title="list its results"><b>${h(name)}</b></a>${doc ? `<br><code class="path">${h(doc.method)} ${h(doc.path)}</code>` : ''}</td>
<td class="num">${stat?.requests ?? 0}</td><td>${statuses}</td>
<td>${RESULT_STATUSES.filter((s) => counts[s] > 0)
        .map((s) => `<span class="n ${s}">${counts[s]}</span>`)
        .join('')}</td>
<td class="num">${stat ? `${ms(stat.latencyMs.p50)} / ${ms(stat.latencyMs.p95)}` : '–'}</td></tr>`;
    });
    return `<h3 id="ops-${h(api)}">${h(api)}</h3>
<table class="ops"><tr><th>operation</th><th>requests</th><th>statuses received</th><th>results</th><th>p50 / p95</th></tr>${rows.join('')}</table>
${latencyChart(stats)}`;
  });
  return section(
    'operations',
    'Operations',
    parts.join(''),
    'Per operation: requests sent, statuses received (<span class="code undocumented">red</span> = not documented), results, latency.',
  );
}

function coverageSection(run: RunResults, documented: DocumentedOperations): string {
  const parts = run.apis.map((api) => {
    const docs = documented(api);
    const stats = run.operations.filter((o) => o.api === api);
    const received = (op: string) =>
      new Set(
        Object.keys(stats.find((s) => s.operation === op)?.statuses ?? {})
          .map(Number)
          .filter((code) => Number.isInteger(code)),
      );
    const checksRun = [...new Set(run.results.filter((r) => r.api === api).map((r) => r.check))].sort();
    const checksLine = `<p class="checks-run"><b>${checksRun.length}</b> checks run: ${checksRun.map((c) => `<code>${h(c)}</code>`).join(' ')}</p>`;
    if (!docs) {
      return `<h3>${h(api)}</h3><p class="note">Not in the catalogue: documented statuses unknown.</p>${checksLine}`;
    }
    const codes = [...new Set(docs.flatMap((d) => [...d.statuses, ...received(d.id)]))].sort((a, b) => a - b);
    let documentedCount = 0;
    let exercised = 0;
    const rows = docs.map((d) => {
      const got = received(d.id);
      const tds = codes.map((code) => {
        const isDoc = d.statuses.includes(code);
        if (isDoc) documentedCount++;
        if (isDoc && got.has(code)) {
          exercised++;
          return `<td class="cov yes" title="documented, exercised">✓</td>`;
        }
        if (isDoc) return `<td class="cov no" title="documented, not exercised">–</td>`;
        if (got.has(code) && d.hasDefault)
          return `<td class="cov yes" title="covered by the default response">✓ᵈ</td>`;
        if (got.has(code)) return `<td class="cov undoc" title="received but not documented">!</td>`;
        return '<td class="cov na"></td>';
      });
      return `<tr><th>${h(d.id)}</th>${tds.join('')}</tr>`;
    });
    const pct = documentedCount ? Math.round((exercised / documentedCount) * 100) : 0;
    return `<h3>${h(api)} <span class="cov-figure" data-api="${h(api)}" data-exercised="${exercised}" data-documented="${documentedCount}">${exercised} of ${documentedCount} documented statuses exercised (${pct}%)</span></h3>
<table class="coverage"><tr><th>operation</th>${codes.map((c) => `<th>${c}</th>`).join('')}</tr>${rows.join('')}</table>${checksLine}`;
  });
  return section(
    'coverage',
    'Coverage',
    parts.join(''),
    '✓ documented and exercised (ᵈ by the default response) · – documented, never received · ! received but not documented.',
  );
}

function link(r: Result): string {
  return `<a class="rlink" href="${h(resultAnchor(r.id))}">${h(r.id)}</a>`;
}

function formatTotals(totals: unknown): string {
  if (totals === undefined) return '–';
  if (totals && typeof totals === 'object') {
    return Object.entries(totals as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${h(k)}&nbsp;<b>${h(String(v))}</b>`)
      .join(' · ');
  }
  return h(String(totals));
}

function paginationSection(run: RunResults): string {
  // Several checks judge the same walk: one row per walk, naming every result that used it.
  const rows = new Map<string, { api: string; operation: string; walk: PaginationWalk; results: Result[] }>();
  for (const r of [...run.results].sort(bySeverity)) {
    for (const walk of paginationWalksOf(r)) {
      const key = `${r.api}\u0000${r.operation}\u0000${JSON.stringify(walk)}`;
      const row = rows.get(key) ?? { api: r.api, operation: r.operation, walk, results: [] };
      row.results.push(r);
      rows.set(key, row);
    }
  }
  if (rows.size === 0)
    return section('pagination', 'Pagination walks', '<p class="note">No pagination walks in this run.</p>');
  const order = (a: { api: string }, b: { api: string }) => run.apis.indexOf(a.api) - run.apis.indexOf(b.api);
  const body = [...rows.values()].sort(order).map(({ api, operation, walk, results }) => {
    const checks = results.map((r) => `${statusBadge(r.status)} ${link(r)}`).join('<br>');
    return `<tr data-api="${h(api)}" data-operation="${h(operation)}"><td>${h(api)}</td><td>${h(operation)}</td><td class="num">${walk.size ?? '–'}</td><td class="num">${walk.pages}</td><td class="num">${walk.items ?? '–'}</td><td class="num">${walk.unique ?? '–'}</td><td>${h(walk.stoppedBy ?? '–')}</td><td>${formatTotals(walk.totals)}</td><td>${checks}</td></tr>`;
  });
  return section(
    'pagination',
    'Pagination walks',
    `<table class="walks"><tr><th>API</th><th>operation</th><th>page size</th><th>pages</th><th>items</th><th>unique</th><th>stopped by</th><th>totals</th><th>results</th></tr>${body.join('')}</table>`,
  );
}

function contractSection(run: RunResults): string {
  const findings = run.results.filter(isContractFinding).sort(bySeverity);
  const checked = run.options.contracts === true || run.results.some((r) => r.check.startsWith('contract.'));
  if (findings.length === 0)
    return section(
      'contract',
      'Contract findings (pact vs schema)',
      checked
        ? '<p class="note">No contract findings in this run.</p>'
        : '<p class="note" id="contracts-not-checked">Contracts were not checked in this run (run with <code>--contracts</code>).</p>',
    );
  const rows = findings.map(
    (r) =>
      `<tr><td>${statusBadge(r.status)}</td><td><code>${h(r.code ?? '')}</code></td><td>${h(r.api)}</td><td>${h(r.operation)}</td><td>${h(r.message)}<br>${link(r)}</td><td class="src">${h(r.source.doc)}</td></tr>`,
  );
  return section(
    'contract',
    'Contract findings (pact vs schema)',
    `<table class="contract"><tr><th></th><th>code</th><th>API</th><th>operation</th><th>finding</th><th>pact / doc</th></tr>${rows.join('')}</table>`,
  );
}

function baselineSection(run: RunResults): string {
  const b = run.baseline;
  if (!b) return '';
  const byId = new Map(run.results.map((r) => [r.id, r]));
  const list = (ids: string[]) =>
    ids.length === 0
      ? '<p class="note">none</p>'
      : `<ul>${ids
          .map((id) => {
            const r = byId.get(id);
            return `<li>${r ? `${statusBadge(r.status)} ${link(r)} — ${h(r.message)}` : h(id)}</li>`;
          })
          .join('')}</ul>`;
  const enums =
    b.newEnumValues.length === 0
      ? '<p class="note">none</p>'
      : `<ul>${b.newEnumValues.map((e) => `<li><b>${h(e.api)}</b> ${h(e.enum)}: <code>${h(e.value)}</code></li>`).join('')}</ul>`;
  return section(
    'baseline',
    'Since the baseline',
    `<h3>New failures (${b.newFailures.length})</h3>${list(b.newFailures)}
<h3>Fixed (${b.fixed.length})</h3>${list(b.fixed)}
<h3>Enum values seen for the first time (${b.newEnumValues.length})</h3>${enums}`,
    `Compared with <code>${h(shownPath(b.source))}</code>.`,
  );
}

/** Under the verdict: how many results the config file's expectations accepted, and what needs acting on. */
function expectationLine(run: RunResults): string {
  const e = run.expectations;
  if (!e) return '';
  return `<p class="expectation-note" id="expectation-line"><a href="#expectations"><b>${run.summary.expected}</b> expected</a> (accepted by ${e.count} expectation(s) of <code>${h(e.source)}</code>)${
    e.expired.length ? ` · <b>${e.expired.length}</b> expired` : ''
  }${e.unmatched.length ? ` · <b>${e.unmatched.length}</b> matched nothing` : ''}</p>`;
}

function expectationsSection(run: RunResults): string {
  const e = run.expectations;
  if (!e) return '';
  const expected = run.results.filter((r) => r.status === 'expected');
  const list =
    expected.length === 0
      ? '<p class="note">none</p>'
      : `<ul>${expected
          .map(
            (r) =>
              `<li>${statusBadge(r.status)} ${link(r)} — ${h(r.message)}<br><span class="rreason">expected because: ${h(r.expectation?.reason ?? '')}</span> <code>${h(r.expectation?.pointer ?? '')}</code>${r.expectation?.until ? ` until ${h(r.expectation.until)}` : ''}</li>`,
          )
          .join('')}</ul>`;
  const expired =
    e.expired.length === 0
      ? '<p class="note">none</p>'
      : `<ul>${e.expired
          .map(
            (x) =>
              `<li><code>${h(x.pointer)}</code> expired on ${h(x.until)} (“${h(x.reason)}”): ${x.results.map((id) => `<a class="rlink" href="${h(resultAnchor(id))}">${h(id)}</a>`).join(', ')} count as failures again</li>`,
          )
          .join('')}</ul>`;
  const unmatched =
    e.unmatched.length === 0
      ? '<p class="note">none</p>'
      : `<ul>${e.unmatched.map((x) => `<li><code>${h(x.pointer)}</code> ${h(x.scope)} (“${h(x.reason)}”) matched no result: remove it if the provider fixed the deviation</li>`).join('')}</ul>`;
  return section(
    'expectations',
    'Expectations (known deviations)',
    `<h3>Expected (${expected.length})</h3>${list}
<h3>Expired (${e.expired.length})</h3>${expired}
<h3>Matched nothing (${e.unmatched.length})</h3>${unmatched}`,
    `From <code>${h(e.source)}</code>: ${e.count} expectation(s). An expected result does not fail the run.`,
  );
}

/** Which reading of an API the run used: our schema version and the official document last diffed against. */
function readingOf(run: RunResults, api: string): string {
  const reading = run.readings?.[api];
  if (!reading) return '';
  const official = reading.official
    ? `; official document <code>${h(reading.official.document.split('/').pop() ?? '')}</code> of ${h(reading.official.date)} (diffed ${h(reading.official.diffed)})`
    : '; no official document diffed';
  return `schemas ${h(reading.schemaVersion)}${official}`;
}

function metadataSection(run: RunResults): string {
  const rows: [string, string][] = [
    ['tool', `${h(run.tool.name)} ${h(run.tool.version)}`],
    ['run id', `<code>${h(run.runId)}</code>`],
    ['target', h(run.target)],
    ['started', h(run.startedAt)],
    ['duration', ms(run.durationMs)],
    ['writes allowed', run.options.allowWrites ? 'yes' : 'no'],
    ...(run.options.checks ? [['checks', `<code>${h(run.options.checks)}</code>`] as [string, string]] : []),
    ...(run.options.shard ? [['shard', h(run.options.shard)] as [string, string]] : []),
    [
      'APIs',
      `<table class="kv">${run.apis
        .map(
          (a) =>
            `<tr><td>${h(a)}</td><td><code>${h(run.baseUrls[a] ?? '')}</code></td><td class="num">${run.requestCounts[a] ?? 0} requests</td><td class="reading">${readingOf(run, a)}</td></tr>`,
        )
        .join('')}</table>`,
    ],
  ];
  if (run.shards?.length) {
    rows.push([
      'merged from',
      run.shards
        .map(
          (s) =>
            `<code>${h(s.runId)}</code>${s.shard ? ` (shard ${h(s.shard)})` : ''}: ${h(s.apis.join(', '))}, started ${h(s.startedAt)}, ${ms(s.durationMs)}`,
        )
        .join('<br>'),
    ]);
  }
  return section(
    'metadata',
    'Run',
    `<table class="kv meta">${rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</table>`,
  );
}

/** The whole report page for a run. */
export function renderHtml(run: RunResults, options: HtmlOptions = {}): string {
  const documented = options.documented ?? catalogueOperations;
  const results = [...run.results].sort(bySeverity).map(pageResult);
  const data = jsonForScript({ runId: run.runId, baseline: !!run.baseline, results });
  const scriptHash = createHash('sha256').update(CLIENT_SCRIPT).digest('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${scriptHash}'; base-uri 'none'; form-action 'none'`;
  const title = `${verdictHeadline(run)} · jobs-conformance ${run.runId}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>${h(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${header(run)}
<main>
${matrix(run)}
${resultsSection(run)}
${baselineSection(run)}
${expectationsSection(run)}
${operationsSection(run, documented)}
${coverageSection(run, documented)}
${paginationSection(run)}
${contractSection(run)}
${metadataSection(run)}
</main>
<footer>Made by ${h(run.tool.name)} ${h(run.tool.version)} from results.json · enum values seen: ${h(
    String(
      new Set(run.results.flatMap((r) => enumValuesOf(r).map((e) => `${r.api}:${e.enum}:${e.value}`))).size,
    ),
  )}</footer>
<script type="application/json" id="run-data">${data}</script>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}
