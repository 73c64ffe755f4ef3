import { Client } from 'pg';
import type { JobEvent } from '@conveyor/events';
import type { Logger, Pool } from '@conveyor/runtime';

/** What claiming an attempt found. */
export type Claim =
  | { kind: 'run' }
  | { kind: 'skip' }
  | { kind: 'republish'; events: JobEvent[] };

/** application_name prefix of the liveness session each executor keeps open. */
const livenessPrefix = 'conveyor-worker:';

/**
 * Executor claims: one row per (job, attempt), so a redelivered or duplicated work item never runs
 * twice, and a cancelled job never starts. A claim is held by a worker whose liveness session (a
 * dedicated Postgres connection named after it) is open; a crashed worker's sessions close with it,
 * so its claims may be taken over at once: an attempt it had not decided runs again, one it had
 * decided has its stored outcome republished (migration 002's `outcome`, written before publishing).
 */
export async function createClaimStore(deps: { pool: Pool; databaseUrl: string; workerId: string; logger: Logger }) {
  const log = deps.logger.child({ component: 'claims' });
  let liveness: Client | undefined;
  let closed = false;
  const connect = async () => {
    const c = new Client({ connectionString: deps.databaseUrl, application_name: `${livenessPrefix}${deps.workerId}`.slice(0, 63) });
    c.on('error', (err) => {
      log.warn({ err }, 'liveness session lost; reconnecting');
      liveness = undefined;
      c.end().catch(() => undefined);
      if (!closed) setTimeout(() => void connect().catch((e: unknown) => log.error({ err: e }, 'liveness reconnect failed')), 1000).unref();
    });
    await c.connect();
    liveness = c;
  };
  await connect();

  return {
    async claim(jobId: string, attempt: number): Promise<Claim> {
      const { rows } = await deps.pool.query<{ outcome: JobEvent[] | null }>(
        `insert into executor_claims (job_id, attempt, worker_id)
         select $1, $2, $3 where not exists (select 1 from job_cancellations where job_id = $1)
         on conflict (job_id, attempt) do update set worker_id = excluded.worker_id, claimed_at = now()
           where executor_claims.worker_id <> excluded.worker_id
             and not exists (select 1 from pg_stat_activity where application_name = left($4 || executor_claims.worker_id, 63))
         returning outcome`,
        [jobId, attempt, deps.workerId, livenessPrefix]);
      const row = rows[0];
      if (!row) return { kind: 'skip' };
      return row.outcome ? { kind: 'republish', events: row.outcome } : { kind: 'run' };
    },

    /** Stores an attempt's decided events; false when another worker took the claim over meanwhile. */
    async record(jobId: string, attempt: number, events: JobEvent[]): Promise<boolean> {
      const { rowCount } = await deps.pool.query(
        'update executor_claims set outcome = $4 where job_id = $1 and attempt = $2 and worker_id = $3',
        [jobId, attempt, deps.workerId, JSON.stringify(events)]);
      return rowCount === 1;
    },

    get alive() {
      return liveness !== undefined;
    },

    async close(): Promise<void> {
      closed = true;
      await liveness?.end().catch(() => undefined);
      liveness = undefined;
    },
  };
}

export type ClaimStore = Awaited<ReturnType<typeof createClaimStore>>;
