/**
 * A run that could not check some of its APIs (RunResults.notChecked, live settings missing) never
 * reads as a plain "Passed": every report's verdict names the APIs not checked and why.
 */
import { describe, expect, it } from 'vitest';
import { create } from 'xmlbuilder2';
import { apiIds } from '../../src/catalogue/index.ts';
import { type Result, type RunResults, summarize } from '../../src/core/index.ts';
import { renderHtml } from '../../src/reports/html.ts';
import { renderJunit } from '../../src/reports/junit.ts';
import { renderMarkdown } from '../../src/reports/markdown.ts';
import { mergeRuns } from '../../src/reports/merge.ts';
import { notCheckedText, verdictHeadline } from '../../src/reports/stats.ts';
import { resultsProblem } from '../../src/reports/validate.ts';
import { sampleRun } from './fixtures/build.ts';

/** In the run's API order (the sample run's: cloudflare…, emporix-ai-service, vectara-v1, vectara-v2). */
const NOT_CHECKED = [
  { api: 'emporix-ai-service', reason: 'live settings missing: EMPORIX_TENANT' },
  { api: 'vectara-v1', reason: 'live settings missing: VECTARA_API_KEY, VECTARA_CUSTOMER_ID' },
];

/** The sample run made green, with the APIs in `notChecked` skipped as the runner skips them. */
function partialRun(notChecked = NOT_CHECKED, runId = 'partial'): RunResults {
  const base = sampleRun({ runId });
  const unchecked = new Map(notChecked.map((n) => [n.api, n.reason]));
  const results = base.results.map((r): Result => {
    const reason = unchecked.get(r.api);
    return reason
      ? { ...r, status: 'skip', message: `not checked: ${reason}`, evidence: [] }
      : { ...r, status: 'pass' };
  });
  return { ...base, results, summary: summarize(results), notChecked };
}

const run = partialRun();
/** How many APIs the sample run holds: every API of the catalogue. */
const ALL = apiIds().length;

describe('the verdict of a run with APIs not checked', () => {
  it('is valid against results.schema.json', () => {
    expect(resultsProblem(run)).toBeUndefined();
  });

  it('says how many of the selected APIs were not checked, and why', () => {
    expect(run.apis).toHaveLength(apiIds().length);
    expect(verdictHeadline(run)).toBe(`Passed — 2 of ${ALL} APIs not checked`);
    expect(verdictHeadline(run, true)).toBe(
      `Passed — 2 of ${ALL} APIs not checked: emporix-ai-service (live settings missing: EMPORIX_TENANT), ` +
        'vectara-v1 (live settings missing: VECTARA_API_KEY, VECTARA_CUSTOMER_ID)',
    );
    expect(notCheckedText(sampleRun())).toBeUndefined();
    expect(verdictHeadline(sampleRun())).toBe('Failed');
  });

  it('reads "Nothing checked" when no selected API could be checked', () => {
    const none = partialRun(
      sampleRun().apis.map((api) => ({ api, reason: 'live settings missing' })),
      'none',
    );
    expect(none.summary.pass).toBe(0);
    const n = apiIds().length;
    expect(verdictHeadline(none)).toBe(`Nothing checked — ${n} of ${n} APIs not checked`);
  });
});

describe('summary.md', () => {
  const md = renderMarkdown(run);
  const lines = md.split('\n');

  it('puts the not-checked APIs in the verdict heading and lists them right under it', () => {
    expect(lines[0]).toBe(`## ⚠️ jobs-conformance: Passed — 2 of ${ALL} APIs not checked`);
    expect(lines.slice(1, 6)).toEqual([
      '',
      '**Not checked:**',
      '',
      '- **emporix-ai-service** — live settings missing: EMPORIX\\_TENANT',
      '- **vectara-v1** — live settings missing: VECTARA\\_API\\_KEY, VECTARA\\_CUSTOMER\\_ID',
    ]);
  });

  it('keeps the plain verdict of a run that checked everything', () => {
    const whole = { ...run, notChecked: undefined, runId: 'whole' };
    expect(renderMarkdown(whole).split('\n')[0]).toBe('## ✅ jobs-conformance: Passed');
    expect(renderMarkdown(whole)).not.toContain('Not checked');
  });
});

