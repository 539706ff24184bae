export { type Expectation, Expectations, scopeText } from './expectations.ts';
export { liveTargets, readEnv } from './live-targets.ts';
export {
  type PlannedCheck,
  parseShard,
  planChecks,
  type Shard,
  selectChecks,
  shardText,
  unitsOfShard,
} from './plan.ts';
export { Reachability, UNREACHABLE_AFTER } from './reachability.ts';
export { newRunId, type RunOptions, runConformance } from './run.ts';
