import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Partitioners, type Consumer, type Producer } from 'kafkajs';
import { jobEventSchemas, jobEventToMessage, workSchemas, type JobEvent, type JobSubmitted, type JobWorkItem } from '@conveyor/events';
import {
  applyTopicCatalog, createEventSerde, createIdempotentProducer, createKafka, resolveCatalog, topicNames,
  type EventSerde, type TopicNames,
} from '@conveyor/kafka';
import { createLogger, traceIdOf } from '@conveyor/runtime';
import { stackEndpoints, testSecretsEnv, uniqueName, uniqueTopicPrefix, waitFor } from '@conveyor/testing';
import { loadConfig } from '../src/config';
import { startProcessors, type ProcessorOverrides, type Processors } from '../src/startProcessors';
import { createAbortProbe, untilAbortedType } from './abortProbe';
import { freePort, killChild, spawnProcessors, type ProcessorsChild } from './processorsChild';

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
    // The http.request tests call servers of this test on 127.0.0.1 (loopback egress is refused by default where that policy exists).
    EGRESS_ALLOW_LOOPBACK: 'true',
    ...testSecretsEnv,
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
    config,
    async start(overrides: Pick<ProcessorOverrides, 'registry'> = {}) {
      const p = await startProcessors(config, { logger, metricsPort: null, groupIds, ...overrides });
      running.push(p);
      return p;
    },
    /** Publishes a JobSubmitted (its job id `jobId`, else a new one); returns it. */
    async submit(type: string, payload: unknown, options: Partial<Omit<JobSubmitted, 'meta' | 'type' | 'payloadJson'>> = {}, jobId: string = randomUUID()): Promise<JobSubmitted> {
      const traceparent = `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
      const data: JobSubmitted = {
        meta: meta(jobId, traceparent), type, payloadJson: JSON.stringify(payload), priority: 'normal', maxAttempts: 1,
        timeoutMs: null, runAt: null, concurrencyKey: null, backoff: { kind: 'fixed', delayMs: 100, maxDelayMs: 100 },
        idempotencyKey: null, scheduleId: null, queue: 'default', ...options,
      };
      await publish([{ type: 'JobSubmitted', data }]);
      return data;
    },
    cancel: (jobId: string) => publish([{ type: 'JobCancelled', data: { meta: meta(jobId), reason: 'test' } }]),
    /** Publishes a work item straight onto its work topic (as a duplicating dispatcher would). */
    async publishWork(item: JobWorkItem) {
      const workSerde = createEventSerde({ registryUrl: endpoints.registryUrl, topic: topics.work[item.priority], schemas: workSchemas });
      await workSerde.registerAll();
      await producer.send({ topic: topics.work[item.priority], acks: -1, messages: [{ key: item.jobId, value: await workSerde.encode('JobWorkItem', item) }] });
    },
    /** Publishes one JobSubmitted per entry, in order; returns their job ids. */
    async submitEach(jobs: Array<{ type: string; payload: unknown }>): Promise<string[]> {
      const events: JobEvent[] = jobs.map(({ type, payload }) => ({
        type: 'JobSubmitted' as const,
        data: {
          meta: meta(randomUUID()), type, payloadJson: JSON.stringify(payload), priority: 'normal' as const, maxAttempts: 1, timeoutMs: null, runAt: null,
          concurrencyKey: null, backoff: { kind: 'fixed' as const, delayMs: 100, maxDelayMs: 100 }, idempotencyKey: null, scheduleId: null, queue: 'default',
        },
      }));
      await publish(events);
      return events.map((e) => e.data.meta.jobId);
    },
    submitMany(n: number, type: string, payload: unknown): Promise<string[]> {
      return this.submitEach(Array.from({ length: n }, () => ({ type, payload })));
    },
    /**
     * A new job id whose events land on the same partition of the job events as `jobId`'s: events are keyed by
     * job id and partitioned by murmur2 of the key over the topic's partitions (kafkajs' DefaultPartitioner, as
     * the Java client), so a later event of that job follows every earlier event of `jobId` in the log.
     */
    sharingPartitionWith(jobId: string): string {
      const count = resolveCatalog({ prefix }).find((t) => t.name === topics.jobEvents)!.partitions;
      const partitionMetadata = Array.from({ length: count }, (_, partitionId) => ({ partitionId, leader: 0, replicas: [], isr: [], partitionErrorCode: 0 }));
      const partitionOf = (key: string) => Partitioners.DefaultPartitioner()({ topic: topics.jobEvents, partitionMetadata, message: { key, value: null } });
      for (;;) {
        const candidate = randomUUID();
        if (partitionOf(candidate) === partitionOf(jobId)) return candidate;
      }
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
  const probe = createAbortProbe();
  beforeAll(async () => {
    h = await createHarness();
    await h.start({ registry: probe.registry });
  });
  afterAll(async () => {
    probe.release();
    await h?.close();
  });

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

  it('holds a job with a future runAt until then, then runs it', async () => {
    const runAt = Date.now() + 2000;
    const job = await h.submit('noop', {}, { runAt });
    const started = await waitFor(() => h.of(job.meta.jobId, 'JobStarted')[0], { timeoutMs: 30_000, what: 'the delayed start' });
    expect(started.data.meta.occurredAt).toBeGreaterThanOrEqual(runAt);
    expect((await settled(job.meta.jobId)).type).toBe('JobSucceeded');
  });

  it('runs a duplicated work item once', async () => {
    const jobId = randomUUID();
    const item: JobWorkItem = {
      jobId, attempt: 1, type: 'noop', payloadJson: '{}', priority: 'high', maxAttempts: 1, timeoutMs: null, concurrencyKey: null,
      backoff: { kind: 'fixed', delayMs: 100, maxDelayMs: 100 }, submittedAt: Date.now(), dueAt: Date.now(),
      traceparent: null, tracestate: null, replay: false, causationId: null, queue: 'default',
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
    // Ended by the timeout, not by the 10 s sleep: at least the timeout, less than the sleep.
    expect(done.data.durationMs as number).toBeGreaterThanOrEqual(200);
    expect(done.data.durationMs as number).toBeLessThan(10_000);
  });

  it('aborts a running job on JobCancelled: the handler sees its signal abort after the cancellation, nothing more is published', async () => {
    // The probe's handler never ends by itself: only the abort can end it, so no sleep decides the outcome.
    const job = await h.submit(untilAbortedType, {});
    await waitFor(() => probe.runs.get(job.meta.jobId), { what: 'the handler to run' });
    expect(probe.runs.get(job.meta.jobId)?.abortedAt).toBeUndefined();
    // Running as the log says (a cancel decided before JobStarted is acknowledged is the cancel of a queued job).
    await waitFor(() => h.of(job.meta.jobId, 'JobStarted')[0], { what: 'JobStarted in the log' });
    await h.cancel(job.meta.jobId);
    const cancelled = await waitFor(() => h.of(job.meta.jobId, 'JobCancelled')[0], { what: 'the cancellation in the log' });
    const abortedAt = await waitFor(() => probe.runs.get(job.meta.jobId)?.abortedAt, { what: 'the abort in the handler' });
    expect(abortedAt).toBeGreaterThanOrEqual(cancelled.data.meta.occurredAt);
    // The aborted attempt published nothing: a job run after it, through the same executor, whose events share
    // the cancelled job's partition, is read back after everything published for the cancelled job.
    const after = await h.submit('noop', {}, {}, h.sharingPartitionWith(job.meta.jobId));
    const afterDone = await settled(after.meta.jobId);
    expect(afterDone.partition).toBe(cancelled.partition);
    expect(Number(afterDone.offset)).toBeGreaterThan(Number(cancelled.offset));
    expect(h.of(job.meta.jobId).map((s) => s.type)).toEqual(['JobSubmitted', 'JobStarted', 'JobCancelled']);
  });

  it('retries http.request against a closed port (a refused connection), then succeeds once a server listens there', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/hook`;
    const job = await h.submit('http.request', { url, body: { hello: 'world' } }, { maxAttempts: 20, backoff: { kind: 'fixed', delayMs: 300, maxDelayMs: 300 } });
    const retry = await waitFor(() => h.of(job.meta.jobId, 'JobRetryScheduled')[0], { what: 'a retry of the refused connection' });
    expect(retry.data).toMatchObject({ attempt: 1, error: { code: 'ECONNREFUSED', retriable: true } });
    expect(retry.data.nextRunAt as number).toBeGreaterThanOrEqual(retry.data.meta.occurredAt + 300); // the backoff
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString(); });
      req.on('end', () => { bodies.push(body); res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}'); });
    });
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    try {
      const done = await settled(job.meta.jobId);
      expect(done.type).toBe('JobSucceeded');
      expect(JSON.parse(done.data.resultJson as string)).toMatchObject({ status: 200, body: '{"received":true}' });
      expect(bodies).toEqual(['{"hello":"world"}']);
      const types = h.of(job.meta.jobId).map((s) => s.type);
      expect(types.filter((t) => t === 'JobRetryScheduled').length).toBe((done.data.attempt as number) - 1);
      expect(types.at(-1)).toBe('JobSucceeded');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('fails a work item of an unknown type, not retriable, UNKNOWN_TYPE', async () => {
    const job = await h.submit('no.such.type', {}, { maxAttempts: 3 });
    const done = await settled(job.meta.jobId);
    expect(done).toMatchObject({ type: 'JobFailed', data: { error: { code: 'UNKNOWN_TYPE', retriable: false } } });
  });
});

