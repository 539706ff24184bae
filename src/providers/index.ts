import type { QueryLanguage } from '../checks/index.ts';
import type { SimulatorPlugins } from '../simulators/index.ts';
import { emporixFilterLanguage, emporixQuery } from './emporix/index.ts';

/**
 * What the documents name but cannot declare, implemented once per provider folder (named by the
 * API's x-provider). The engine asks for these through small interfaces it defines (checks'
 * QueryLanguage, simulators' SimulatorPlugins) and never names a provider.
 */

/** The query languages providers implement, by the x-filters syntax name that uses them. */
export const queryLanguages: Readonly<Record<string, QueryLanguage>> = {
  'emporix-q': emporixQuery,
};

/** What the simulators need from providers: the runner, the CLI and the tests hand these to startSimulators. */
export const simulatorPlugins: SimulatorPlugins = {
  filterLanguages: { 'emporix-q': emporixFilterLanguage },
};
