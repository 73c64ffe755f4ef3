import { randomUUID } from 'node:crypto';
import type { Consumer, Producer } from 'kafkajs';
import { createSchedule } from '@conveyor/domain/schedules';
import { eventTypeHeader, jobEventSchemas, scheduleEventSchemas, type JobEvent, type ScheduleEvent } from '@conveyor/events';
import { applyTopicCatalog, createEventSerde, createIdempotentProducer, createKafka, resolveCatalog, topicNames } from '@conveyor/kafka';
import { migrate } from '@conveyor/read-model';
import { createLogger, createPgPool, type Pool } from '@conveyor/runtime';
import { stackEndpoints, uniqueName, uniqueTopicPrefix, waitFor } from '@conveyor/testing';
import { killChild, spawnProcessors, type ProcessorsChild } from './processorsChild';

const endpoints = stackEndpoints();
const prefix = uniqueTopicPrefix();
const topics = topicNames(prefix);
const logger = createLogger({ service: 'scheduler-kill-test', level: 'warn' });
const kafka = createKafka({ brokers: endpoints.kafkaBrokers, clientId: 'scheduler-kill-test', logger });
const adminSerde = createEventSerde({ registryUrl: endpoints.registryUrl, topic: topics.adminEvents, schemas: scheduleEventSchemas });
const jobSerde = createEventSerde({ registryUrl: endpoints.registryUrl, topic: topics.jobEvents, schemas: jobEventSchemas });
const config = { KAFKA_BROKERS: endpoints.kafkaBrokers, SCHEMA_REGISTRY_URL: endpoints.registryUrl, DATABASE_URL: endpoints.databaseUrl, TOPIC_PREFIX: prefix };
const roles = { PROCESSOR_ROLES: 'scheduler,dispatcher,executor' };
let pool: Pool;
let producer: Producer;
let collector: Consumer;
/** Every job event of the log, in arrival order. */
const seen: Array<{ type: JobEvent['type']; jobId: string; eventId: string; attempt: number | null; scheduleId: string | null }> = [];
const children: ProcessorsChild[] = [];

beforeAll(async () => {
  pool = createPgPool({ url: endpoints.databaseUrl, name: 'scheduler-kill-test' });
  await migrate(pool);
  const admin = kafka.admin();
  await admin.connect();
  await applyTopicCatalog(admin, resolveCatalog({ prefix }));
  await admin.disconnect();
  await adminSerde.registerAll();
  await jobSerde.registerAll();
  producer = createIdempotentProducer(kafka);
  await producer.connect();
  collector = kafka.consumer({ groupId: uniqueName('scheduler-kill-collector') });
  await collector.connect();
  await collector.subscribe({ topic: topics.jobEvents, fromBeginning: true });
  await collector.run({
    eachMessage: async ({ message }) => {
      const { type, data } = await jobSerde.decode<{ meta: { jobId: string; eventId: string }; attempt?: number; scheduleId?: string | null }>(message.value);
      seen.push({ type: type as JobEvent['type'], jobId: data.meta.jobId, eventId: data.meta.eventId, attempt: data.attempt ?? null, scheduleId: data.scheduleId ?? null });
    },
  });
});

afterAll(async () => {
  for (const c of children) await killChild(c);
  await collector?.disconnect();
  await producer?.disconnect();
  await pool?.end();
});

async function publishAdmin(events: ScheduleEvent[]): Promise<void> {
  const messages = await Promise.all(events.map(async (e) => ({
    key: e.data.meta.scheduleId, value: await adminSerde.encode(e.type, e.data), headers: { [eventTypeHeader]: e.type },
  })));
  await producer.send({ topic: topics.adminEvents, acks: -1, messages });
}

const count = (jobId: string, type: JobEvent['type']) => seen.filter((s) => s.jobId === jobId && s.type === type).length;
/**
 * The facts of a type for a job: a message delivered again (at least once) carries the same event id, which
 * is derived from job and attempt, so a second run of the job would be a second fact (another attempt).
 */
const facts = (jobId: string, type: JobEvent['type']) => [...new Set(seen.filter((s) => s.jobId === jobId && s.type === type).map((s) => `${s.eventId}@${s.attempt}`))];
const recordedJobIds = async (scheduleId: string) =>
  new Set((await pool.query<{ job_id: string }>('select job_id from schedule_runs where schedule_id = $1', [scheduleId])).rows.map((r) => r.job_id));

