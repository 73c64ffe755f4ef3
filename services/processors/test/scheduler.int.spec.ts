import { randomUUID } from 'node:crypto';
import type { Consumer, Producer } from 'kafkajs';
import { createSchedule, type ScheduleDefinition } from '@conveyor/domain/schedules';
import { eventTypeHeader, jobEventSchemas, scheduleEventSchemas, type JobSubmitted, type ScheduleEvent } from '@conveyor/events';
import { applyTopicCatalog, createEventSerde, createIdempotentProducer, createKafka, resolveCatalog, topicNames, type EventSerde } from '@conveyor/kafka';
import { migrate } from '@conveyor/read-model';
import { createLogger, createMetrics, createPgPool, type Pool } from '@conveyor/runtime';
import { stackEndpoints, uniqueName, uniqueTopicPrefix, waitFor } from '@conveyor/testing';
import { startScheduler, type Scheduler } from '../src/scheduler';

const endpoints = stackEndpoints();
const prefix = uniqueTopicPrefix();
const topics = topicNames(prefix);
const logger = createLogger({ service: 'scheduler-test', level: 'warn' });
const kafka = createKafka({ brokers: endpoints.kafkaBrokers, clientId: 'scheduler-test', logger });
const graceMs = 1000;
let pool: Pool;
let jobSerde: EventSerde;
let adminSerde: EventSerde;
let producer: Producer;
let consumer: Consumer;
/** Every JobSubmitted of a schedule seen on job-events: how many times each job id was published. */
const published = new Map<string, { scheduleId: string; count: number }>();
const running: Scheduler[] = [];

beforeAll(async () => {
  pool = createPgPool({ url: endpoints.databaseUrl, name: 'scheduler-test' });
  await migrate(pool);
  const admin = kafka.admin();
  await admin.connect();
  await applyTopicCatalog(admin, resolveCatalog({ prefix }));
  await admin.disconnect();
  jobSerde = createEventSerde({ registryUrl: endpoints.registryUrl, topic: topics.jobEvents, schemas: jobEventSchemas });
  adminSerde = createEventSerde({ registryUrl: endpoints.registryUrl, topic: topics.adminEvents, schemas: scheduleEventSchemas });
  await jobSerde.registerAll();
  await adminSerde.registerAll();
  producer = createIdempotentProducer(kafka);
  await producer.connect();
  consumer = kafka.consumer({ groupId: uniqueName('scheduler-test-watch') });
  await consumer.connect();
  await consumer.subscribe({ topic: topics.jobEvents, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const { type, data } = await jobSerde.decode<JobSubmitted>(message.value);
      if (type !== 'JobSubmitted' || !data.scheduleId) return;
      const seen = published.get(data.meta.jobId) ?? { scheduleId: data.scheduleId, count: 0 };
      seen.count += 1;
      published.set(data.meta.jobId, seen);
    },
  });
});

afterAll(async () => {
  for (const s of running) await s.stop();
  await consumer?.disconnect();
  await producer?.disconnect();
  await pool?.end();
});

async function start(options: { standbyRetryMs?: number } = {}): Promise<Scheduler> {
  const scheduler = await startScheduler({
    kafka, pool, jobSerde, adminSerde, topics, logger, metrics: createMetrics('scheduler-test'),
    groupId: `${prefix}schedule-projector`, graceMs, standbyRetryMs: options.standbyRetryMs ?? 500,
  });
  running.push(scheduler);
  return scheduler;
}

async function stop(scheduler: Scheduler): Promise<void> {
  await scheduler.stop();
  running.splice(running.indexOf(scheduler), 1);
}

async function publishAdmin(events: ScheduleEvent[]): Promise<void> {
  const messages = await Promise.all(events.map(async (e) => ({
    key: e.data.meta.scheduleId, value: await adminSerde.encode(e.type, e.data), headers: { [eventTypeHeader]: e.type },
  })));
  await producer.send({ topic: topics.adminEvents, acks: -1, messages });
}

const everySecond = (catchUp: ScheduleDefinition['catchUp']): ScheduleDefinition => ({
  name: uniqueName('every-second'), cron: '* * * * * *', timeZone: 'Europe/Paris', catchUp, maxCatchUp: 50,
  jobTemplate: { type: 'noop', payload: {}, priority: 'low', maxAttempts: 1, timeoutMs: null, concurrencyKey: null, backoff: { kind: 'fixed', delayMs: 100, maxDelayMs: 100 } },
});

async function create(definition: ScheduleDefinition): Promise<string> {
  const scheduleId = randomUUID();
  await publishAdmin(createSchedule({ type: 'CreateSchedule', scheduleId, meta: { eventId: randomUUID(), now: Date.now(), actor: 'test', traceparent: null, tracestate: null }, data: definition }, null));
  return scheduleId;
}

async function control(scheduleId: string, type: 'SchedulePaused' | 'ScheduleResumed'): Promise<void> {
  await publishAdmin([{ type, data: { meta: { eventId: randomUUID(), scheduleId, occurredAt: Date.now(), actor: 'test', traceparent: null, tracestate: null } } }]);
}

