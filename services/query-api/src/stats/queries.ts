import type { Pool } from '@conveyor/runtime';
import type { JobStatsBucket } from '@conveyor/read-model';
import type { StatsRange } from './statsWindow';

interface BucketRecord {
  t: Date; type: string; submitted: string; started: string; succeeded: string; failed: string; retried: string;
  cancelled: string; dead: string; duration_hist: number[]; queue_wait_hist: number[]; attempts_hist: number[];
}

/**
 * Per-bucket, per-type sums of `job_stats_minute` over a range, summed in Postgres (histograms with
 * conveyor_int_array_sum of 003_projections.sql), so a 7-day window returns one row per hour and type.
 */
export function createStatsQueries(deps: { pool: Pool }) {
  return {
    async buckets(range: StatsRange, types: readonly string[]): Promise<JobStatsBucket[]> {
      const { rows } = await deps.pool.query<BucketRecord>(
        `select to_timestamp(floor(extract(epoch from minute) / $3) * $3) as t, type,
                sum(submitted) submitted, sum(started) started, sum(succeeded) succeeded, sum(failed) failed,
                sum(retried) retried, sum(cancelled) cancelled, sum(dead) dead,
                conveyor_int_array_sum(duration_hist) duration_hist, conveyor_int_array_sum(queue_wait_hist) queue_wait_hist,
                conveyor_int_array_sum(attempts_hist) attempts_hist
         from job_stats_minute
         where minute >= $1 and minute < $2 and (cardinality($4::text[]) = 0 or type = any($4::text[]))
         group by 1, 2 order by 1, 2`,
        [new Date(range.from).toISOString(), new Date(range.to).toISOString(), range.bucketSeconds, types]);
      return rows.map((r) => ({
        t: r.t.getTime(), type: r.type, submitted: Number(r.submitted), started: Number(r.started), succeeded: Number(r.succeeded),
        failed: Number(r.failed), retried: Number(r.retried), cancelled: Number(r.cancelled), dead: Number(r.dead),
        durationHist: r.duration_hist, queueWaitHist: r.queue_wait_hist, attemptsHist: r.attempts_hist,
      }));
    },
  };
}

export type StatsQueries = ReturnType<typeof createStatsQueries>;
