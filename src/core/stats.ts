import type { OperationStats } from './results.ts';

/** The percentile of sorted samples: the sample at floor(p% of n) (0 when there are none). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Samples a results.json keeps per operation. */
export const LATENCY_SAMPLES_KEPT = 200;

/**
 * Latency figures from all samples (min, p50, p95, max), keeping the first LATENCY_SAMPLES_KEPT: how
 * the runner computes them, and how `report merge` recomputes them.
 */
export function latencyStats(samples: readonly number[]): OperationStats['latencyMs'] {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    min: sorted[0] ?? 0,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted[sorted.length - 1] ?? 0,
    samples: samples.slice(0, LATENCY_SAMPLES_KEPT),
  };
}
