import { evolveJob, type JobState } from '@conveyor/domain';
import { jobEventNames, type JobEvent } from '@conveyor/events';
import type { ProjectedJob } from '@conveyor/read-model';
import { traceIdOf } from '@conveyor/runtime';

/** The `jobs` projection: every job event folds into the job's current state. */
export const jobsProjection = { name: 'jobs', handles: jobEventNames } as const;

/**
 * Folds one event into a job row (pure): the domain's `evolveJob`, keeping the submission's trace id.
 * Returns null for an event of a job never submitted (it cannot be placed).
 */
export function evolveJobRow(row: ProjectedJob | null, event: JobEvent): ProjectedJob | null {
  const state: JobState | null = row ? { ...withoutTraceId(row), traceparent: null } : null;
  const next = evolveJob(state, event);
  if (!next) return null;
  if (next === state) return row; // unchanged (a redelivered submission)
  const { traceparent, ...rest } = next;
  return { ...rest, traceId: row ? row.traceId : traceIdOf(traceparent) };
}

function withoutTraceId(row: ProjectedJob): Omit<ProjectedJob, 'traceId'> {
  const { traceId: _traceId, ...rest } = row;
  return rest;
}
