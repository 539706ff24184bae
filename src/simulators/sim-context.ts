import type { Catalogue } from '../catalogue/index.ts';
import type { RateLimitOptions, SimContext, SimulatorModule, StartOptions } from './core.ts';
import { createRng } from './data.ts';
import { type FaultId, faultApplies } from './faults.ts';
import { DEFAULTS } from './host-settings.ts';

/** What one module's simulator is made with: the catalogue, the shared faults, seed, clock, limits, credentials. */
export function makeContext(
  module: SimulatorModule,
  catalogue: Catalogue,
  faults: ReadonlySet<FaultId>,
  options: StartOptions,
): SimContext {
  const seed = options.seed ?? DEFAULTS.seed;
  let rateLimit: RateLimitOptions | undefined;
  if (options.rateLimit === true) {
    const documented = module.apis.map((a) => catalogue.api(a).rateLimit).find((r) => r !== undefined);
    if (documented) rateLimit = { requests: documented.requests, windowSeconds: documented.windowSeconds };
  } else if (options.rateLimit) rateLimit = options.rateLimit;
  return {
    catalogue,
    faults,
    hasFault: (id, api) => faults.has(id) && faultApplies(id, catalogue.api(api)),
    seed,
    rng: (stream) => createRng(seed, stream),
    now: options.now ?? (() => Date.now()),
    jobs: options.jobs ?? DEFAULTS.jobs,
    jobDurationMs: options.jobDurationMs ?? DEFAULTS.jobDurationMs,
    cooldownMs: options.cooldownMs ?? DEFAULTS.cooldownMs,
    rateLimit,
    credentials: { ...module.defaultCredentials, ...options.credentials?.[module.name] },
    plugins: options.plugins ?? {},
  };
}
