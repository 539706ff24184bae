export { liveTargets, readEnv } from './live-targets.ts';
export { type PlannedCheck, planChecks, selectChecks } from './plan.ts';
export * from './results.ts';
export { type RunOptions, runConformance } from './run.ts';
