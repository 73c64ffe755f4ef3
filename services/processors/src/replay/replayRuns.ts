import type { Pool } from '@conveyor/runtime';
import type { ReplayProgress } from './progressMeter';

/** The kinds of replay a run can be. */
export const replayKinds = ['rebuild', 'redrive', 'as-of'] as const;
export type ReplayKind = (typeof replayKinds)[number];

/** A row of replay_runs (public). */
export interface ReplayRun {
  id: string;
  kind: ReplayKind;
  topic: string;
  options: Record<string, unknown>;
  status: 'requested' | 'running' | 'succeeded' | 'failed' | 'interrupted';
  requestedBy: string;
}

/** The replay_runs table: requests, claims, progress and outcome of replay runs (public). */
export function createReplayRuns(pool: Pool) {
  return {
    /** Records a run (requested for the runner, or already running for the CLI); an existing id is kept (a resume). */
    async create(run: { id: string; kind: ReplayKind; topic: string; options: Record<string, unknown>; requestedBy: string; running?: boolean; workerId?: string }): Promise<void> {
      await pool.query(
        `insert into replay_runs (id, kind, topic, options, requested_by, status, started_at, worker_id, heartbeat_at)
         values ($1, $2, $3, $4, $5, $6, case when $6 = 'running' then now() end, $7, case when $6 = 'running' then now() end)
         on conflict (id) do update set status = excluded.status, worker_id = excluded.worker_id, heartbeat_at = excluded.heartbeat_at,
           finished_at = null, error = null`,
        [run.id, run.kind, run.topic, JSON.stringify(run.options), run.requestedBy, run.running ? 'running' : 'requested', run.workerId ?? null]);
    },
    /**
     * Claims the oldest requested run of a topic (`for update skip locked`: one runner each), or a
     * running one whose worker stopped heart-beating (a crashed runner's run resumes).
     */
    async claim(topic: string, workerId: string, staleAfterMs: number): Promise<ReplayRun | null> {
      const { rows } = await pool.query<{ id: string; kind: ReplayKind; topic: string; options: Record<string, unknown>; status: ReplayRun['status']; requested_by: string }>(
        `update replay_runs set status = 'running', worker_id = $2, started_at = coalesce(started_at, now()), heartbeat_at = now()
         where id = (select id from replay_runs
                     where topic = $1 and (status = 'requested'
                       or (status = 'running' and heartbeat_at < now() - make_interval(secs => $3 / 1000.0)))
                     order by requested_at limit 1 for update skip locked)
         returning id, kind, topic, options, status, requested_by`,
        [topic, workerId, staleAfterMs]);
      const r = rows[0];
      return r ? { id: r.id, kind: r.kind, topic: r.topic, options: r.options, status: r.status, requestedBy: r.requested_by } : null;
    },
    async progress(id: string, progress: ReplayProgress): Promise<void> {
      await pool.query('update replay_runs set progress = $2, heartbeat_at = now() where id = $1', [id, JSON.stringify(progress)]);
    },
    async finish(id: string, outcome: { status: 'succeeded' | 'failed' | 'interrupted'; report?: unknown; error?: string; progress?: ReplayProgress }): Promise<void> {
      await pool.query(
        `update replay_runs set status = $2, report = coalesce($3, report), error = $4, progress = coalesce($5, progress), finished_at = now()
         where id = $1`,
        [id, outcome.status, outcome.report === undefined ? null : JSON.stringify(outcome.report), outcome.error ?? null,
          outcome.progress ? JSON.stringify(outcome.progress) : null]);
    },
    /** The newest unfinished rebuild of a topic (`rebuild --resume`). */
    async lastUnfinishedRebuild(topic: string): Promise<string | null> {
      const { rows } = await pool.query<{ id: string }>(
        `select id from replay_runs where topic = $1 and kind = 'rebuild' and status in ('running', 'interrupted', 'failed')
         order by requested_at desc limit 1`, [topic]);
      return rows[0]?.id ?? null;
    },
  };
}

export type ReplayRuns = ReturnType<typeof createReplayRuns>;
