/**
 * The simulators as the runner and the CLI start them: with the providers' plugins (what no folder
 * can declare, such as a provider's query language). Tests that run checks against simulators they
 * start use this startSimulators.
 */
import { simulatorPlugins } from '../../src/providers/index.ts';
import {
  type SimulatorSet,
  type StartOptions,
  startSimulators as startBare,
} from '../../src/simulators/index.ts';

export function startSimulators(options: StartOptions = {}): Promise<SimulatorSet> {
  return startBare({ plugins: simulatorPlugins, ...options });
}
