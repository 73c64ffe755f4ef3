import { randomBytes, randomUUID } from 'node:crypto';
import type { Consumer, Producer } from 'kafkajs';
import { jobEventSchemas, jobEventToMessage, workSchemas, type JobEvent, type JobSubmitted, type JobWorkItem } from '@conveyor/events';
import {
  applyTopicCatalog, createEventSerde, createIdempotentProducer, createKafka, resolveCatalog, topicNames,
  type EventSerde, type TopicNames,
} from '@conveyor/kafka';
import { createLogger, traceIdOf } from '@conveyor/runtime';
import { stackEndpoints, uniqueName, uniqueTopicPrefix, waitFor } from '@conveyor/testing';
import { loadConfig } from '../src/config';
import { startProcessors, type Processors } from '../src/startProcessors';

const endpoints = stackEndpoints();
const logger = createLogger({ service: 'executor-test', level: 'warn' });
const kafka = createKafka({ brokers: endpoints.kafkaBrokers, clientId: 'executor-test', logger });

interface Seen { type: JobEvent['type']; data: JobEvent['data'] & Record<string, unknown>; offset: string; partition: number }

/**
 * One isolated pipeline: a fresh topic prefix and consumer groups, a producer for JobSubmitted and
 * JobCancelled, and a collector reading every job event back.
 */