describe('scheduler killed between publishing a fire and recording it', () => {
  it('after kill -9 and a restart, the fire is published again under the same job id: one job, one attempt, one outcome', async () => {
    children.push(await spawnProcessors(config, roles));
    const scheduleId = randomUUID();
    await publishAdmin(createSchedule({
      type: 'CreateSchedule', scheduleId, meta: { eventId: randomUUID(), now: Date.now(), actor: 'test', traceparent: null, tracestate: null },
      data: {
        name: uniqueName('kill'), cron: '* * * * * *', timeZone: 'UTC', catchUp: 'all', maxCatchUp: 50,
        jobTemplate: { type: 'noop', payload: {}, priority: 'normal', maxAttempts: 1, timeoutMs: null, concurrencyKey: null, backoff: { kind: 'fixed', delayMs: 100, maxDelayMs: 100 } },
      },
    }, null));
    await waitFor(async () => (await pool.query('select 1 from schedules where schedule_id = $1', [scheduleId])).rowCount === 1, { timeoutMs: 60_000, what: 'the schedule in the read model' });

    // 1. Hold the schedule's row: the scheduler publishes its next fire, then waits to record it.
    const locker = await pool.connect();
    let unrecorded: string[];
    try {
      await locker.query('begin');
      await locker.query('select 1 from schedules where schedule_id = $1 for update', [scheduleId]);
      const lockerPid = (await locker.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
      const blocked = () => pool.query<{ pid: number }>('select pid from pg_stat_activity where $1 = any(pg_blocking_pids(pid))', [lockerPid]);
      unrecorded = await waitFor(async () => {
        if (!(await blocked()).rowCount) return undefined;
        const recorded = await recordedJobIds(scheduleId);
        const published = [...new Set(seen.filter((s) => s.scheduleId === scheduleId && s.type === 'JobSubmitted').map((s) => s.jobId))];
        const waiting = published.filter((id) => !recorded.has(id));
        return waiting.length ? waiting : undefined;
      }, { timeoutMs: 60_000, what: 'a fire published and not recorded' });

      // 2. The crash, then the dead process's statement is ended too (Postgres would let it finish once unblocked).
      expect(await killChild(children[0]!)).toBe('SIGKILL');
      await pool.query('select pg_terminate_backend(pid) from pg_stat_activity where $1 = any(pg_blocking_pids(pid))', [lockerPid]);
      await locker.query('rollback');
    } finally {
      locker.release();
    }
    const recordedAtCrash = await recordedJobIds(scheduleId);
    expect(unrecorded.filter((id) => recordedAtCrash.has(id))).toEqual([]);

    // 3. The restart fires them again (catchUp all, same ids), and records them; each runs once.
    children.push(await spawnProcessors(config, roles));
    await waitFor(async () => {
      const recorded = await recordedJobIds(scheduleId);
      return unrecorded.every((id) => recorded.has(id) && count(id, 'JobSubmitted') >= 2 && count(id, 'JobSucceeded') > 0);
    }, { timeoutMs: 90_000, what: 'the unrecorded fires to be published again, recorded, and to succeed' });
    // Later ticks' fires succeeding: anything still coming for the earlier ones had its turn. Not the fires
    // republished with them: those sit on other partitions, so their outcomes may be seen before the republish.
    const later = await waitFor(async () => {
      const { rows } = await pool.query<{ job_id: string }>(
        `select job_id from schedule_runs where schedule_id = $1
           and fired_at > (select max(fired_at) from schedule_runs where schedule_id = $1 and job_id = any($2))`, [scheduleId, unrecorded]);
      const after = rows.map((r) => r.job_id).filter((id) => count(id, 'JobSucceeded') > 0);
      return after.length >= 2 ? after : undefined;
    }, { timeoutMs: 60_000, what: 'fires of later ticks to succeed' });
    for (const id of unrecorded) {
      // Published twice (the fire was republished), started and succeeded once: one attempt, one outcome.
      expect({ id, submitted: count(id, 'JobSubmitted'), started: facts(id, 'JobStarted').length, succeeded: facts(id, 'JobSucceeded').length })
        .toEqual({ id, submitted: 2, started: 1, succeeded: 1 });
      expect(seen.filter((s) => s.jobId === id && s.type !== 'JobSubmitted').every((s) => s.attempt === 1)).toBe(true);
    }
    const runs = await pool.query<{ n: number }>('select count(*)::int n from schedule_runs where schedule_id = $1 and job_id = any($2)', [scheduleId, unrecorded]);
    expect(runs.rows[0]!.n).toBe(unrecorded.length);
    process.stdout.write(`scheduler kill: ${unrecorded.length} fire(s) published and not recorded at the kill, republished once after the restart and run once; ${later.length} later fires\n`);
  }, 240_000);
});
