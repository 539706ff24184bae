/**
 * junit.xml: one <testsuite> per API, one <testcase> per (operation, check), in the shape GitLab's
 * test report and the common GitHub JUnit actions read (classname = api.operation, name =
 * "operation › check"). Failures and errors carry their message and evidence; skips are <skipped>;
 * warnings pass, with the warning in <system-out>; expected results (known deviations) are <skipped>
 * with the reason, like a test runner's expected failure. An API the run could not check at all
 * (RunResults.notChecked) says so on its <testsuite>: a `notChecked` property with the reason and a
 * <system-out> line (and, when it has no testcase, one skipped testcase "(all) › not checked").
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { type Result, type RunResults, shownPath } from '../core/index.ts';
import { bySeverity, countsOf, notCheckedCount, notCheckedOf, notCheckedText } from './stats.ts';
import { exchangeText, sourceText } from './text.ts';

/** Characters of failure text per testcase, so a run with thousands of failures stays a sane file. */
export const JUNIT_TEXT_LIMIT = 16_000;

export interface JunitCase {
  api: string;
  operation: string;
  check: string;
  results: Result[];
}

/** Results grouped by (api, operation, check), in first-seen order per API. */
export function junitCases(run: RunResults): Map<string, JunitCase[]> {
  const byApi = new Map<string, Map<string, JunitCase>>();
  for (const api of run.apis) byApi.set(api, new Map());
  for (const r of run.results) {
    let cases = byApi.get(r.api);
    if (!cases) {
      cases = new Map();
      byApi.set(r.api, cases);
    }
    const key = `${r.operation}\u0000${r.check}`;
    let c = cases.get(key);
    if (!c) {
      c = { api: r.api, operation: r.operation, check: r.check, results: [] };
      cases.set(key, c);
    }
    c.results.push(r);
  }
  return new Map([...byApi].map(([api, cases]) => [api, [...cases.values()]]));
}

export function testcaseName(c: Pick<JunitCase, 'operation' | 'check'>): string {
  return `${c.operation} › ${c.check}`;
}

function prefix(r: Result): string {
  return r.baseline === 'new' ? '[new] ' : r.baseline === 'fixed' ? '[fixed] ' : '';
}

function limit(text: string): string {
  return text.length > JUNIT_TEXT_LIMIT
    ? `${text.slice(0, JUNIT_TEXT_LIMIT)}\n… (cut: see index.html)`
    : text;
}

