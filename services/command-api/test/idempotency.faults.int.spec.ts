import { randomUUID } from 'node:crypto';
import { ConflictError } from '@conveyor/errors';
import { ensureDatabase, migrate } from '@conveyor/read-model';
import { createPgPool } from '@conveyor/runtime';
import { stackEndpoints } from '@conveyor/testing';
import { createIdempotency } from '../src/jobs/idempotency';
import { PublishOutcomeUnknownError } from '../src/kafka/publishAcknowledged';

/**
 * Issue 14, defect 1: a 503 whose events were already in flight must keep the Idempotency-Key reserved,
 * so a client retrying with the key gets the same job, never a second one. Real Postgres (the
 * `idempotency_keys` table); the publish outcome is controlled by the test.
 */
describe('Idempotency-Key across a 503 of unknown outcome (real Postgres)', () => {
  const databaseUrl = stackEndpoints().databaseUrl;
  const pool = createPgPool({ url: databaseUrl, name: 'idempotency-faults-test', max: 4 });

  beforeAll(async () => {
    await ensureDatabase(databaseUrl);
    await migrate(pool);
  });
  afterAll(() => pool.end());

  it('given the first publish timed out in flight, when the client retries with the key, then it gets the first job once Kafka acknowledged, and nothing is published twice', async () => {
    const idempotency = createIdempotency({ pool, now: Date.now, waitMs: 300, abandonedAfterMs: 60_000, pollMs: 20 });
    const key = `faults-${randomUUID()}`;
    const published: string[] = [];
    let acknowledge!: (ok: boolean) => void;
    const settled = new Promise<boolean>((resolve) => (acknowledge = resolve));

    const first = randomUUID();
    await expect(idempotency.once(key, 'h', first, async () => {
      throw new PublishOutcomeUnknownError('in flight', settled);
    })).rejects.toBeInstanceOf(PublishOutcomeUnknownError);

    // While Kafka has not answered, a retry neither publishes nor gets a new job: the key is reserved.
    await expect(idempotency.once(key, 'h', randomUUID(), async (jobId) => void published.push(jobId))).rejects.toBeInstanceOf(ConflictError);

    acknowledge(true); // the in-flight events were acknowledged after all
    const retried = await pollUntil(() => idempotency.once(key, 'h', randomUUID(), async (jobId) => void published.push(jobId)));
    expect(retried).toEqual({ jobId: first, replayed: true });
    expect(published).toEqual([]);
  });

  it('given the in-flight events were refused in the end, when the client retries, then the key is free again and the retry publishes', async () => {
    const idempotency = createIdempotency({ pool, now: Date.now, waitMs: 300, abandonedAfterMs: 60_000, pollMs: 20 });
    const key = `faults-${randomUUID()}`;
    await expect(idempotency.once(key, 'h', randomUUID(), async () => {
      throw new PublishOutcomeUnknownError('in flight', Promise.resolve(false));
    })).rejects.toBeInstanceOf(PublishOutcomeUnknownError);

    const second = randomUUID();
    const retried = await pollUntil(() => idempotency.once(key, 'h', second, async () => undefined));
    expect(retried).toEqual({ jobId: second, replayed: false });
  });

  it('given a claim abandoned by a dead process, when taken over, then the retry publishes under the first job id', async () => {
    let clock = Date.now();
    const idempotency = createIdempotency({ pool, now: () => clock, waitMs: 100, abandonedAfterMs: 1_000, pollMs: 20 });
    const key = `faults-${randomUUID()}`;
    const first = randomUUID();
    // The claim of a process that died before Kafka answered: pending, never settled.
    await expect(idempotency.once(key, 'h', first, async () => {
      throw new PublishOutcomeUnknownError('in flight', new Promise<boolean>(() => undefined));
    })).rejects.toBeInstanceOf(PublishOutcomeUnknownError);
    clock += 5_000;
    const published: string[] = [];
    const retried = await idempotency.once(key, 'h', randomUUID(), async (jobId) => void published.push(jobId));
    expect(retried).toEqual({ jobId: first, replayed: false });
    expect(published).toEqual([first]);
  });
});

/** Retries a call refused with ConflictError (the key still pending) for up to 3 s. */
async function pollUntil<T>(call: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 3_000;
  for (;;) {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof ConflictError) || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
