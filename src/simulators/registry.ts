/**
 * The server groups the host can start, in start order (ports are assigned in this order).
 * A provider's simulator is one line here: its module from src/simulators/<provider>/index.ts.
 */
import { cloudflareSimulator } from './cloudflare/index.ts';
import type { SimulatorModule } from './core.ts';
import { emporixSimulator } from './emporix/index.ts';
import { vectaraSimulator } from './vectara/index.ts';

export const SIMULATOR_MODULES: readonly SimulatorModule[] = [
  cloudflareSimulator,
  vectaraSimulator,
  emporixSimulator,
];