function detail(results: Result[]): string {
  return limit(
    results
      .map((r) =>
        [
          `${r.status.toUpperCase()} ${prefix(r)}${r.id}: ${r.message}`,
          ...(r.expectation
            ? [
                `${r.expectation.expired ? 'expired expectation' : 'expected because'}: ${r.expectation.reason} (${r.expectation.pointer}${r.expectation.until ? `, until ${r.expectation.until}` : ''})`,
              ]
            : []),
          sourceText(r),
          ...(r.code ? [`code: ${r.code}`] : []),
          ...(r.followsFrom ? [`follows from: ${r.followsFrom}`] : []),
          ...(r.findings ?? []).map(
            (f) =>
              `finding: ${f.note}${f.exchange ? ` [${f.exchange} ${f.pointer ?? ''}]` : ''}${f.value !== undefined ? ` = ${JSON.stringify(f.value)}` : ''}`,
          ),
          ...r.evidence.map((x) => exchangeText(x)),
        ].join('\n'),
      )
      .join('\n\n'),
  );
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/**
 * A testcase's time: its checks' own time, or for a failure or error, at least the time of the
 * exchanges that show it (walks and probes are shared, so the check that reads a memoised walk
 * took no time of its own, while the requests it judges did).
 */
function caseTime(results: Result[]): number {
  const own = results.reduce((sum, r) => sum + (r.durationMs ?? 0), 0);
  const bad = results.filter((r) => r.status === 'fail' || r.status === 'error');
  const exchanges = new Map(bad.flatMap((r) => r.evidence.map((x) => [x.id, x.durationMs ?? 0] as const)));
  const shown = [...exchanges.values()].reduce((sum, ms) => sum + ms, 0);
  return Math.max(own, shown);
}

function addCase(suite: XMLBuilder, c: JunitCase): void {
  const results = [...c.results].sort(bySeverity);
  const time = caseTime(results);
  const tc = suite.ele('testcase', {
    name: testcaseName(c),
    classname: `${c.api}.${c.operation}`,
    time: seconds(time),
  });
  let properties: XMLBuilder | undefined;
  const props = () => {
    properties ??= tc.ele('properties');
    return properties;
  };
  const baseline = results.find((r) => r.baseline === 'new' || r.baseline === 'fixed')?.baseline;
  if (baseline) props().ele('property', { name: 'baseline', value: baseline });
  const failing = results.filter((r) => r.status === 'fail');
  const expected = results.filter((r) => r.status === 'expected');
  if (expected[0]?.expectation) {
    props().ele('property', { name: 'expected', value: expected[0].expectation.reason });
  }
  const erring = results.filter((r) => r.status === 'error');
  const first = failing[0] ?? erring[0];
  if (first) {
    const more =
      failing.length + erring.length > 1 ? ` (and ${failing.length + erring.length - 1} more)` : '';
    tc.ele(failing.length ? 'failure' : 'error', {
      message: `${prefix(first)}${first.message}${more}`,
      type: failing.length ? first.check : 'environment',
    }).txt(detail([...failing, ...erring]));
  } else if (expected.length > 0) {
    // A known deviation: skipped, as test runners report an expected failure, with its reason.
    const r = expected[0]!;
    tc.ele('skipped', {
      message: `expected ${r.expectation?.status ?? 'fail'} (${r.expectation?.reason ?? ''}): ${r.message}`,
    });
  } else if (results.every((r) => r.status === 'skip')) {
    tc.ele('skipped', { message: results[0]?.message ?? 'skipped' });
  }
  const warnings = results.filter((r) => r.status === 'warn');
  const fixed = results.filter((r) => r.baseline === 'fixed');
  const out = [...warnings, ...(first ? [] : expected), ...(first ? [] : fixed)];
  if (out.length) tc.ele('system-out').txt(detail(out));
}

/** The stand-in skip of an API that was not checked and has no result of its own. */
function notCheckedResult(api: string, reason: string): Result {
  return {
    id: `${api}/(all)/not-checked`,
    api,
    operation: '(all)',
    check: 'not checked',
    status: 'skip',
    message: `not checked: ${reason}`,
    evidence: [],
    source: { rule: 'the run could not check this API', doc: '' },
  };
}

/** The run as JUnit XML. */
export function renderJunit(run: RunResults): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '\uFFFD' });

  let failures = 0;
  let errors = 0;
  let skipped = 0;
  let tests = 0;
  const notChecked = new Map(notCheckedOf(run).map((n) => [n.api, n.reason]));
  const suites = junitCases(run);
  for (const api of notChecked.keys()) if (!suites.has(api)) suites.set(api, []);
  const runNote = notCheckedText(run);
  const root = doc.ele('testsuites', {
    name: `jobs-conformance ${run.runId}${notChecked.size ? ` (${notCheckedCount(run)})` : ''}`,
  });
  for (const [api, found] of suites) {
    const reason = notChecked.get(api);
    const cases =
      reason !== undefined && found.length === 0
        ? [{ api, operation: '(all)', check: 'not checked', results: [notCheckedResult(api, reason)] }]
        : found;
    const suite = root.ele('testsuite', { name: api });
    const props = suite.ele('properties');
    props.ele('property', { name: 'target', value: run.target });
    props.ele('property', { name: 'baseUrl', value: run.baseUrls[api] ?? '' });
    props.ele('property', { name: 'runId', value: run.runId });
    props.ele('property', { name: 'requests', value: String(run.requestCounts[api] ?? 0) });
    if (reason !== undefined) props.ele('property', { name: 'notChecked', value: reason });
    if (run.baseline) {
      const b = run.baseline;
      const mine = (ids: string[]) => ids.filter((id) => id.startsWith(`${api}/`)).length;
      props.ele('property', { name: 'baseline', value: shownPath(b.source) });
      props.ele('property', { name: 'baseline.newFailures', value: String(mine(b.newFailures)) });
      props.ele('property', { name: 'baseline.fixed', value: String(mine(b.fixed)) });
      props.ele('property', {
        name: 'baseline.newEnumValues',
        value: b.newEnumValues
          .filter((e) => e.api === api)
          .map((e) => `${e.enum}=${e.value}`)
          .join(', '),
      });
    }
    let sFail = 0;
    let sErr = 0;
    let sSkip = 0;
    let time = 0;
    for (const c of cases) {
      addCase(suite, c);
      const cc = countsOf(c.results);
      if (cc.fail) sFail++;
      else if (cc.error) sErr++;
      else if (cc.expected > 0 || cc.skip === c.results.length) sSkip++;
      time += caseTime(c.results);
    }
    if (reason !== undefined) suite.ele('system-out').txt(`${api} not checked: ${reason}\n${runNote}`);
    suite.att({
      tests: String(cases.length),
      failures: String(sFail),
      errors: String(sErr),
      skipped: String(sSkip),
      time: seconds(time),
      timestamp: run.startedAt,
    });
    failures += sFail;
    errors += sErr;
    skipped += sSkip;
    tests += cases.length;
  }
  root.att({
    tests: String(tests),
    failures: String(failures),
    errors: String(errors),
    skipped: String(skipped),
    time: seconds(run.durationMs),
    timestamp: run.startedAt,
  });
  return doc.end({ prettyPrint: true });
}
