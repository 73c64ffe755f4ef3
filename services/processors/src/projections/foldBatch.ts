import type { JobEvent } from '@conveyor/events';
import type { JobStatsDelta, ProjectedJob } from '@conveyor/read-model';
import { evolveJobRow } from './jobsProjection';
import { jobStatsDeltas, type JobTransition } from './jobStatsProjection';

/** The compact change sent on `conveyor_job_changes` for each job a batch changed (public). */
export interface JobChange {
  jobId: string;
  type: string;
  status: ProjectedJob['status'];
  eventType: JobEvent['type'];
  attempts: number;
  /** ISO 8601 time of the last event folded. */
  occurredAt: string;
}

/** What a batch writes besides its timeline rows. */
export interface BatchFold {
  /** The jobs whose row changed, in their new state. */
  jobs: ProjectedJob[];
  stats: JobStatsDelta[];
  changes: JobChange[];
  /** Events of jobs never submitted, which no row can hold. */
  unplaced: JobEvent[];
}

/**
 * Folds a batch's new events into the loaded job rows (pure): the jobs rows, the statistics deltas and
 * the change notifications. `rows` holds the current rows of the batch's jobs (absent: not yet known).
 */
export function foldBatch(events: readonly JobEvent[], rows: ReadonlyMap<string, ProjectedJob>): BatchFold {
  const current = new Map(rows);
  const changed = new Map<string, JobEvent>();
  const transitions: JobTransition[] = [];
  const unplaced: JobEvent[] = [];
  for (const event of events) {
    const jobId = event.data.meta.jobId;
    const before = current.get(jobId) ?? null;
    const after = evolveJobRow(before, event);
    if (!after) {
      unplaced.push(event);
      continue;
    }
    if (after === before) continue;
    current.set(jobId, after);
    changed.set(jobId, event);
    transitions.push({ event, before, after });
  }
  const jobs = [...changed.keys()].map((id) => current.get(id) as ProjectedJob);
  const changes = jobs.map((job): JobChange => {
    const last = changed.get(job.jobId) as JobEvent;
    return {
      jobId: job.jobId, type: job.type, status: job.status, eventType: last.type, attempts: job.attempts,
      occurredAt: new Date(last.data.meta.occurredAt).toISOString(),
    };
  });
  return { jobs, stats: jobStatsDeltas(transitions), changes, unplaced };
}
