import { Client } from 'pg';
import type { JobEvent } from '@conveyor/events';
import { prepared, type Logger, type Pool } from '@conveyor/runtime';
import { decideHeldClaim, heartbeatIntervalMs } from './claimDecision';
import { coalesceCalls } from './coalesceCalls';

/** What claiming an attempt found. */
export type Claim =
  | { kind: 'run' }
  | { kind: 'skip' }
  /** Another live worker runs it under a lease: try again after `retryInMs` milliseconds. */
  | { kind: 'held'; retryInMs: number }
  | { kind: 'republish'; events: JobEvent[] };

/** application_name prefix of the liveness session each executor keeps open. */
const livenessPrefix = 'conveyor-worker:';

const uuid = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;
const keyOf = (jobId: string, attempt: number) => `${jobId.toLowerCase()}:${attempt}`;

/**
 * Claims many attempts in one statement: inserts the new ones (unless their job was cancelled), each under
 * a lease of $5 milliseconds, and takes over those whose worker's liveness session is gone or whose lease
 * lapsed (its worker stopped heart-beating); returns the claimed rows. Each (job, attempt) appears once in
 * the input (ON CONFLICT DO UPDATE may touch a row only once per statement).
 */
const claimSql = `
  insert into executor_claims (job_id, attempt, worker_id, lease_expires_at)
  select x.j, x.a, $3, now() + make_interval(secs => $5 / 1000.0) from unnest($1::uuid[], $2::int[]) as x(j, a)
   where not exists (select 1 from job_cancellations c where c.job_id = x.j)
  on conflict (job_id, attempt) do update set worker_id = excluded.worker_id, claimed_at = now(), lease_expires_at = excluded.lease_expires_at
    where executor_claims.worker_id <> excluded.worker_id
      and (executor_claims.lease_expires_at < now()
        or not exists (select 1 from pg_stat_activity where application_name = left($4 || executor_claims.worker_id, 63)))
  returning job_id, attempt, outcome`;

/** The claims of attempts the claim statement did not give this worker: who holds them, decided or not, lease left. */
const heldSql = `
  select c.job_id, c.attempt, c.worker_id, c.outcome is not null as decided,
         (extract(epoch from greatest(c.lease_expires_at - now(), interval '0')) * 1000)::int as lease_left_ms
    from executor_claims c join unnest($1::uuid[], $2::int[]) as x(j, a) on c.job_id = x.j and c.attempt = x.a`;

/** Extends the leases of this worker's running attempts (the heartbeat). */
const heartbeatSql = `
  update executor_claims c set lease_expires_at = now() + make_interval(secs => $4 / 1000.0)
    from unnest($1::uuid[], $2::int[]) as x(j, a)
   where c.job_id = x.j and c.attempt = x.a and c.worker_id = $3 and c.outcome is null`;

/** Stores many attempts' outcomes in one statement; returns the rows still held by this worker. */
const recordSql = `
  update executor_claims c set outcome = x.o
    from unnest($1::uuid[], $2::int[], $3::jsonb[]) as x(j, a, o)
   where c.job_id = x.j and c.attempt = x.a and c.worker_id = $4
  returning c.job_id, c.attempt`;

/**
 * Executor claims: one row per (job, attempt), so a redelivered or duplicated work item never runs
 * twice, and a cancelled job never starts. A claim is held by a worker while its liveness session (a
 * dedicated Postgres connection named after it) is open and its lease runs (`leaseMs`, extended by a
 * heartbeat while the attempt runs). A crashed worker's session closes with it, so its claims may be
 * taken over at once; a worker that stops heart-beating (blocked, cut off) loses them once the lease
 * lapses. Taken over, an attempt it had not decided runs again, one it had decided has its stored
 * outcome republished (migration 002's `outcome`, written before publishing). docs/worker-protocol.md.
 */
