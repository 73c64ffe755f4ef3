/** Throughput and latency of one measured run of the read bench. */
export interface ReadRun {
  /** Requests (or pgbench transactions) completed per second. */
  perSecond: number;
  /** In milliseconds. */
  p50: number;
  p99: number;
  /** Non-2xx answers or failed transactions. */
  errors: number;
  /** CPU of the load generator (this process, or pgbench) over the run, in % of one core. */
  generatorCpu: number;
}

/** The value at quantile `q` (0..1) of latencies in milliseconds (pure); NaN when empty. */
export function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/** Sorts latencies (ms) and summarises a run of `seconds` (pure). */
export function summariseRun(latencies: number[], seconds: number, errors: number, generatorCpu: number): ReadRun {
  const sorted = latencies.sort((a, b) => a - b);
  return { perSecond: sorted.length / seconds, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), errors, generatorCpu };
}
