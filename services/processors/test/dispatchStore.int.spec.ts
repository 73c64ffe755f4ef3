import { randomUUID } from 'node:crypto';
import type { JobSubmitted, JobWorkItem } from '@conveyor/events';
import { firstWorkItem } from '@conveyor/domain';
import { migrate } from '@conveyor/read-model';
import { createPgPool, type Pool } from '@conveyor/runtime';
import { stackEndpoints, uniqueTopicPrefix } from '@conveyor/testing';
import { createDispatchStore } from '../src/dispatcher/createDispatchStore';

const endpoints = stackEndpoints();

/** The first work item of a fresh noop job. */
const itemOf = (jobId = randomUUID()): JobWorkItem => firstWorkItem({
  meta: { eventId: randomUUID(), jobId, occurredAt: Date.now(), actor: 'test', traceparent: null, tracestate: null, replay: false, causationId: null },
  type: 'noop', payloadJson: '{}', priority: 'normal', maxAttempts: 3, timeoutMs: null, runAt: null,
  concurrencyKey: null, backoff: { kind: 'fixed', delayMs: 10, maxDelayMs: 10 }, idempotencyKey: null, scheduleId: null, queue: 'default', workItemPublished: false,
} satisfies JobSubmitted);

describe('the dispatcher\'s store (real Postgres)', () => {
  let pool: Pool;
  const remembered = async (ids: string[]) => new Set((await pool.query<{ job_id: string }>(
    'select job_id from dispatch_jobs where job_id = any($1::uuid[])', [ids])).rows.map((r) => r.job_id));

  beforeAll(async () => {
    pool = createPgPool({ url: endpoints.databaseUrl, name: 'dispatch-store-test' });
    await migrate(pool);
  });
  afterAll(async () => {
    await pool.end();
  });

  it('remembers new jobs and forgets finished ones in one statement, and a redelivered batch changes nothing', async () => {
    const store = createDispatchStore({ pool, topicPrefix: uniqueTopicPrefix() });
    const [a, b, done] = [itemOf(), itemOf(), itemOf()];
    await store.apply({ remember: [done], schedule: [], cancel: [], forget: [] });
    const batch = { remember: [a, b], schedule: [], cancel: [], forget: [done.jobId] };
    await store.apply(batch);
    expect(await remembered([a.jobId, b.jobId, done.jobId])).toEqual(new Set([a.jobId, b.jobId]));
    // Redelivered after a crash: the same rows, no error.
    await store.apply(batch);
    expect(await remembered([a.jobId, b.jobId, done.jobId])).toEqual(new Set([a.jobId, b.jobId]));
    // What is stored is the work item the retries are built from.
    expect(await store.loadFirstItems([a.jobId])).toEqual(new Map([[a.jobId, a]]));
  });

  it('does not remember a job submitted and finished in the same batch', async () => {
    const store = createDispatchStore({ pool, topicPrefix: uniqueTopicPrefix() });
    const quick = itemOf();
    await store.apply({ remember: [quick], schedule: [], cancel: [], forget: [quick.jobId] });
    expect(await remembered([quick.jobId])).toEqual(new Set());
  });

  it('records a cancellation with its timers dropped, in the same change as remembered jobs', async () => {
    const store = createDispatchStore({ pool, topicPrefix: uniqueTopicPrefix() });
    const [kept, cancelled] = [itemOf(), itemOf()];
    await store.apply({ remember: [cancelled], schedule: [{ ...cancelled, attempt: 2, dueAt: Date.now() + 60_000 }], cancel: [], forget: [] });
    await store.apply({ remember: [kept], schedule: [], cancel: [{ jobId: cancelled.jobId, at: Date.now() }], forget: [cancelled.jobId] });
    expect(await remembered([kept.jobId, cancelled.jobId])).toEqual(new Set([kept.jobId]));
    const timers = await pool.query('select 1 from job_timers where job_id = $1', [cancelled.jobId]);
    expect(timers.rowCount).toBe(0);
    const cancellations = await pool.query('select 1 from job_cancellations where job_id = $1', [cancelled.jobId]);
    expect(cancellations.rowCount).toBe(1);
  });
});
