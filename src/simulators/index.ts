export type {
  ApiSimulator,
  RateLimitOptions,
  RequestLogEntry,
  SimContext,
  SimRequest,
  SimResponse,
  SimulatorModule,
  SimulatorServer,
  SimulatorSet,
  StartOptions,
  TransportOptions,
} from './core.ts';
export {
  createRng,
  DAY_MS,
  isoTimestamp,
  type Rng,
  SEED_EPOCH_MS,
  spreadTimestamps,
  spreadValue,
} from './data.ts';
export * as facts from './facts.ts';
export { FAULT_IDS, FAULTS, type FaultId, type FaultSpec, faultApplies, isFaultId } from './faults.ts';
export { servableApis, startSimulators } from './host.ts';
export { CONTROL_PREFIX, DEFAULTS as SIMULATOR_DEFAULTS, SimulatorOptionsError } from './host-settings.ts';
export { bomb } from './hostile-bodies.ts';
export { type IntegerParam, type PageFaults, type PageWindow, pageWindow, readInteger } from './paging.ts';
export { type FilterLanguage, FilterSyntaxError, type SimulatorPlugins } from './plugins.ts';
export {
  isProviderState,
  PROVIDER_STATES,
  type ProviderStateHandler,
  type ProviderStateName,
  type ProviderStates,
  supportedStates,
  UNSUPPORTED,
  UnsupportedStateError,
} from './provider-states.ts';
export { SIMULATOR_MODULES, simulatorModules } from './registry.ts';
