import type { JobState } from '@conveyor/domain';
import { toJobState, type JobsTableRow } from '@conveyor/read-model';
import type { Pool } from '@conveyor/runtime';

/** Loads a job's state from the `jobs` read model, which the processors project from the log (internal). */
export function createJobStateStore(options: { pool: Pool }) {
  return {
    async load(jobId: string): Promise<JobState | null> {
      const { rows } = await options.pool.query<JobsTableRow>('select * from jobs where job_id = $1', [jobId]);
      return rows[0] ? toJobState(rows[0]) : null;
    },
    /** The actor of the job's JobSubmitted (its submitter), or null when the timeline does not have it. */
    async submitter(jobId: string): Promise<string | null> {
      const { rows } = await options.pool.query<{ actor: string | null }>(
        "select data->'meta'->>'actor' as actor from job_events where job_id = $1 and event_type = 'JobSubmitted' limit 1", [jobId],
      );
      return rows[0]?.actor ?? null;
    },
  };
}

export type JobStateStore = ReturnType<typeof createJobStateStore>;