describe('index.html', () => {
  const html = renderHtml(run);

  it('marks the verdict partial and names the not-checked APIs with their reasons under it', () => {
    expect(html).toContain(
      `<div id="verdict" class="verdict pass partial" data-verdict="pass" data-not-checked="emporix-ai-service vectara-v1">Passed — 2 of ${ALL} APIs not checked`,
    );
    const list = /<ul id="not-checked" class="not-checked">(.*?)<\/ul>/.exec(html)?.[1];
    expect(list).toBe(
      '<li data-api="emporix-ai-service"><b>emporix-ai-service</b> not checked: live settings missing: EMPORIX_TENANT</li>' +
        '<li data-api="vectara-v1"><b>vectara-v1</b> not checked: live settings missing: VECTARA_API_KEY, VECTARA_CUSTOMER_ID</li>',
    );
    expect(html).toContain(`<title>Passed — 2 of ${ALL} APIs not checked · jobs-conformance partial</title>`);
  });

  it('escapes a reason', () => {
    const odd = partialRun([{ api: 'vectara-v2', reason: '<img src=x onerror=alert(1)>' }], 'odd');
    const page = renderHtml(odd);
    expect(page).toContain('not checked: &#60;img src=x onerror=alert(1)&#62;</li>');
    expect(page).not.toContain('<img src=x');
  });
});

interface El {
  tag: string;
  attrs: Record<string, string>;
  children: El[];
  text: string;
}
interface DomElement {
  nodeType: number;
  tagName: string;
  textContent: string | null;
  attributes: ArrayLike<{ name: string; value: string }>;
  childNodes: ArrayLike<DomElement>;
}
function toEl(node: DomElement): El {
  return {
    tag: node.tagName,
    attrs: Object.fromEntries(Array.from(node.attributes).map((a) => [a.name, a.value])),
    children: Array.from(node.childNodes)
      .filter((c) => c.nodeType === 1)
      .map(toEl),
    text: node.textContent ?? '',
  };
}
const parseXml = (xml: string) => toEl(create(xml).root().node as unknown as DomElement);
const kids = (el: El | undefined, tag: string) => (el?.children ?? []).filter((c) => c.tag === tag);

describe('junit.xml', () => {
  const root = parseXml(renderJunit(run));
  const suite = (api: string) => kids(root, 'testsuite').find((s) => s.attrs.name === api);
  const property = (api: string, name: string) =>
    kids(kids(suite(api), 'properties')[0], 'property').find((p) => p.attrs.name === name)?.attrs.value;

  it("names the not-checked APIs on <testsuites> and gives each one's suite the reason", () => {
    expect(root.attrs.name).toBe(`jobs-conformance partial (2 of ${ALL} APIs not checked)`);
    expect(property('emporix-ai-service', 'notChecked')).toBe(NOT_CHECKED[0]!.reason);
    expect(property('vectara-v1', 'notChecked')).toBe(NOT_CHECKED[1]!.reason);
    expect(property('vectara-v2', 'notChecked')).toBeUndefined();
    const out = kids(suite('vectara-v1'), 'system-out')[0]?.text ?? '';
    expect(out).toContain(`vectara-v1 not checked: ${NOT_CHECKED[1]!.reason}`);
    expect(out).toContain(`2 of ${ALL} APIs not checked: emporix-ai-service (`);
    // system-out follows the testcases, as the JUnit schema orders them.
    expect(suite('vectara-v1')!.children.at(-1)?.tag).toBe('system-out');
    expect(kids(suite('vectara-v2'), 'system-out')).toEqual([]);
  });

  it('gives a not-checked API without results one skipped testcase, so the suite is not empty', () => {
    const bare: RunResults = {
      ...run,
      results: run.results.filter((r) => r.api !== 'vectara-v1'),
    };
    bare.summary = summarize(bare.results);
    const s = kids(parseXml(renderJunit(bare)), 'testsuite').find((x) => x.attrs.name === 'vectara-v1');
    expect(s?.attrs).toMatchObject({ tests: '1', skipped: '1', failures: '0', errors: '0' });
    const tc = kids(s, 'testcase')[0];
    expect(tc?.attrs.name).toBe('(all) › not checked');
    expect(kids(tc, 'skipped')[0]?.attrs.message).toBe(`not checked: ${NOT_CHECKED[1]!.reason}`);
  });
});

describe('report merge', () => {
  it('keeps the APIs a shard could not check', () => {
    const a = partialRun([NOT_CHECKED[1]!], 'shard-a');
    const b = { ...sampleRun({ runId: 'shard-b', startedAt: '2026-11-22T10:05:00.000Z' }), apis: [] };
    b.results = [];
    b.summary = summarize([]);
    const merged = mergeRuns([a, b]);
    expect(merged.notChecked).toEqual([NOT_CHECKED[1]]);
    expect(resultsProblem(merged)).toBeUndefined();
  });
});
