import type { Pool } from '@conveyor/runtime';

/** A replay run as requested over HTTP: the row the processors' replay runner claims. */
export interface RequestedReplayRun {
  replayId: string;
  kind: string;
  /** The job-events topic of this deployment: the runner of that prefix picks the run up. */
  topic: string;
  options: Record<string, unknown>;
  requestedBy: string;
}

/** Records requested replay runs in `replay_runs` (internal). */
export function createReplayRunStore(deps: { pool: Pool }) {
  return {
    async insert(run: RequestedReplayRun): Promise<void> {
      await deps.pool.query(
        'insert into replay_runs (id, kind, topic, options, requested_by) values ($1, $2, $3, $4, $5)',
        [run.replayId, run.kind, run.topic, JSON.stringify(run.options), run.requestedBy]);
    },
  };
}

export type ReplayRunStore = ReturnType<typeof createReplayRunStore>;
