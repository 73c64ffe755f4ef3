import type { Pool } from '@conveyor/runtime';

/** A replay run as the dashboard reads it (GET /v1/replays, /v1/replays/:id). */
export interface Replay {
  replayId: string;
  kind: string;
  status: string;
  topic: string;
  options: Record<string, unknown>;
  /** The dashboard's columns: the start of the replayed range (rebuild --from, redrive --since, the as-of time). */
  from: string | null;
  to: string | null;
  types: string[] | undefined;
  dryRun: boolean;
  requestedBy: string;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Fraction done, 0..1, or null while unknown. */
  progress: number | null;
  /** Events done and to do, rate in events per second, ETA in seconds. */
  events: { phase: string; done: number; total: number; rate: number; etaSeconds: number | null; lag: number } | null;
  /** rebuild: the verification report (report.verification); redrive: counts; as-of: the snapshot. */
  report: unknown;
  error: string | null;
}

/** An as-of snapshot (GET /v1/replays/snapshots). */
export interface Snapshot {
  schema: string;
  asOf: string;
  topic: string;
  events: number;
  builtAt: string | null;
  ready: boolean;
}

interface RunRecord {
  id: string; kind: string; status: string; topic: string; options: Record<string, unknown>; requested_by: string;
  requested_at: Date; started_at: Date | null; finished_at: Date | null; progress: Replay['events']; report: unknown; error: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Maps a replay_runs row to the API shape (pure). */
export function toReplay(r: RunRecord): Replay {
  const o = r.options ?? {};
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  const p = r.progress;
  const progress = r.status === 'succeeded' ? 1 : p && p.total > 0 ? Math.min(1, p.done / p.total) : null;
  const types = Array.isArray(o.types) ? (o.types as string[]) : typeof o.type === 'string' ? [o.type] : undefined;
  return {
    replayId: r.id, kind: r.kind, status: r.status, topic: r.topic, options: o,
    from: text(o.from) ?? text(o.since) ?? text(o.asOf), to: text(o.to) ?? text(o.asOf), types, dryRun: o.dryRun === true,
    requestedBy: r.requested_by, requestedAt: r.requested_at.toISOString(), startedAt: iso(r.started_at), finishedAt: iso(r.finished_at),
    progress, events: p ?? null, report: r.report ?? null, error: r.error,
  };
}

const columns = 'id, kind, status, topic, options, requested_by, requested_at, started_at, finished_at, progress, report, error';

/** Read-side queries of replay_runs and replay_snapshots (public). */
export function createReplayQueries(deps: { pool: Pool }) {
  return {
    /** Runs newest first, keyset-paginated on (requested_at, id) by a cursor that is the last item's id. */
    async list(q: { limit: number; cursor: string | null }): Promise<{ items: Replay[]; nextCursor: string | null }> {
      const { rows } = await deps.pool.query<RunRecord>(
        `select ${columns} from replay_runs
         where $1::uuid is null or (requested_at, id) < (select requested_at, id from replay_runs where id = $1)
         order by requested_at desc, id desc limit $2`, [q.cursor, q.limit + 1]);
      const page = rows.slice(0, q.limit);
      return { items: page.map(toReplay), nextCursor: rows.length > q.limit ? (page[page.length - 1]?.id ?? null) : null };
    },
    async get(id: string): Promise<Replay | null> {
      const { rows } = await deps.pool.query<RunRecord>(`select ${columns} from replay_runs where id = $1`, [id]);
      return rows[0] ? toReplay(rows[0]) : null;
    },
    async snapshots(): Promise<Snapshot[]> {
      const { rows } = await deps.pool.query<{ schema_name: string; as_of: Date; topic: string; events: string; built_at: Date | null }>(
        'select schema_name, as_of, topic, events, built_at from replay_snapshots order by as_of desc');
      return rows.map((r) => ({ schema: r.schema_name, asOf: r.as_of.toISOString(), topic: r.topic, events: Number(r.events), builtAt: iso(r.built_at), ready: r.built_at !== null }));
    },
  };
}

export type ReplayQueries = ReturnType<typeof createReplayQueries>;
