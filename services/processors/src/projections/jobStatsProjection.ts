import { latencyHistogram, terminalStatuses } from '@conveyor/domain';
import type { JobEvent } from '@conveyor/events';
import type { JobStatsDelta, ProjectedJob } from '@conveyor/read-model';

/** attempts_hist has one bucket per attempt count 1..9 and a last one for 10 or more. */
export const attemptBuckets = 10;

const minuteMs = 60_000;

/** One event folded into a job: the row before and after. */
export interface JobTransition {
  event: JobEvent;
  before: ProjectedJob | null;
  after: ProjectedJob;
}

/** The `job_stats_minute` projection: counters and histograms per event-time minute and job type. */
export const jobStatsProjection = {
  name: 'job_stats_minute',
  handles: ['JobSubmitted', 'JobStarted', 'JobSucceeded', 'JobFailed', 'JobRetryScheduled', 'JobCancelled', 'JobDeadLettered'],
} as const satisfies { name: string; handles: readonly JobEvent['type'][] };

/** The counter each event adds to; a re-drive (JobRequeued) has none: the next attempt's events count. */
const counterOf = {
  JobSubmitted: 'submitted', JobStarted: 'started', JobSucceeded: 'succeeded', JobFailed: 'failed',
  JobRetryScheduled: 'retried', JobCancelled: 'cancelled', JobDeadLettered: 'dead', JobRequeued: null,
  JobProgressed: null, JobLogged: null,
} as const satisfies Record<JobEvent['type'], string | null>;

export function emptyStatsDelta(minute: number, type: string): JobStatsDelta {
  return {
    minute, type, submitted: 0, started: 0, succeeded: 0, failed: 0, retried: 0, cancelled: 0, dead: 0,
    durationHist: latencyHistogram.emptyHistogram(), queueWaitHist: latencyHistogram.emptyHistogram(),
    attemptsHist: new Array<number>(attemptBuckets).fill(0),
  };
}

/**
 * Adds one transition to a delta of its minute and type (pure, mutates `delta`). Every event of a known
 * job counts once under its own counter (a repeated submission, which changes nothing, does not count);
 * the first start records the queue wait; a job's finish (succeeded or failed) records its attempts.
 */
export function addTransition(delta: JobStatsDelta, { event, before, after }: JobTransition): void {
  if (event.type === 'JobSubmitted' && before) return;
  const counter = counterOf[event.type];
  if (counter) delta[counter] += 1;
  if (event.type === 'JobSucceeded' || event.type === 'JobFailed' || event.type === 'JobRetryScheduled') {
    delta.durationHist = latencyHistogram.record(delta.durationHist, event.data.durationMs);
  }
  if (before && before.queueWaitMs === null && after.queueWaitMs !== null) {
    delta.queueWaitHist = latencyHistogram.record(delta.queueWaitHist, after.queueWaitMs);
  }
  const finished = (after.status === 'succeeded' || after.status === 'failed') && !(before && terminalStatuses.has(before.status));
  if (finished) {
    const i = Math.min(Math.max(after.attempts, 1), attemptBuckets) - 1;
    delta.attemptsHist[i] = (delta.attemptsHist[i] ?? 0) + 1;
  }
}

/** The deltas of a batch's transitions, one per (minute, type), sorted by minute then type (pure). */
export function jobStatsDeltas(transitions: readonly JobTransition[]): JobStatsDelta[] {
  const byKey = new Map<string, JobStatsDelta>();
  for (const t of transitions) {
    const minute = Math.floor(t.event.data.meta.occurredAt / minuteMs) * minuteMs;
    const key = `${minute}\u0000${t.after.type}`;
    let delta = byKey.get(key);
    if (!delta) byKey.set(key, (delta = emptyStatsDelta(minute, t.after.type)));
    addTransition(delta, t);
  }
  // A fixed order keeps concurrent batches (other partitions) locking shared rows in the same order.
  return [...byKey.values()].sort((a, b) => a.minute - b.minute || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}
