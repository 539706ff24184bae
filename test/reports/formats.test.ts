import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { create } from 'xmlbuilder2';
import type { Result, RunResults } from '../../src/core/index.ts';
import { registerSecret } from '../../src/http/redact.ts';
import { renderHar } from '../../src/reports/har.ts';
import { catalogueOperations, HTML_BODY_LIMIT, renderHtml, resultAnchor } from '../../src/reports/html.ts';
import { junitCases, renderJunit, testcaseName } from '../../src/reports/junit.ts';
import { MARKDOWN_LIST_LIMIT, renderMarkdown } from '../../src/reports/markdown.ts';
import { cellKey, matrixOf } from '../../src/reports/stats.ts';
import { largeRun, sampleRun } from './fixtures/build.ts';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

const run = sampleRun();
const html = renderHtml(run);

/** The results the page embeds for its script. */
function embedded(page: string): {
  results: (Result & { evidence: { response?: { body: string; bodyCut?: number } }[] })[];
} {
  const m = /<script type="application\/json" id="run-data">([\s\S]*?)<\/script>/.exec(page);
  if (!m) throw new Error('no run data');
  return JSON.parse(m[1]!);
}

describe('index.html', () => {
  it('is self-contained: no src or href to any http(s) URL, no external resource at all', () => {
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/<link\b|@import|url\(/i);
    expect(html).toContain("default-src 'none'");
  });

  it('allows exactly its own script, by hash in the Content-Security-Policy', async () => {
    const { createHash } = await import('node:crypto');
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(script).digest('base64');
    expect(html).toContain(`script-src 'sha256-${hash}'`);
  });

  it('embeds every result as JSON that a </script> in a body cannot break out of', () => {
    const bodies = run.results.flatMap((r) => r.evidence.map((x) => x.response?.body ?? ''));
    expect(bodies.some((b) => b.includes('</script><script>'))).toBe(true);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).not.toContain('window.__pwned = 1</script>');
    const data = embedded(html);
    expect(data.results).toHaveLength(run.results.length);
    expect(
      data.results.some((r) => r.evidence.some((x) => x.response?.body.includes('</script><script>'))),
    ).toBe(true);
  });

  it('shows the verdict and the counts', () => {
    expect(html).toMatch(/<div id="verdict" class="verdict fail" data-verdict="fail">Failed/);
    for (const [status, n] of Object.entries(run.summary)) {
      if (status !== 'total')
        expect(html).toContain(`<span class="chip ${status}" data-status="${status}"><b>${n}</b>`);
    }
  });

  it('has an API × check matrix whose cells hold the counts per status', () => {
    const { apis, checks, cells } = matrixOf(run);
    for (const api of apis) {
      for (const check of checks) {
        const cell = cells.get(cellKey(api, check));
        if (!cell) continue;
        expect(html).toContain(
          `data-api="${api}" data-check="${check}" data-pass="${cell.pass}" data-fail="${cell.fail}" data-warn="${cell.warn}" data-skip="${cell.skip}" data-error="${cell.error}"`,
        );
      }
    }
    expect(html).toMatch(/data-api="vectara-v2" data-check="status.documented" data-pass="1" data-fail="1"/);
  });

  it('cuts long bodies in the embedded evidence, noting the full length', () => {
    const long = embedded(html)
      .results.flatMap((r) => r.evidence)
      .find((x) => x.response?.bodyCut);
    expect(long?.response?.body.length).toBe(HTML_BODY_LIMIT);
    expect(long?.response?.bodyCut).toBeGreaterThan(HTML_BODY_LIMIT);
  });

  it('names the schema path and doc of a broken rule (in the data the result details show)', () => {
    const failure = embedded(html).results.find((r) => r.id === 'cloudflare-ai-search/listJobs/body.schema');
    expect(failure?.source).toEqual({
      rule: 'schema: envelope.schema.json#/$defs/ResultInfo',
      doc: 'provider-docs/README.md#cloudflare-ai-search-jobs',
      schemaPath: '#/$defs/ResultInfo/required',
    });
  });

  it('shows coverage: documented statuses of every catalogue operation against those received', () => {
    for (const api of run.apis) {
      const ops = catalogueOperations(api)!;
      const documented = ops.reduce((n, op) => n + op.statuses.length, 0);
      const exercised = ops.reduce((n, op) => {
        const got = run.operations.find((o) => o.api === api && o.operation === op.id)?.statuses ?? {};
        return n + op.statuses.filter((s) => got[s] !== undefined).length;
      }, 0);
      expect(html).toContain(
        `data-api="${api}" data-exercised="${exercised}" data-documented="${documented}"`,
      );
    }
    // vectara-v2 getJob answered 500, which it does not document.
    expect(html).toMatch(/<td class="cov undoc" title="received but not documented">!<\/td>/);
  });

  it('lists pagination walks with pages, items and totals, and links each to its result', () => {
    const section = html.slice(
      html.indexOf('<section id="pagination">'),
      html.indexOf('<section id="contract">'),
    );
    expect(section).toContain(
      `href="${resultAnchor('cloudflare-ai-search-namespaced/listJobLogs/pagination.totals')}"`,
    );
    // The simple shape {pages, items, totals} …
    expect(section).toMatch(
      /<td class="num">–<\/td><td class="num">2<\/td><td class="num">100<\/td><td class="num">–<\/td><td>–<\/td><td>result_info_total_count&nbsp;<b>120<\/b>/,
    );
    // … and the runner's {walks: [{size, pages, items, unique, stoppedBy, totals}]}, one row per walk
    // however many checks judged it.
    const rows = section.match(/<tr data-api="vectara-v2" data-operation="listJobs">.*?<\/tr>/g) ?? [];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(
      /<td class="num">20<\/td><td class="num">3<\/td><td class="num">57<\/td><td class="num">57<\/td><td>end<\/td>/,
    );
    expect(rows[0]!.match(/class="rlink"/g)).toHaveLength(3);
  });

  it('draws latency per operation as an inline SVG chart, one row per measured operation', () => {
    const charts = html.match(/<svg class="latency"[\s\S]*?<\/svg>/g) ?? [];
    expect(charts).toHaveLength(run.apis.length);
    const emporix = charts[run.apis.indexOf('emporix-ai-service')]!;
    const measured = run.operations.filter((o) => o.api === 'emporix-ai-service');
    expect(emporix.match(/<rect /g)).toHaveLength(measured.length);
  });

  it('lists the contract findings with their codes', () => {
    const section = html.slice(
      html.indexOf('<section id="contract">'),
      html.indexOf('<section id="metadata">'),
    );
    expect(section).toContain('pact.unknown-path');
    expect(section).toContain('pact.status-undocumented');
    expect(section).not.toContain('status.documented');
  });

  it('shows the run metadata', () => {
    for (const text of [run.runId, run.tool.version, run.startedAt, run.baseUrls['vectara-v1']!])
      expect(html).toContain(text);
  });

  it('escapes what results say in the static sections', () => {
    const evil = sampleRun();
    evil.results[0]!.message = '<img src=x onerror=alert(1)>';
    evil.results[0]!.data = { pages: 1, items: 1, totals: { '<b>': '<script>' } };
    const page = renderHtml(evil);
    expect(page).not.toContain('<img src=x');
    expect(page).not.toContain('<b>:');
  });

  it('renders 10,000 results into one page', () => {
    const big = largeRun();
    const page = renderHtml(big);
    expect(embedded(page).results).toHaveLength(10_000);
  });
});