async function createHarness() {
  const prefix = uniqueTopicPrefix();
  const topics: TopicNames = topicNames(prefix);
  const admin = kafka.admin();
  await admin.connect();
  await applyTopicCatalog(admin, resolveCatalog({ prefix }));
  await admin.disconnect();
  const serde: EventSerde = createEventSerde({ registryUrl: endpoints.registryUrl, topic: topics.jobEvents, schemas: jobEventSchemas });
  await serde.registerAll();
  const producer: Producer = createIdempotentProducer(kafka);
  await producer.connect();
  const seen: Seen[] = [];
  const collector: Consumer = kafka.consumer({ groupId: uniqueName('collector') });
  await collector.connect();
  await collector.subscribe({ topics: [topics.jobEvents], fromBeginning: true });
  await collector.run({
    eachMessage: async ({ message, partition }) => {
      const { type, data } = await serde.decode<Seen['data']>(message.value);
      seen.push({ type: type as Seen['type'], data, offset: message.offset, partition });
    },
  });
  const config = loadConfig({
    KAFKA_BROKERS: endpoints.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: endpoints.registryUrl, DATABASE_URL: endpoints.databaseUrl,
    TOPIC_PREFIX: prefix, PROCESSOR_ROLES: 'dispatcher,executor', LOG_LEVEL: 'warn', DISPATCHER_TIMER_INTERVAL_MS: '100',
  });
  const groupIds = { dispatcher: uniqueName(`${prefix}dispatcher`), executor: uniqueName(`${prefix}executor`) };
  const running: Processors[] = [];

  const publish = async (events: JobEvent[]) => {
    const messages = await Promise.all(events.map(async (ev) => jobEventToMessage(ev, await serde.encode(ev.type, ev.data))));
    for (let i = 0; i < messages.length; i += 500) {
      await producer.sendBatch({ acks: -1, topicMessages: [{ topic: topics.jobEvents, messages: messages.slice(i, i + 500) }] });
    }
  };
  const meta = (jobId: string, traceparent: string | null = null) => ({
    eventId: randomUUID(), jobId, occurredAt: Date.now(), actor: 'executor-test', traceparent, tracestate: null, replay: false, causationId: null,
  });

  return {
    topics,
    seen,
    async start() {
      const p = await startProcessors(config, { logger, metricsPort: null, groupIds });
      running.push(p);
      return p;
    },
    /** Publishes a JobSubmitted; returns it. */
    async submit(type: string, payload: unknown, options: Partial<Omit<JobSubmitted, 'meta' | 'type' | 'payloadJson'>> = {}): Promise<JobSubmitted> {
      const traceparent = `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
      const data: JobSubmitted = {
        meta: meta(randomUUID(), traceparent), type, payloadJson: JSON.stringify(payload), priority: 'normal', maxAttempts: 1,
        timeoutMs: null, runAt: null, concurrencyKey: null, backoff: { kind: 'fixed', delayMs: 100, maxDelayMs: 100 },
        idempotencyKey: null, scheduleId: null, ...options,
      };
      await publish([{ type: 'JobSubmitted', data }]);
      return data;
    },
    async submitMany(n: number, type: string, payload: unknown): Promise<string[]> {
      const events: JobEvent[] = Array.from({ length: n }, () => ({
        type: 'JobSubmitted' as const,
        data: {
          meta: meta(randomUUID()), type, payloadJson: JSON.stringify(payload), priority: 'normal' as const, maxAttempts: 1, timeoutMs: null, runAt: null,
          concurrencyKey: null, backoff: { kind: 'fixed' as const, delayMs: 100, maxDelayMs: 100 }, idempotencyKey: null, scheduleId: null,
        },
      }));
      await publish(events);
      return events.map((e) => e.data.meta.jobId);
    },
    cancel: (jobId: string) => publish([{ type: 'JobCancelled', data: { meta: meta(jobId), reason: 'test' } }]),
    /** Publishes a work item straight onto its work topic (as a duplicating dispatcher would). */
    async publishWork(item: JobWorkItem) {
      const workSerde = createEventSerde({ registryUrl: endpoints.registryUrl, topic: topics.work[item.priority], schemas: workSchemas });
      await workSerde.registerAll();
      await producer.send({ topic: topics.work[item.priority], acks: -1, messages: [{ key: item.jobId, value: await workSerde.encode('JobWorkItem', item) }] });
    },
    of: (jobId: string, type?: JobEvent['type']) => seen.filter((s) => s.data.meta.jobId === jobId && (!type || s.type === type)),
    async close() {
      for (const p of running) await p.stop();
      await collector.disconnect();
      await producer.disconnect();
    },
  };
}

type Harness = Awaited<ReturnType<typeof createHarness>>;

describe('executor (dispatcher + executor in-process)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await h.start();
  });
  afterAll(async () => h?.close());

  const settled = (jobId: string) => waitFor(
    () => h.of(jobId).find((s) => s.type === 'JobSucceeded' || s.type === 'JobFailed'),
    { timeoutMs: 30_000, what: `job ${jobId} to finish` },
  );

  it('runs a noop job: JobStarted then JobSucceeded, in the trace of the submission', async () => {
    const job = await h.submit('noop', {});
    const done = await settled(job.meta.jobId);
    expect(done.type).toBe('JobSucceeded');
    expect(done.data).toMatchObject({ attempt: 1, resultJson: '{"ok":true}' });
    const started = h.of(job.meta.jobId, 'JobStarted');
    expect(started).toHaveLength(1);
    expect(started[0]!.data).toMatchObject({ attempt: 1, workerId: expect.any(String) });
    expect(traceIdOf(done.data.meta.traceparent)).toBe(traceIdOf(job.meta.traceparent));
    expect(done.data.meta.traceparent).not.toBe(job.meta.traceparent); // a child span of it
  });

  it('records a non-retriable failure as JobFailed with the error message', async () => {
    const job = await h.submit('fail', { message: 'broken on purpose', retriable: false }, { maxAttempts: 3 });
    const done = await settled(job.meta.jobId);
    expect(done.type).toBe('JobFailed');
    expect(done.data).toMatchObject({ attempt: 1, error: { message: 'broken on purpose', code: 'FAIL_NON_RETRIABLE', retriable: false } });
  });

  it('retries a retriable failure: JobRetryScheduled, then JobSucceeded at attempt 2', async () => {
    const job = await h.submit('fail', { times: 1 }, { maxAttempts: 2 });
    const done = await settled(job.meta.jobId);
    expect(h.of(job.meta.jobId).map((s) => s.type)).toEqual(['JobSubmitted', 'JobStarted', 'JobRetryScheduled', 'JobStarted', 'JobSucceeded']);
    expect(h.of(job.meta.jobId, 'JobRetryScheduled')[0]!.data).toMatchObject({ attempt: 1, error: { code: 'FAIL', retriable: true } });
    expect(done.data).toMatchObject({ attempt: 2, resultJson: '{"recoveredAtAttempt":2}' });
  });

  it('holds a job with a future runAt until then, and starts it within about a second after', async () => {
    const runAt = Date.now() + 2000;
    const job = await h.submit('noop', {}, { runAt });
    const started = await waitFor(() => h.of(job.meta.jobId, 'JobStarted')[0], { timeoutMs: 10_000, what: 'the delayed start' });
    expect(started.data.meta.occurredAt).toBeGreaterThanOrEqual(runAt);
    expect(started.data.meta.occurredAt).toBeLessThan(runAt + 1000);
    await settled(job.meta.jobId);
  });

  it('runs a duplicated work item once', async () => {
    const jobId = randomUUID();
    const item: JobWorkItem = {
      jobId, attempt: 1, type: 'noop', payloadJson: '{}', priority: 'high', maxAttempts: 1, timeoutMs: null, concurrencyKey: null,
      backoff: { kind: 'fixed', delayMs: 100, maxDelayMs: 100 }, submittedAt: Date.now(), dueAt: Date.now(),
      traceparent: null, tracestate: null, replay: false, causationId: null,
    };
    await h.publishWork(item);
    await h.publishWork(item);
    await settled(jobId);
    const marker = await h.submit('noop', {}, { priority: 'high' }); // work published after both duplicates
    await settled(marker.meta.jobId);
    expect(h.of(jobId, 'JobStarted')).toHaveLength(1);
    expect(h.of(jobId, 'JobSucceeded')).toHaveLength(1);
  });

  it('fails an attempt past its timeout with code TIMEOUT', async () => {
    const job = await h.submit('sleep', { ms: 10_000 }, { timeoutMs: 200, maxAttempts: 1 });
    const done = await settled(job.meta.jobId);
    expect(done.type).toBe('JobFailed');
    expect(done.data).toMatchObject({ error: { code: 'TIMEOUT', retriable: true } });
    expect(done.data.durationMs as number).toBeLessThan(1000);
  });

  it('aborts a running job on JobCancelled: no JobSucceeded, nothing more published', async () => {
    const job = await h.submit('sleep', { ms: 2500 });
    await waitFor(() => h.of(job.meta.jobId, 'JobStarted')[0], { what: 'the start' });
    await h.cancel(job.meta.jobId);
    await waitFor(() => h.of(job.meta.jobId, 'JobCancelled')[0], { what: 'the cancellation in the log' });
    // A marker job submitted after the sleep would have ended: by its end, a JobSucceeded would be in.
    await new Promise((r) => setTimeout(r, 3000));
    const marker = await h.submit('noop', {});
    await settled(marker.meta.jobId);
    expect(h.of(job.meta.jobId).map((s) => s.type)).toEqual(['JobSubmitted', 'JobStarted', 'JobCancelled']);
  });

  it('fails a work item of an unknown type, not retriable, UNKNOWN_TYPE', async () => {
    const job = await h.submit('no.such.type', {}, { maxAttempts: 3 });
    const done = await settled(job.meta.jobId);
    expect(done).toMatchObject({ type: 'JobFailed', data: { error: { code: 'UNKNOWN_TYPE', retriable: false } } });
  });
});

describe('pipeline crash recovery', () => {
  it('after a crash mid-stream and a restart, every job succeeds exactly once at attempt 1', async () => {
    const h = await createHarness();
    try {
      const n = 1500;
      const ids = await h.submitMany(n, 'noop', {});
      const first = await h.start();
      const t0 = Date.now();
      await waitFor(() => h.seen.filter((s) => s.type === 'JobSucceeded').length >= n / 3, { timeoutMs: 60_000, what: 'a third of the jobs' });
      await first.stop({ drain: false }); // as a crash: running attempts abandoned, offsets not committed
      const atCrash = h.seen.filter((s) => s.type === 'JobSucceeded').length;
      await h.start();
      await waitFor(() => ids.every((id) => h.of(id, 'JobSucceeded').length > 0), { timeoutMs: 90_000, what: 'every job to succeed' });
      const seconds = (Date.now() - t0) / 1000;
      await new Promise((r) => setTimeout(r, 1000)); // late duplicates, if any, arrive now
      const distinct = ids.map((id) => new Set(h.of(id, 'JobSucceeded').map((s) => s.data.meta.eventId)).size);
      expect(distinct.every((c) => c === 1)).toBe(true);
      expect(ids.every((id) => h.of(id, 'JobSucceeded').every((s) => s.data.attempt === 1))).toBe(true);
      const messages = ids.reduce((sum, id) => sum + h.of(id, 'JobSucceeded').length, 0);
      process.stdout.write(`crash test: ${n} jobs, ${atCrash} succeeded before the crash, ${messages - n} republished duplicate messages, ${seconds.toFixed(1)} s\n`);
    } finally {
      await h.close();
    }
  });
});

/** Opt-in measurement: `EXECUTOR_BENCH_JOBS=5000 npx jest --selectProjects int services/processors/test/executor.int.spec.ts -t throughput`. */
const benchJobs = Number(process.env.EXECUTOR_BENCH_JOBS ?? 0);
(benchJobs ? describe : describe.skip)('throughput', () => {
  it(`runs ${benchJobs} noop jobs submitted up front, and reports jobs/s`, async () => {
    const h = await createHarness();
    try {
      const ids = await h.submitMany(benchJobs, 'noop', {});
      const t0 = Date.now();
      await h.start();
      await waitFor(() => h.seen.filter((s) => s.type === 'JobSucceeded').length >= benchJobs, { timeoutMs: 300_000, intervalMs: 200, what: 'every job' });
      const seconds = (Date.now() - t0) / 1000;
      const times = h.seen.filter((s) => s.type === 'JobSucceeded').map((s) => s.data.meta.occurredAt).sort((a, b) => a - b);
      const steady = (times.length - 1) / (((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000);
      process.stdout.write(`throughput: ${ids.length} noop jobs in ${seconds.toFixed(1)} s from start (${(ids.length / seconds).toFixed(0)} jobs/s), ${steady.toFixed(0)} jobs/s first to last success\n`);
      expect(times).toHaveLength(benchJobs);
    } finally {
      await h.close();
    }
  });
});
