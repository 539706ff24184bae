/** What the live-mode tests share: the .env pointing at simulators, and the ids a complete run reports on. */
import { type ApiId, apiIds, getCatalogue } from '../../src/catalogue/index.ts';
import type { RunResults } from '../../src/core/index.ts';
import { planChecks } from '../../src/runner/index.ts';
import { envForTargets } from '../../src/runner/live-targets.ts';
import type { SimulatorSet } from '../../src/simulators/index.ts';

/** The APIs the catalogue discovers in schemas/. */
const API_IDS = apiIds();

/** The .env a user would write, pointed at the simulators standing in for a deployment (the APIs they serve). */
export function liveEnvFor(sims: SimulatorSet): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(envForTargets(sims.targets)))
    if (value !== undefined) env[name] = value;
  return env;
}

/** Every planned (operation, check) id of the APIs, the set a complete run reports on. */
export function plannedIds(apis: readonly ApiId[] = API_IDS, checks?: Parameters<typeof planChecks>[1]) {
  return apis.flatMap((api) => planChecks(getCatalogue().api(api), checks).map((p) => p.id)).sort();
}

export function resultIds(run: RunResults): string[] {
  return run.results.map((r) => r.id).sort();
}