describe('pipeline crash recovery', () => {
  it('after kill -9 of the processors process and a restart, every job succeeds at attempt 1; only attempts in flight at the kill run twice', async () => {
    const h = await createHarness();
    // Each handler invocation is an HTTP request to this test's server: counted outside the killed process.
    const hits = new Map<number, number[]>();
    let restartedAt = Number.POSITIVE_INFINITY;
    const server: Server = createServer((req, res) => {
      const i = Number(req.url?.split('/').at(-1));
      hits.set(i, [...(hits.get(i) ?? []), Date.now()]);
      setTimeout(() => res.writeHead(200).end('ok'), 20);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hit`;
    const concurrency = 8;
    const children: ProcessorsChild[] = [];
    try {
      const n = 400;
      const ids = await h.submitEach(Array.from({ length: n }, (_, i) => ({ type: 'http.request', payload: { method: 'GET', url: `${target}/${i}` } })));
      const env = { PROCESSOR_ROLES: 'dispatcher,executor', EXECUTOR_CONCURRENCY: String(concurrency) };
      children.push(await spawnProcessors(h.config, env));
      await waitFor(() => h.seen.filter((s) => s.type === 'JobSucceeded').length >= n / 3, { timeoutMs: 120_000, what: 'a third of the jobs' });
      children[0]!.child.kill('SIGKILL');
      expect(await children[0]!.exited).toBe('SIGKILL');
      const atCrash = ids.filter((id) => h.of(id, 'JobSucceeded').length).length;
      // A request the killed process sent just before dying may reach this test's server after kill()
      // returned; none can come from the new process before it is spawned.
      restartedAt = Date.now();
      children.push(await spawnProcessors(h.config, env));
      await waitFor(() => ids.every((id) => h.of(id, 'JobSucceeded').length > 0), { timeoutMs: 120_000, what: 'every job to succeed' });

      expect(ids.every((id) => h.of(id, 'JobSucceeded').every((s) => s.data.attempt === 1))).toBe(true);
      const counts = ids.map((_, i) => hits.get(i)?.length ?? 0);
      expect(counts.every((c) => c >= 1)).toBe(true);
      // The claim store runs each attempt once, except the attempts whose worker died mid-run (taken over):
      // at most one slot's worth, each first invoked by the killed process (before the restart).
      const twice = ids.map((_, i) => i).filter((i) => counts[i]! > 1);
      expect(counts.every((c) => c <= 2)).toBe(true);
      expect(twice.length).toBeLessThanOrEqual(concurrency);
      expect(twice.every((i) => hits.get(i)![0]! < restartedAt)).toBe(true);
      const messages = ids.reduce((sum, id) => sum + h.of(id, 'JobSucceeded').length, 0);
      process.stdout.write(`crash test: ${n} jobs, ${atCrash} succeeded before kill -9, ${twice.length} run twice (in flight), ${messages - n} republished duplicate messages\n`);
    } finally {
      for (const c of children) await killChild(c);
      await new Promise((r) => server.close(r));
      await h.close();
    }
  }, 300_000);
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
