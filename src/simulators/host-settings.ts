/** The host's defaults, its control prefix, and the error it throws for bad start options. */
import type { TransportOptions } from './core.ts';

/** Where the control surface lives on every server (control.ts). */
export const CONTROL_PREFIX = '/__simulator';

export const DEFAULTS = {
  seed: 1,
  jobs: 300,
  host: '127.0.0.1',
  cooldownMs: 30_000,
  jobDurationMs: 10_000,
  slowMs: 3_500,
  dripBytes: 4,
  dripIntervalMs: 400,
  oversizeBytes: 8 * 1024 * 1024 + 1024,
  /** transport.503-burst: how many requests per route fail before service resumes. */
  burst503: 5,
  maxRequestBody: 1024 * 1024,
  requestLogCap: 100_000,
} as const;

/** The transport settings of one simulator set: DEFAULTS with StartOptions.transport over them. */
export function hostTransport(options: TransportOptions | undefined) {
  return { ...DEFAULTS, ...options };
}

export type HostTransport = ReturnType<typeof hostTransport>;

/** A simulator-level problem with the start options (unknown API, fault …); the CLI maps it to exit 2. */
export class SimulatorOptionsError extends Error {
  override name = 'SimulatorOptionsError';
}
