import * as hdr from 'hdr-histogram-js';

/** Percentiles reported for every latency, in milliseconds. */
export interface LatencySummary {
  count: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  'p99.9': number | null;
  max: number | null;
  mean: number | null;
}

/** One point of the percentile distribution curve: latency at a percentile, in milliseconds. */
export interface PercentilePoint {
  percentile: number;
  ms: number;
}

/**
 * An HDR histogram of latencies recorded in microseconds (3 significant digits, up to 1 hour) and
 * reported in milliseconds (public).
 */
export function createLatencyRecorder() {
  const h = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });
  const pct = (p: number): number | null => (h.totalCount ? h.getValueAtPercentile(p) / 1000 : null);
  return {
    histogram: h,
    /** Records one latency in milliseconds (negative values count as 0). */
    record(ms: number): void {
      h.recordValue(Math.min(3_600_000_000, Math.max(1, Math.round(ms * 1000))));
    },
    /** Adds another recorder's values. */
    add(other: { histogram: hdr.Histogram }): void {
      h.add(other.histogram);
    },
    count(): number {
      return h.totalCount;
    },
    summary(): LatencySummary {
      return {
        count: h.totalCount,
        p50: pct(50), p90: pct(90), p99: pct(99), 'p99.9': pct(99.9),
        max: h.totalCount ? h.maxValue / 1000 : null,
        mean: h.totalCount ? h.mean / 1000 : null,
      };
    },
    /** The percentile distribution, log-spaced towards the tail (for the HTML chart). */
    distribution(): PercentilePoint[] {
      if (!h.totalCount) return [];
      const points: PercentilePoint[] = [];
      for (const nines of [0, 0.3, 0.5, 0.7, 1, 1.3, 1.5, 1.7, 2, 2.3, 2.5, 2.7, 3, 3.3, 3.5, 3.7, 4, 4.5, 5]) {
        const percentile = 100 * (1 - 10 ** -nines);
        points.push({ percentile, ms: h.getValueAtPercentile(percentile) / 1000 });
      }
      points.push({ percentile: 100, ms: h.maxValue / 1000 });
      return points;
    },
    /** The histogram in HdrHistogram's compressed base64 form (decodable by any HdrHistogram library). */
    encode(): string {
      return hdr.encodeIntoCompressedBase64(h);
    },
    reset(): void {
      h.reset();
    },
  };
}

export type LatencyRecorder = ReturnType<typeof createLatencyRecorder>;