export async function createClaimStore(deps: { pool: Pool; databaseUrl: string; workerId: string; logger: Logger; /** Claim lease, in milliseconds; default 30 s. */ leaseMs?: number }) {
  const log = deps.logger.child({ component: 'claims' });
  const leaseMs = deps.leaseMs ?? 30_000;
  /** This worker's claimed, undecided attempts: the heartbeat extends their leases. */
  const running = new Map<string, { jobId: string; attempt: number }>();
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

  // The heartbeat: one statement extends every running attempt's lease. A missed beat is harmless while the
  // lease lasts (three beats per lease); a worker that cannot beat for a whole lease loses its claims.
  const heartbeat = setInterval(() => {
    if (!running.size) return;
    const list = [...running.values()];
    deps.pool.query(prepared(heartbeatSql, [list.map((r) => r.jobId), list.map((r) => r.attempt), deps.workerId, leaseMs]))
      .catch((err: unknown) => log.warn({ err, running: list.length }, 'heartbeat failed: leases not extended'));
  }, heartbeatIntervalMs(leaseMs));
  heartbeat.unref();

  // The attempts a fetched batch starts at once are claimed together, and the outcomes decided together
  // are stored together: one statement (and one WAL flush) each instead of one per attempt.
  const claimMany = coalesceCalls(async (wanted: Array<{ jobId: string; attempt: number }>): Promise<Claim[]> => {
    const first = new Map<string, number>();
    wanted.forEach((w, i) => { if (!first.has(keyOf(w.jobId, w.attempt))) first.set(keyOf(w.jobId, w.attempt), i); });
    const unique = [...first.values()].map((i) => wanted[i] as { jobId: string; attempt: number });
    const { rows } = await deps.pool.query<{ job_id: string; attempt: number; outcome: JobEvent[] | null }>(
      prepared(claimSql, [unique.map((w) => w.jobId), unique.map((w) => w.attempt), deps.workerId, livenessPrefix, leaseMs]));
    const claimed = new Map(rows.map((r) => [keyOf(r.job_id, r.attempt), r]));
    const missed = unique.filter((w) => !claimed.has(keyOf(w.jobId, w.attempt)));
    const held = new Map<string, { worker_id: string; decided: boolean; lease_left_ms: number | null }>();
    if (missed.length) {
      const found = await deps.pool.query<{ job_id: string; attempt: number; worker_id: string; decided: boolean; lease_left_ms: number | null }>(
        heldSql, [missed.map((w) => w.jobId), missed.map((w) => w.attempt)]);
      for (const r of found.rows) held.set(keyOf(r.job_id, r.attempt), r);
    }
    // A duplicate of the same attempt in one batch is skipped, as a second claim by this worker always was.
    return wanted.map((w, i): Claim => {
      const key = keyOf(w.jobId, w.attempt);
      if (first.get(key) !== i) return { kind: 'skip' };
      const row = claimed.get(key);
      if (!row) {
        const other = held.get(key);
        return decideHeldClaim(other && { workerId: other.worker_id, decided: other.decided, leaseLeftMs: other.lease_left_ms }, deps.workerId);
      }
      if (row.outcome) return { kind: 'republish', events: row.outcome };
      running.set(key, { jobId: w.jobId, attempt: w.attempt });
      return { kind: 'run' };
    });
  });
  const recordMany = coalesceCalls(async (outcomes: Array<{ jobId: string; attempt: number; events: JobEvent[] }>): Promise<boolean[]> => {
    for (const o of outcomes) running.delete(keyOf(o.jobId, o.attempt));
    const { rows } = await deps.pool.query<{ job_id: string; attempt: number }>(
      prepared(recordSql, [outcomes.map((o) => o.jobId), outcomes.map((o) => o.attempt), outcomes.map((o) => JSON.stringify(o.events)), deps.workerId]));
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
      running.delete(keyOf(jobId, attempt));
      await deps.pool.query('delete from executor_claims where job_id = $1 and attempt = $2 and worker_id = $3 and outcome is null', [jobId, attempt, deps.workerId]);
    },

    /** Stores an attempt's decided events; false when another worker took the claim over meanwhile. */
    async record(jobId: string, attempt: number, events: JobEvent[]): Promise<boolean> {
      return recordMany({ jobId, attempt, events });
    },

    /** Stops heart-beating an attempt left undecided (aborted by a stop): its lease lapses and another worker takes it over. */
    abandon(jobId: string, attempt: number): void {
      running.delete(keyOf(jobId, attempt));
    },

    get alive() {
      return liveness !== undefined;
    },

    async close(): Promise<void> {
      closed = true;
      clearInterval(heartbeat);
      await liveness?.end().catch(() => undefined);
      liveness = undefined;
    },
  };
}

export type ClaimStore = Awaited<ReturnType<typeof createClaimStore>>;
