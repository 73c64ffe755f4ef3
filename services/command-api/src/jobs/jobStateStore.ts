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
  };
}

export type JobStateStore = ReturnType<typeof createJobStateStore>;
