/**
 * Expectations (the config file's known deviations): a failing or warning result that matches one is
 * reported as `expected`, with the reason, and does not fail the run. Past its `until` an expectation
 * no longer applies and the result counts again, saying so; one that matched nothing is reported as a
 * warning, so a deviation the provider fixed is noticed and its expectation removed.
 */
import picomatch from 'picomatch';
import { type Result, type RunResults, summarize } from '../core/index.ts';

export interface Expectation {
  api?: string;
  operation?: string;
  check?: string;
  /** A regular expression the message must contain a match of. */
  message?: string;
  expect: 'fail' | 'warn';
  reason: string;
  /** Last day it applies, YYYY-MM-DD. */
  until?: string;
}

interface Compiled {
  pointer: string;
  spec: Expectation;
  scope: (r: Result) => boolean;
  message?: RegExp;
  expired: boolean;
}

const any = () => true;
function glob(pattern: string | undefined): (value: string) => boolean {
  return pattern === undefined ? any : picomatch(pattern, { dot: true });
}

/** The day of `now` (UTC), YYYY-MM-DD: an expectation applies through its `until` day. */
function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Where an expectation applies, for messages: "vectara-* · listJobs · pagination.*". */
export function scopeText(e: Expectation): string {
  return `${e.api ?? '*'} · ${e.operation ?? '*'} · ${e.check ?? '*'}`;
}

/** The expectations of a config file, compiled once; applied to each result as it is known. */
export class Expectations {
  private readonly list: Compiled[];

  constructor(
    expectations: readonly Expectation[],
    readonly source: string,
    now: Date = new Date(),
  ) {
    const today = dayOf(now);
    this.list = expectations.map((spec, i) => {
      const api = glob(spec.api);
      const operation = glob(spec.operation);
      const check = glob(spec.check);
      return {
        pointer: `/expectations/${i}`,
        spec,
        scope: (r: Result) => api(r.api) && operation(r.operation) && check(r.check),
        ...(spec.message !== undefined ? { message: new RegExp(spec.message) } : {}),
        expired: spec.until !== undefined && spec.until < today,
      };
    });
  }

  get count(): number {
    return this.list.length;
  }

  private matchOf(r: Result): Compiled | undefined {
    if (r.status !== 'fail' && r.status !== 'warn') return undefined;
    // A live expectation wins over an expired one, so an extended copy takes over from its old entry.
    const matches = this.list.filter(
      (e) => e.spec.expect === r.status && e.scope(r) && (!e.message || e.message.test(r.message)),
    );
    return matches.find((e) => !e.expired) ?? matches[0];
  }

  /** The result as reported: expected when a live expectation matches; marked, and counting, when expired. */
  apply(r: Result): Result {
    if (r.expectation) return r;
    const e = this.matchOf(r);
    if (!e) return r;
    const { pointer, spec } = e;
    const expectation = {
      pointer,
      expect: spec.expect,
      reason: spec.reason,
      ...(spec.until !== undefined ? { until: spec.until } : {}),
      status: r.status,
    };
    if (e.expired) {
      return {
        ...r,
        message: `${r.message} (the expectation at ${this.source}#${pointer} expired on ${spec.until}: "${spec.reason}"; extend its until or remove it)`,
        expectation: { ...expectation, expired: true },
      };
    }
    return { ...r, status: 'expected', expectation };
  }

  /**
   * The run with every result applied, its summary recounted, and `expectations` filled in. An
   * expectation matching nothing is a warning result, but only when the run checked its scope
   * and judged its scope (an expectation of an API or check this run left out or skipped did not
   * fail to match).
   */
  applyToRun(run: RunResults): RunResults {
    const results = run.results.map((r) => this.apply(r));
    const unmatched: NonNullable<RunResults['expectations']>['unmatched'] = [];
    const expired: NonNullable<RunResults['expectations']>['expired'] = [];
    const warnings: Result[] = [];
    for (const e of this.list) {
      const mine = results.filter((r) => r.expectation?.pointer === e.pointer);
      if (e.expired) {
        if (mine.length)
          expired.push({
            pointer: e.pointer,
            reason: e.spec.reason,
            until: e.spec.until ?? '',
            results: mine.map((r) => r.id),
          });
        continue;
      }
      const judged = results.some((r) => e.scope(r) && r.status !== 'skip' && r.status !== 'error');
      if (mine.length > 0 || !judged) continue;
      const scope = scopeText(e.spec);
      unmatched.push({ pointer: e.pointer, reason: e.spec.reason, scope });
      warnings.push(unmatchedResult(this.source, e, scope));
    }
    const all = [...results, ...warnings];
    return {
      ...run,
      results: all,
      summary: summarize(all),
      expectations: { source: this.source, count: this.list.length, unmatched, expired },
    };
  }
}

/** The warning for an expectation that matched nothing: it is filed under the config file. */
function unmatchedResult(source: string, e: Compiled, scope: string): Result {
  return {
    id: `(config)/expectations${e.pointer.slice('/expectations'.length)}/expectation.unmatched`,
    api: '(config)',
    operation: 'expectations',
    check: 'expectation.unmatched',
    status: 'warn',
    message: `the expectation at ${source}#${e.pointer} (${scope}, expect ${e.spec.expect}: "${e.spec.reason}") matched no result: the deviation may be fixed; remove the expectation`,
    evidence: [],
    source: {
      rule: 'every expectation of the config file matches a result of the checks it names',
      doc: source,
    },
  };
}
