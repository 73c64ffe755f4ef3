import { ConflictError } from '@conveyor/errors';
import type { Pool } from '@conveyor/runtime';
import { withTransaction } from '@conveyor/runtime';

/** A replay run as requested over HTTP: the row the processors' replay runner claims. */
export interface RequestedReplayRun {
  replayId: string;
  kind: string;
  /** The job-events topic of this deployment: the runner of that prefix picks the run up. */
  topic: string;
  options: Record<string, unknown>;
  requestedBy: string;
  /**
   * Identical requests share it; one of them at most is requested or running (migration 030). An as-of
   * run's is `as-of:<snapshot schema>`, which the quota counts.
   */
  dedupKey: string;
  /** An as-of run: the snapshot schema it builds, counted against the quota unless it exists already. */
  asOfSchema?: string;
}

/** The as-of snapshot quota of one topic. */
export interface AsOfQuota {
  /** Snapshots kept at most per topic (built, being built, or requested). */
  maxSnapshots: number;
}

/**
 * Records requested replay runs in `replay_runs` (internal), in one transaction with its checks: an
 * identical run requested or running → 409 naming it; an as-of run for a new instant beyond the
 * quota → 409. A transaction-scoped advisory lock per topic orders concurrent requests.
 */
export function createReplayRunStore(deps: { pool: Pool; quota?: AsOfQuota }) {
  const maxSnapshots = deps.quota?.maxSnapshots ?? 10;
  return {
    async insert(run: RequestedReplayRun): Promise<void> {
      await withTransaction(deps.pool, async (client) => {
        await client.query(`select pg_advisory_xact_lock(hashtext('conveyor-replay-request:' || $1))`, [run.topic]);
        const active = await client.query<{ id: string; status: string }>(
          `select id, status from replay_runs where topic = $1 and dedup_key = $2 and status in ('requested', 'running')`, [run.topic, run.dedupKey]);
        const running = active.rows[0];
        if (running) {
          throw new ConflictError(`an identical replay is already ${running.status}: ${running.id} (follow it at GET /v1/replays/${running.id})`, { context: { replayId: running.id } });
        }
        if (run.asOfSchema) {
          const { rows: [counts] } = await client.query<{ kept: number; exists: boolean }>(
            `select (select count(*)::int from (
                       select schema_name from replay_snapshots where topic = $1
                       union
                       select split_part(dedup_key, ':', 2) from replay_runs
                       where topic = $1 and kind = 'as-of' and dedup_key like 'as-of:%' and status in ('requested', 'running')) s) as kept,
                    exists (select 1 from replay_snapshots where schema_name = $2) as exists`,
            [run.topic, run.asOfSchema]);
          if (!counts?.exists && (counts?.kept ?? 0) >= maxSnapshots) {
            throw new ConflictError(`the as-of snapshot quota is reached: ${counts?.kept} of ${maxSnapshots} (ASOF_MAX_SNAPSHOTS) are kept; they are dropped ASOF_RETENTION_HOURS after they were built, or ask for an instant already built`);
          }
        }
        await client.query(
          'insert into replay_runs (id, kind, topic, options, requested_by, dedup_key) values ($1, $2, $3, $4, $5, $6)',
          [run.replayId, run.kind, run.topic, JSON.stringify(run.options), run.requestedBy, run.dedupKey]);
      });
    },
  };
}

export type ReplayRunStore = ReturnType<typeof createReplayRunStore>;