/** An element parsed back from the XML, entities decoded. */
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
  const children = Array.from(node.childNodes).filter((c) => c.nodeType === 1);
  return {
    tag: node.tagName,
    attrs: Object.fromEntries(Array.from(node.attributes).map((a) => [a.name, a.value])),
    children: children.map(toEl),
    text: node.textContent ?? '',
  };
}

/** Parses the XML (throws when it is not well-formed) into plain elements. */
function parseXml(xml: string): El {
  return toEl(create(xml).root().node as unknown as DomElement);
}
const kids = (el: El | undefined, tag: string) => (el?.children ?? []).filter((c) => c.tag === tag);
const kid = (el: El | undefined, tag: string) => kids(el, tag)[0];

describe('junit.xml', () => {
  const xml = renderJunit(run);
  const root = parseXml(xml);
  const suites = kids(root, 'testsuite');
  const suite = (api: string) => suites.find((s) => s.attrs.name === api);
  const testcase = (api: string, name: string) =>
    kids(suite(api), 'testcase').find((t) => t.attrs.name === name);

  it('has one testsuite per API under <testsuites>, with the counts', () => {
    expect(root.tag).toBe('testsuites');
    expect(suites.map((s) => s.attrs.name)).toEqual(run.apis);
    expect(root.attrs).toMatchObject({ failures: '5', errors: '1', skipped: '2' });
    expect(suite('vectara-v1')?.attrs).toMatchObject({ failures: '0', skipped: '2' });
  });

  it('has one testcase per (operation, check), named operation › check, classname api.operation', () => {
    const cases = junitCases(run);
    for (const s of suites) {
      const api = s.attrs.name!;
      const testcases = kids(s, 'testcase');
      expect(testcases.map((t) => t.attrs.name)).toEqual(cases.get(api)!.map(testcaseName));
      for (const t of testcases) expect(t.attrs.classname).toBe(`${api}.${t.attrs.name!.split(' › ')[0]}`);
      expect(s.attrs.tests).toBe(String(testcases.length));
    }
  });

  it('gives a failure its message, rule and evidence; an error, a skip and a warning their own forms', () => {
    const failure = kid(testcase('cloudflare-ai-search', 'listJobs › body.schema'), 'failure');
    expect(failure?.attrs.message).toContain("must have required property 'count'");
    expect(failure?.text).toContain('schema path: #/$defs/ResultInfo/required');
    expect(failure?.text).toContain('GET http://127.0.0.1:41001/client/v4/accounts/');
    expect(failure?.text).toContain('→ 200');
    const html500 = kid(testcase('vectara-v2', 'getJob › status.documented'), 'failure');
    expect(html500?.text).toContain('</script><script>window.__pwned = 1</script>');
    const error = kid(testcase('emporix-ai-service', 'deleteJob › auth.read-only-delete'), 'error');
    expect(error?.attrs.message).toContain('rate limited');
    expect(error?.text).toContain('no response: rate-limited');
    const warn = testcase('emporix-ai-service', 'getJob › enum.known');
    expect(kid(warn, 'failure')).toBeUndefined();
    expect(kid(warn, 'system-out')?.text).toContain("agentType 'support' is deprecated");
    expect(kid(testcase('vectara-v1', 'listJobs › lifecycle.cancel'), 'skipped')).toBeDefined();
    expect(kid(testcase('vectara-v1', 'listJobs › status.documented'), 'failure')).toBeUndefined();
  });

  it('folds repeated results of one (operation, check) into one testcase that fails if any fails', () => {
    const big = largeRun(2000);
    const parsed = parseXml(renderJunit(big));
    const cases = [...junitCases(big).values()].flat();
    expect(cases.some((c) => c.results.length > 1)).toBe(true);
    const failing = cases.filter((c) => c.results.some((r) => r.status === 'fail')).length;
    expect(parsed.attrs.failures).toBe(String(failing));
    expect(kids(parsed, 'testsuite').flatMap((s) => kids(s, 'testcase'))).toHaveLength(cases.length);
  });

  it('stays well-formed with control characters and CDATA ends in a body', () => {
    const odd = sampleRun();
    const r = odd.results.find((x) => x.status === 'fail')!;
    r.message = 'bad \u0000 byte ]]> and <tag> & "quotes"';
    r.evidence[0]!.response!.body = '\u0001\u0008]]><![CDATA[x';
    const parsed = parseXml(renderJunit(odd));
    const failure = kids(parsed, 'testsuite')
      .flatMap((s) => kids(s, 'testcase'))
      .map((t) => kid(t, 'failure'))
      .find((f) => f?.attrs.message?.startsWith('bad'));
    expect(failure?.attrs.message).toBe('bad \uFFFD byte ]]> and <tag> & "quotes"');
    expect(failure?.text).toContain('\uFFFD\uFFFD]]><![CDATA[x');
  });
});

