import type { SeriesPoint, Stats } from '@/api/stats';

/**
 * The stats series with every bucket of the window present (missing buckets are zero), so charts
 * show quiet minutes as zero instead of joining distant points.
 */
export function denseSeries(stats: Stats): SeriesPoint[] {
  const step = stats.bucketSeconds * 1000;
  const from = Date.parse(stats.from);
  const to = Date.parse(stats.to);
  if (!Number.isFinite(from) || !Number.isFinite(to) || step <= 0 || (to - from) / step > 2000) return stats.series;
  const byAt = new Map(stats.series.map((p) => [Math.floor(p.at / step) * step, p]));
  const out: SeriesPoint[] = [];
  for (let at = Math.floor(from / step) * step; at < to; at += step) {
    out.push(byAt.get(at) ?? { at, submitted: 0, succeeded: 0, failed: 0, retried: 0, cancelled: 0, dead: 0 });
  }
  return out;
}
