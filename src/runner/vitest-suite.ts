import { afterAll, beforeAll, describe, test } from 'vitest';
import { type ApiId, getCatalogue } from '../catalogue/index.ts';
import { requestLine } from '../checks/index.ts';
import type { Result, RunResults } from '../core/index.ts';
import { readEnv } from './live-targets.ts';
import { planChecks, selectChecks } from './plan.ts';
import { runConformance } from './run.ts';

/**
 * Declares one vitest test per (operation, check) of an API, all answered by one engine run, so
 * vitest's own reporters (junit, github-actions) list every check. Settings from the environment:
 * JOBS_CONFORMANCE_TARGET (mock | live; default mock), JOBS_CONFORMANCE_ALLOW_WRITES (1 to allow
 * writes on live; always on for the simulators), JOBS_CONFORMANCE_CHECK (a --check pattern).
 */
export function describeConformance(apiId: ApiId): void {
  const env = process.env;
  const target = env.JOBS_CONFORMANCE_TARGET === 'live' ? 'live' : 'mock';
  const api = getCatalogue().api(apiId);
  const plan = planChecks(api, selectChecks(env.JOBS_CONFORMANCE_CHECK));
  let run: RunResults | undefined;
  let byId = new Map<string, Result>();

  describe(`${apiId} (${target})`, () => {
    beforeAll(async () => {
      run = await runConformance({
        apis: [apiId],
        target,
        allowWrites: target === 'mock' || env.JOBS_CONFORMANCE_ALLOW_WRITES === '1',
        checks: env.JOBS_CONFORMANCE_CHECK,
        env: target === 'live' ? readEnv(undefined, env) : undefined,
      });
      byId = new Map(run.results.map((r) => [r.id, r]));
    }, 180_000);
    afterAll(() => {
      run = undefined;
    });

    for (const planned of plan) {
      test(`${planned.op.id} › ${planned.check.id}`, (ctx) => {
        const result = byId.get(planned.id);
        if (!result) throw new Error(`no result for ${planned.id}`);
        if (result.status === 'skip') {
          ctx.skip(result.message);
          return;
        }
        if (result.status === 'warn') ctx.annotate(`warning: ${result.message}`, 'warning');
        if (result.status === 'fail' || result.status === 'error') {
          const evidence = result.evidence.map((x) => `  ${requestLine(x)}`).join('\n');
          throw new Error(
            `${result.status}: ${result.message}${evidence ? `\n${evidence}` : ''}\nrule: ${result.source.rule}`,
          );
        }
      });
    }
  });
}
