import { evolveLifecycle, submittedJob } from '@conveyor/domain';
import { jobEventNames, type JobEvent } from '@conveyor/events';
import type { ProjectedJob } from '@conveyor/read-model';
import { traceIdOf } from '@conveyor/runtime';

/** The `jobs` projection: every job event folds into the job's current state. */
export const jobsProjection = { name: 'jobs', handles: jobEventNames } as const;

/**
 * Folds one event into a job row (pure): the domain's `evolveJob`, keeping the submission's trace id.
 * Returns null for an event of a job never submitted (it cannot be placed). A row folds as it is, its
 * trace id carried over by the domain's copy (one copy per event: rebuilds fold a million).
 */
export function evolveJobRow(row: ProjectedJob | null, event: JobEvent): ProjectedJob | null {
  if (row) return evolveLifecycle(row, event);
  if (event.type !== 'JobSubmitted') return null;
  const { traceparent, ...rest } = submittedJob(event);
  return { ...rest, traceId: traceIdOf(traceparent) };
}
