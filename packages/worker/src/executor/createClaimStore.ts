import { Client } from 'pg';
import type { JobEvent } from '@conveyor/events';
import type { Logger, Pool } from '@conveyor/runtime';
import { coalesceCalls } from './coalesceCalls';

/** What claiming an attempt found. */
export type Claim =
  | { kind: 'run' }
  | { kind: 'skip' }
  | { kind: 'republish'; events: JobEvent[] };

/** application_name prefix of the liveness session each executor keeps open. */
const livenessPrefix = 'conveyor-worker:';

const uuid = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;
const keyOf = (jobId: string, attempt: number) => `${jobId.toLowerCase()}:${attempt}`;

/**
 * Claims many attempts in one statement: inserts the new ones (unless their job was cancelled) and takes
 * over those whose worker's liveness session is gone; returns the claimed rows. Each (job, attempt)
 * appears once in the input (ON CONFLICT DO UPDATE may touch a row only once per statement).
 */
const claimSql = `
  insert into executor_claims (job_id, attempt, worker_id)
  select x.j, x.a, $3 from unnest($1::uuid[], $2::int[]) as x(j, a)
   where not exists (select 1 from job_cancellations c where c.job_id = x.j)
  on conflict (job_id, attempt) do update set worker_id = excluded.worker_id, claimed_at = now()
    where executor_claims.worker_id <> excluded.worker_id
      and not exists (select 1 from pg_stat_activity where application_name = left($4 || executor_claims.worker_id, 63))
  returning job_id, attempt, outcome`;

/** Stores many attempts' outcomes in one statement; returns the rows still held by this worker. */
const recordSql = `
  update executor_claims c set outcome = x.o
    from unnest($1::uuid[], $2::int[], $3::jsonb[]) as x(j, a, o)
   where c.job_id = x.j and c.attempt = x.a and c.worker_id = $4
  returning c.job_id, c.attempt`;

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

  // The attempts a fetched batch starts at once are claimed together, and the outcomes decided together
  // are stored together: one statement (and one WAL flush) each instead of one per attempt.
  const claimMany = coalesceCalls(async (wanted: Array<{ jobId: string; attempt: number }>): Promise<Claim[]> => {
    const first = new Map<string, number>();
    wanted.forEach((w, i) => { if (!first.has(keyOf(w.jobId, w.attempt))) first.set(keyOf(w.jobId, w.attempt), i); });
    const unique = [...first.values()].map((i) => wanted[i] as { jobId: string; attempt: number });
    const { rows } = await deps.pool.query<{ job_id: string; attempt: number; outcome: JobEvent[] | null }>(
      claimSql, [unique.map((w) => w.jobId), unique.map((w) => w.attempt), deps.workerId, livenessPrefix]);
    const claimed = new Map(rows.map((r) => [keyOf(r.job_id, r.attempt), r]));
    // A duplicate of the same attempt in one batch is skipped, as a second claim by this worker always was.
    return wanted.map((w, i): Claim => {
      const row = first.get(keyOf(w.jobId, w.attempt)) === i ? claimed.get(keyOf(w.jobId, w.attempt)) : undefined;
      if (!row) return { kind: 'skip' };
      return row.outcome ? { kind: 'republish', events: row.outcome } : { kind: 'run' };
    });
  });
  const recordMany = coalesceCalls(async (outcomes: Array<{ jobId: string; attempt: number; events: JobEvent[] }>): Promise<boolean[]> => {
    const { rows } = await deps.pool.query<{ job_id: string; attempt: number }>(
      recordSql, [outcomes.map((o) => o.jobId), outcomes.map((o) => o.attempt), outcomes.map((o) => JSON.stringify(o.events)), deps.workerId]);
    const held = new Set(rows.map((r) => keyOf(r.job_id, r.attempt)));
    return outcomes.map((o) => held.has(keyOf(o.jobId, o.attempt)));
  });

  return {
    /** Claims an attempt (batched with the claims made at the same time); a job id that is not a UUID throws. */
    async claim(jobId: string, attempt: number): Promise<Claim> {
      if (!uuid.test(jobId)) throw new TypeError(`job id ${jobId} is not a UUID`);
      return claimMany({ jobId, attempt });
    },

    /**
     * Gives up this worker's undecided claim of an attempt that could not run (Postgres or Kafka away), so
     * that running it again claims it anew (issue 14). A decided attempt keeps its claim and outcome.
     */
    async release(jobId: string, attempt: number): Promise<void> {
      await deps.pool.query('delete from executor_claims where job_id = $1 and attempt = $2 and worker_id = $3 and outcome is null', [jobId, attempt, deps.workerId]);
    },

    /** Stores an attempt's decided events; false when another worker took the claim over meanwhile. */
    async record(jobId: string, attempt: number, events: JobEvent[]): Promise<boolean> {
      return recordMany({ jobId, attempt, events });
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