describe('summary.md', () => {
  const md = renderMarkdown(run);

  it('leads with the verdict and the counts, then a row per API', () => {
    expect(md.split('\n')[0]).toBe('## ❌ jobs-conformance: Failed');
    expect(md).toContain('**190** results · 180 passed · **5 failed** · 2 warnings · 2 skipped · 1 errors');
    expect(md).toContain('| vectara-v2 | 16 | 1 | 1 | 0 | 0 | 0 | 17 |');
  });

  it('lists failures and errors, escaped, and stays short with thousands of them', () => {
    expect(md).toContain('`fail` **vectara-v2** getJob · `status.documented` — status 500 is not documented');
    expect(md).toContain('result\\_info.total\\_count says 120');
    const big = renderMarkdown(largeRun());
    const listed = big.split('\n').filter((l) => l.startsWith('- `'));
    expect(listed).toHaveLength(MARKDOWN_LIST_LIMIT);
    expect(big).toMatch(/- … and \d+ more/);
    expect(big.length).toBeLessThan(8_000);
  });

  it('says Passed with no failure section for a clean run', () => {
    const clean = sampleRun();
    clean.results = clean.results.filter((r) => r.status === 'pass');
    clean.summary = {
      total: clean.results.length,
      pass: clean.results.length,
      fail: 0,
      warn: 0,
      skip: 0,
      error: 0,
      expected: 0,
    };
    const text = renderMarkdown(clean);
    expect(text).toContain('✅ jobs-conformance: Passed');
    expect(text).not.toContain('Failures and errors');
  });
});

