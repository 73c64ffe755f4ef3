import { latencyHistogram, type Histogram } from '@conveyor/domain';
import type { JobStatsBucket } from '@conveyor/read-model';
import type { StatsRange } from './statsWindow';

/** p50/p95/p99 in milliseconds (bucket upper bounds, ≤ ~10% high); null without samples. */
export interface Percentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface StatsResponse {
  from: string;
  to: string;
  bucketSeconds: number;
  totals: { submitted: number; succeeded: number; failed: number; retried: number; cancelled: number; dead: number; successRate: number | null; throughputPerSec: number };
  byType: Array<{
    /** `dead` counts the failed jobs moved to the dead letters (a subset of `failed`), `cancelled` the cancellations. */
    type: string; submitted: number; succeeded: number; failed: number; retried: number; cancelled: number; dead: number; successRate: number | null;
    durationMs: Percentiles; queueWaitMs: Percentiles; attempts: Record<string, number>;
  }>;
  series: Array<{ t: string; type: string; submitted: number; succeeded: number; failed: number; durationMs: Percentiles }>;
}

export function percentiles(h: Histogram): Percentiles {
  return { p50: latencyHistogram.quantile(h, 0.5), p95: latencyHistogram.quantile(h, 0.95), p99: latencyHistogram.quantile(h, 0.99) };
}

/** succeeded / (succeeded + failed), or null when nothing finished. */
export function successRate(succeeded: number, failed: number): number | null {
  return succeeded + failed > 0 ? succeeded / (succeeded + failed) : null;
}

/** Jobs by attempts used: "1".."9" and "10+" (the last bucket of attempts_hist), zero buckets left out. */
export function attemptsCounts(h: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  h.forEach((n, i) => {
    if (n) out[i === h.length - 1 && h.length >= 10 ? `${i + 1}+` : String(i + 1)] = n;
  });
  return out;
}

function sumRows(type: string, t: number, rows: readonly JobStatsBucket[]): JobStatsBucket {
  const acc: JobStatsBucket = {
    t, type, submitted: 0, started: 0, succeeded: 0, failed: 0, retried: 0, cancelled: 0, dead: 0,
    durationHist: latencyHistogram.emptyHistogram(), queueWaitHist: latencyHistogram.emptyHistogram(), attemptsHist: [],
  };
  for (const r of rows) {
    acc.submitted += r.submitted; acc.started += r.started; acc.succeeded += r.succeeded; acc.failed += r.failed;
    acc.retried += r.retried; acc.cancelled += r.cancelled; acc.dead += r.dead;
    acc.durationHist = latencyHistogram.merge(acc.durationHist, r.durationHist);
    acc.queueWaitHist = latencyHistogram.merge(acc.queueWaitHist, r.queueWaitHist);
    const n = Math.max(acc.attemptsHist.length, r.attemptsHist.length);
    acc.attemptsHist = Array.from({ length: n }, (_, i) => (acc.attemptsHist[i] ?? 0) + (r.attemptsHist[i] ?? 0));
  }
  return acc;
}

/**
 * Builds the GET /v1/stats answer from per-bucket, per-type sums (pure): totals over the window, one entry
 * per type with percentiles of the merged histograms, and a dense series (every bucket of every type seen,
 * zeros where nothing happened). Throughput is finished jobs (succeeded + failed) per second of window.
 */
export function assembleStats(rows: readonly JobStatsBucket[], range: StatsRange): StatsResponse {
  const types = [...new Set(rows.map((r) => r.type))].sort();
  const byType = types.map((type) => sumRows(type, range.from, rows.filter((r) => r.type === type)));
  const all = sumRows('*', range.from, byType);
  const seconds = (range.to - range.from) / 1000;
  const cell = new Map(rows.map((r) => [`${r.t}\u0000${r.type}`, r]));
  return {
    from: new Date(range.from).toISOString(),
    to: new Date(range.to).toISOString(),
    bucketSeconds: range.bucketSeconds,
    totals: {
      submitted: all.submitted, succeeded: all.succeeded, failed: all.failed, retried: all.retried, cancelled: all.cancelled,
      dead: all.dead, successRate: successRate(all.succeeded, all.failed), throughputPerSec: (all.succeeded + all.failed) / seconds,
    },
    byType: byType.map((s) => ({
      type: s.type, submitted: s.submitted, succeeded: s.succeeded, failed: s.failed, retried: s.retried, cancelled: s.cancelled, dead: s.dead,
      successRate: successRate(s.succeeded, s.failed), durationMs: percentiles(s.durationHist),
      queueWaitMs: percentiles(s.queueWaitHist), attempts: attemptsCounts(s.attemptsHist),
    })),
    series: range.buckets.flatMap((t) => types.map((type) => {
      const r = cell.get(`${t}\u0000${type}`);
      return {
        t: new Date(t).toISOString(), type, submitted: r?.submitted ?? 0, succeeded: r?.succeeded ?? 0, failed: r?.failed ?? 0,
        durationMs: percentiles(r?.durationHist ?? []),
      };
    })),
  };
}
