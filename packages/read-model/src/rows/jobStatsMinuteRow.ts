import type { Histogram } from '@conveyor/domain';

/** The counters and histograms of `job_stats_minute` (public), summed over a minute or a bucket. */
export interface JobStatsCounts {
  submitted: number;
  started: number;
  succeeded: number;
  failed: number;
  retried: number;
  cancelled: number;
  dead: number;
  /** Run times of finished attempts (succeeded, failed, or failed and retried), in milliseconds. */
  durationHist: Histogram;
  /** Submission (or due time) to first start, in milliseconds. */
  queueWaitHist: Histogram;
  /** Jobs that succeeded or failed, by attempts used (index 0 = 1 attempt; the last bucket = 10+). */
  attemptsHist: number[];
}

/** What one batch adds to a row of `job_stats_minute` (the same columns, as increments) (public). */
export interface JobStatsDelta extends JobStatsCounts {
  /** Start of the event-time minute, in epoch milliseconds. */
  minute: number;
  type: string;
}

/** Sums of `job_stats_minute` over one bucket and type, as the query API reads them (public). */
export interface JobStatsBucket extends JobStatsCounts {
  /** Bucket start, epoch milliseconds. */
  t: number;
  type: string;
}
