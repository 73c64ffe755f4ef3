import type { Pool } from 'pg';
import type { LoadTestSettings } from './parseArgs';
import type { LoadTestResults } from './runLoadTest';

/** Status of a recorded run. */
export type RunStatus = 'running' | 'passed' | 'failed' | 'aborted';

/** Inserts a run as `running` when it starts (so the dashboard sees it), returning nothing. */
export async function recordRunStart(pool: Pool, runId: string, startedAt: Date, settings: LoadTestSettings): Promise<void> {
  await pool.query(
    'insert into loadtest_runs (id, started_at, settings, status) values ($1, $2, $3, $4) on conflict (id) do nothing',
    [runId, startedAt, JSON.stringify(settings), 'running'],
  );
}

/** Completes a run with its results and final status. */
export async function recordRunFinish(pool: Pool, runId: string, results: LoadTestResults | null, status: RunStatus): Promise<void> {
  await pool.query(
    'update loadtest_runs set finished_at = now(), results = $2, status = $3 where id = $1',
    [runId, results ? JSON.stringify(results) : null, status],
  );
}