describe('exchanges.har', () => {
  const schema = JSON.parse(readFileSync(new URL('./fixtures/har-1.2.schema.json', import.meta.url), 'utf8'));
  const ajv = new Ajv2020({ strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  it('is valid HAR 1.2', () => {
    const har = renderHar(run);
    expect(validate(har), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('holds every evidence exchange once, oldest first', () => {
    const har = renderHar(run);
    const ids = new Set(run.results.flatMap((r) => r.evidence.map((x) => x.id)));
    const cited = run.results.reduce((n, r) => n + r.evidence.length, 0);
    expect(cited).toBeGreaterThan(ids.size); // the pagination checks share their walk
    expect(har.log.entries.map((e) => e._id).sort()).toEqual([...ids].sort());
    const times = har.log.entries.map((e) => e.startedDateTime);
    expect(times).toEqual([...times].sort());
  });

  it('records a transport failure as status 0 with the error', () => {
    const entry = renderHar(run).log.entries.find((e) => e.response.status === 0)!;
    expect(entry.response._error).toMatch(/^rate-limited: 429 after 3 attempts/);
    expect(entry._attempts).toBe(3);
  });

  it('redacts secrets the recorder missed, in headers, URLs and bodies', () => {
    const leaky: RunResults = sampleRun();
    const x = leaky.results.find((r) => r.evidence.length)!.evidence[0]!;
    x.request.url += '?api_key=sk-live-0123456789';
    x.request.headers['x-api-key'] = 'sk-live-0123456789';
    x.response!.body = '{"note":"token sk-live-0123456789"}';
    registerSecret('sk-live-0123456789');
    const text = JSON.stringify(renderHar(leaky));
    expect(validate(JSON.parse(text))).toBe(true);
    expect(text).not.toContain('sk-live-0123456789');
    expect(renderJunit(leaky)).not.toContain('sk-live-0123456789');
    expect(renderHtml(leaky)).not.toContain('sk-live-0123456789');
  });
});

describe('index.html coverage edge cases', () => {
  it('counts a status covered by a default response as documented, not as undocumented', () => {
    const run = sampleRun();
    const v1 = run.operations.find((o) => o.api === 'vectara-v1' && o.operation === 'listJobs')!;
    v1.statuses['400'] = 1; // vectara-v1 listJobs documents 200 and default
    const page = renderHtml(run);
    const section = page.slice(page.indexOf('<h3>vectara-v1'), page.indexOf('<h3>vectara-v2'));
    expect(section).toContain('title="covered by the default response">✓ᵈ</td>');
    expect(section).not.toContain('cov undoc');
  });

  it('renders an API the catalogue does not know, saying its documented statuses are unknown', () => {
    const run = sampleRun();
    run.apis.push('acme-jobs');
    run.results[0] = { ...run.results[0]!, api: 'acme-jobs', id: 'acme-jobs/listJobs/status.documented' };
    const page = renderHtml(run);
    expect(page).toContain(
      '<h3>acme-jobs</h3><p class="note">Not in the catalogue: documented statuses unknown.</p>',
    );
    expect(page).toContain('data-api="acme-jobs" data-check="status.documented"');
  });
});
