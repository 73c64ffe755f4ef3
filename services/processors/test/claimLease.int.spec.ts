import { randomUUID } from 'node:crypto';
import { migrate } from '@conveyor/read-model';
import { createLogger, createPgPool, type Pool } from '@conveyor/runtime';
import { stackEndpoints, uniqueName, waitFor } from '@conveyor/testing';
import { createClaimStore, type ClaimStore } from '@conveyor/worker/engine';

const endpoints = stackEndpoints();
const logger = createLogger({ service: 'claim-lease-test', level: 'warn' });
const leaseMs = 1000;

describe('claim leases: heartbeats keep a running attempt\'s claim, a lapsed lease is taken over', () => {
  let pool: Pool;
  const stores: ClaimStore[] = [];
  const open = async (name: string, lease = leaseMs) => {
    const store = await createClaimStore({ pool, databaseUrl: endpoints.databaseUrl, workerId: uniqueName(name), logger, leaseMs: lease });
    stores.push(store);
    return store;
  };
  const leaseOf = async (jobId: string) => (await pool.query<{ at: Date }>('select lease_expires_at as at from executor_claims where job_id = $1 and attempt = 1', [jobId])).rows[0]?.at.getTime();

  beforeAll(async () => {
    pool = createPgPool({ url: endpoints.databaseUrl, name: 'claim-lease-test' });
    await migrate(pool);
  });

  afterAll(async () => {
    for (const s of stores) await s.close();
    await pool.end();
  });

  it('while its holder heartbeats, another worker is told the claim is held (and when to look again), never that it may run', async () => {
    const a = await open('lease-a');
    const b = await open('lease-b');
    const jobId = randomUUID();
    expect(await a.claim(jobId, 1)).toEqual({ kind: 'run' });
    const firstLease = await leaseOf(jobId) as number;
    // Extended by the heartbeat past the lease it was claimed with.
    await waitFor(async () => ((await leaseOf(jobId)) ?? 0) > firstLease + leaseMs / 2, { timeoutMs: 20_000, what: 'a heartbeat extending the lease' });
    const seen = await b.claim(jobId, 1);
    expect(seen).toMatchObject({ kind: 'held' });
    expect((seen as { retryInMs: number }).retryInMs).toBeGreaterThan(0);
  });

  it('once the holder stops heart-beating (its session still open), its lease lapses and another worker takes the attempt over; the holder\'s late outcome is refused', async () => {
    const a = await open('lease-a');
    const b = await open('lease-b');
    const jobId = randomUUID();
    expect(await a.claim(jobId, 1)).toEqual({ kind: 'run' });
    a.abandon(jobId, 1); // a blocked worker: no more heartbeats, its liveness session stays open
    expect(a.alive).toBe(true);
    await waitFor(async () => (await b.claim(jobId, 1)).kind === 'run', { timeoutMs: 20_000, intervalMs: 200, what: 'the takeover after the lease lapsed' });
    expect(await a.record(jobId, 1, [])).toBe(false);
    expect(await b.record(jobId, 1, [])).toBe(true);
  });

  it('an attempt whose outcome another live worker decided is skipped, not waited for', async () => {
    const a = await open('lease-a', 60_000);
    const b = await open('lease-b', 60_000);
    const jobId = randomUUID();
    expect(await a.claim(jobId, 1)).toEqual({ kind: 'run' });
    expect(await a.record(jobId, 1, [])).toBe(true);
    expect(await b.claim(jobId, 1)).toEqual({ kind: 'skip' });
  });
});
