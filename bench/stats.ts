/** Small figures helpers the benchmarks share (no imports: the load generator stays light). */

/** The q-quantile of ascending samples (nearest rank, below). */
export function percentile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
}

export const round1 = (x: number) => Math.round(x * 10) / 10