interface Run { fireAt: number; firedAt: number; jobId: string }
async function runsOf(scheduleId: string): Promise<Run[]> {
  const { rows } = await pool.query<{ fire_at: Date; fired_at: Date; job_id: string }>(
    'select fire_at, fired_at, job_id from schedule_runs where schedule_id = $1 order by fire_at', [scheduleId]);
  return rows.map((r) => ({ fireAt: r.fire_at.getTime(), firedAt: r.fired_at.getTime(), jobId: r.job_id }));
}

/** Waits until at least `n` runs are recorded and each is on Kafka; returns the runs. */
const awaitRuns = (scheduleId: string, n: number, after = Number.NEGATIVE_INFINITY) => waitFor(async () => {
  const runs = await runsOf(scheduleId);
  return runs.filter((r) => r.fireAt > after).length >= n && runs.every((r) => published.has(r.jobId)) && runs;
}, { timeoutMs: 20_000, what: `${n} runs of ${scheduleId}` });

/** Every published job of the schedule was published once and is a recorded run; returns the Kafka count. */
function expectExactlyOnce(scheduleId: string, runs: Run[]): void {
  const mine = [...published].filter(([, p]) => p.scheduleId === scheduleId);
  expect(mine.filter(([, p]) => p.count !== 1)).toEqual([]);
  expect(new Set(mine.map(([id]) => id))).toEqual(new Set(runs.map((r) => r.jobId)));
  expect(new Set(runs.map((r) => r.fireAt)).size).toBe(runs.length);
}

const gaps = (runs: Run[]) => runs.slice(1).map((r, i) => r.fireAt - (runs[i] as Run).fireAt);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('scheduler', () => {
  it('fires every second, and after a restart catches up (all) or not (skip), never twice', async () => {
    const scheduler = await start();
    const all = await create(everySecond('all'));
    const skip = await create(everySecond('skip'));
    const first = await awaitRuns(all, 3);
    await awaitRuns(skip, 3);
    expect(gaps(first)).toEqual(first.slice(1).map(() => 1000));
    const delays = first.map((r) => r.firedAt - r.fireAt);
    logger.warn({ delays }, 'fire delays (ms) from fire time to acknowledged publish');
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0); // never early; how late depends on the machine

    await stop(scheduler);
    const stoppedAt = Date.now();
    const lastAll = Math.max(...(await runsOf(all)).map((r) => r.fireAt));
    const lastSkip = Math.max(...(await runsOf(skip)).map((r) => r.fireAt));
    await sleep(3000); // the downtime is what this test is about
    const restartedAt = Date.now();
    await start();
    await awaitRuns(all, 2, restartedAt);
    await awaitRuns(skip, 2, restartedAt);

    // all: every fire of the downtime, exactly once, no gap.
    const allRuns = await runsOf(all);
    expect(gaps(allRuns).every((g) => g === 1000)).toBe(true);
    expect(allRuns.filter((r) => r.fireAt > lastAll && r.fireAt < restartedAt - graceMs).length).toBeGreaterThanOrEqual(2);
    expectExactlyOnce(all, allRuns);

    // skip: nothing of the downtime older than the grace.
    const skipRuns = await runsOf(skip);
    expect(skipRuns.filter((r) => r.fireAt > lastSkip && r.fireAt < restartedAt - graceMs)).toEqual([]);
    expect(Math.max(...gaps(skipRuns))).toBeGreaterThanOrEqual(Math.floor((restartedAt - graceMs - stoppedAt) / 1000) * 1000);
    expectExactlyOnce(skip, skipRuns);
  });

  it('a paused schedule does not fire; resumed, it fires again without catching the pause up', async () => {
    await start();
    const id = await create(everySecond('all'));
    await awaitRuns(id, 2);
    await control(id, 'SchedulePaused');
    await waitFor(async () => (await pool.query('select 1 from schedules where schedule_id = $1 and paused', [id])).rowCount === 1 || undefined, { what: 'paused' });
    const pausedAt = Date.now();
    await sleep(2500);
    const during = (await runsOf(id)).filter((r) => r.fireAt > pausedAt + 500);
    expect(during).toEqual([]);
    await control(id, 'ScheduleResumed');
    const resumedAt = await waitFor(async () => (await pool.query('select 1 from schedules where schedule_id = $1 and not paused', [id])).rowCount === 1 && Date.now(), { what: 'resumed' });
    await awaitRuns(id, 2, resumedAt);
    const runs = await runsOf(id);
    expect(runs.filter((r) => r.fireAt > pausedAt + 500 && r.fireAt < resumedAt - 1500)).toEqual([]);
    expectExactlyOnce(id, runs);
  });

  it('two schedulers at once: one fires, no fire is doubled, the standby takes over', async () => {
    for (const s of [...running]) await stop(s);
    const [a, b] = await Promise.all([start(), start()]);
    const id = await create(everySecond('all'));
    await awaitRuns(id, 4);
    expect([a, b].filter((s) => s?.isLeader)).toHaveLength(1);
    const leader = a?.isLeader ? a : (b as Scheduler);
    const standby = leader === a ? (b as Scheduler) : (a as Scheduler);
    await stop(leader);
    const handedOverAt = Date.now();
    await awaitRuns(id, 3, handedOverAt);
    expect(standby.isLeader).toBe(true);
    const runs = await runsOf(id);
    expect(gaps(runs).every((g) => g === 1000)).toBe(true);
    expectExactlyOnce(id, runs);
  });
});
