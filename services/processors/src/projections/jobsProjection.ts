import { evolveJob, type JobState } from '@conveyor/domain';
import { jobEventNames, type JobEvent } from '@conveyor/events';
import { traceIdOf } from '@conveyor/runtime';

/**
 * A row of the `jobs` read model: the job's state (times in epoch milliseconds) with the trace id of
 * its submission instead of the full traceparent (public).
 */
export type JobRow = Omit<JobState, 'traceparent'> & { traceId: string | null };

/** The `jobs` projection: every job event folds into the job's current state. */
export const jobsProjection = { name: 'jobs', handles: jobEventNames } as const;

/**
 * Folds one event into a job row (pure): the domain's `evolveJob`, keeping the submission's trace id.
 * Returns null for an event of a job never submitted (it cannot be placed).
 */
export function evolveJobRow(row: JobRow | null, event: JobEvent): JobRow | null {
  const state: JobState | null = row ? { ...withoutTraceId(row), traceparent: null } : null;
  const next = evolveJob(state, event);
  if (!next) return null;
  if (next === state) return row; // unchanged (a redelivered submission)
  const { traceparent, ...rest } = next;
  return { ...rest, traceId: row ? row.traceId : traceIdOf(traceparent) };
}

function withoutTraceId(row: JobRow): Omit<JobRow, 'traceId'> {
  const { traceId: _traceId, ...rest } = row;
  return rest;
}
