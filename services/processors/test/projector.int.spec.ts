import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Producer } from 'kafkajs';
import { jobEventSchemas, jobEventToMessage, type JobEvent } from '@conveyor/events';
import {
  applyTopicCatalog, createEventSerde, createIdempotentProducer, createKafka, resolveCatalog, topicNames,
  type EventSerde,
} from '@conveyor/kafka';
import { migrate } from '@conveyor/read-model';
import { createLogger, createMetrics, createPgPool, type Pool } from '@conveyor/runtime';
import { stackEndpoints, uniqueName, uniqueTopicPrefix, waitFor } from '@conveyor/testing';
import { startProjector } from '../src/projections';
import { jobEvents as e } from '../src/projections/jobEventFixtures';

const endpoints = stackEndpoints();
const prefix = uniqueTopicPrefix();
const topics = topicNames(prefix);
const logger = createLogger({ service: 'projector-test', level: 'warn' });
const kafka = createKafka({ brokers: endpoints.kafkaBrokers, clientId: 'projector-test', logger });
let pool: Pool;
let serde: EventSerde;
let producer: Producer;
/** Messages published on this run's job-events topic, by every test of this file. */
let published = 0;

beforeAll(async () => {
  pool = createPgPool({ url: endpoints.databaseUrl, name: 'projector-test' });
  await migrate(pool);
  const admin = kafka.admin();
  await admin.connect();
  await applyTopicCatalog(admin, resolveCatalog({ prefix }));
  await admin.disconnect();
  serde = createEventSerde({ registryUrl: endpoints.registryUrl, topic: topics.jobEvents, schemas: jobEventSchemas });
  await serde.registerAll();
  producer = createIdempotentProducer(kafka);
  await producer.connect();
});

afterAll(async () => {
  await producer?.disconnect();
  await pool?.end();
});

async function publish(events: JobEvent[]): Promise<void> {
  const messages = await Promise.all(events.map(async (ev) => jobEventToMessage(ev, await serde.encode(ev.type, ev.data))));
  for (let i = 0; i < messages.length; i += 500) {
    await producer.sendBatch({ acks: -1, topicMessages: [{ topic: topics.jobEvents, messages: messages.slice(i, i + 500) }] });
  }
  published += messages.length;
}

const countRows = async (sql: string, ids: string[]): Promise<number> =>
  Number((await pool.query<{ n: string }>(sql, [ids])).rows[0]?.n);

const statsOf = async (type: string) =>
  (await pool.query<Record<string, string>>(
    `select sum(submitted) submitted, sum(started) started, sum(succeeded) succeeded, sum(failed) failed,
            sum(retried) retried, sum(cancelled) cancelled, sum(dead) dead
     from job_stats_minute where type = $1`, [type])).rows[0];

describe('projector', () => {
  it('projects jobs, their timeline and statistics, skipping a poison message', async () => {
    const type = uniqueName('ptest');
    const [a, b, c, d] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const t0 = Date.now() - 60_000;
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const events = [
      e.submitted(a, t0, { type, traceparent, payload: { url: 'https://example.test/a' } }), e.started(a, t0 + 100), e.succeeded(a, t0 + 150, 1, 50),
      e.submitted(b, t0 + 10, { type, maxAttempts: 2 }), e.started(b, t0 + 20), e.retryScheduled(b, t0 + 40, 1, 20),
      e.started(b, t0 + 200, 2), e.failed(b, t0 + 230, 2, 30),
      e.submitted(c, t0 + 30, { type }), e.cancelled(c, t0 + 35),
      e.submitted(d, t0 + 50, { type }), e.started(d, t0 + 60),
    ];
    await publish(events.slice(0, 6));
    // Not our wire format: logged, counted and skipped, never a stall.
    await producer.send({ topic: topics.jobEvents, acks: -1, messages: [{ key: b, value: Buffer.from('not avro') }] });
    published += 1;
    await publish(events.slice(6));

    const metrics = createMetrics('projector-test');
    const projector = await startProjector({ kafka, pool, serde, topics, logger, metrics, groupId: uniqueName('projector') });
    try {
      const ids = [a, b, c, d];
      await waitFor(async () => (await countRows('select count(*) n from job_events where job_id = any($1)', ids)) === events.length,
        { what: 'the timeline rows', timeoutMs: 60_000 });
      await waitFor(async () => (await countRows('select sum(version) n from jobs where job_id = any($1)', ids)) === events.length,
        { what: 'the job versions' });

      const jobs = new Map((await pool.query('select * from jobs where job_id = any($1)', [ids])).rows.map((r) => [r.job_id, r]));
      expect(jobs.get(a)).toMatchObject({
        type, status: 'succeeded', attempts: 1, duration_ms: 50, queue_wait_ms: 100, result: { ok: true },
        payload: { url: 'https://example.test/a' }, trace_id: '0af7651916cd43dd8448eb211c80319c', version: 3,
      });
      expect(jobs.get(a).finished_at.getTime()).toBe(t0 + 150);
      expect(jobs.get(b)).toMatchObject({ status: 'failed', attempts: 2, duration_ms: 30, error: { message: 'boom', code: 'E_BOOM', retriable: false }, version: 5 });
      expect(jobs.get(c)).toMatchObject({ status: 'cancelled', attempts: 0, version: 2 });
      expect(jobs.get(d)).toMatchObject({ status: 'running', attempts: 1, version: 2 });

      const timeline = await pool.query('select event_type, attempt, data, trace_id from job_events where job_id = $1 order by occurred_at, "offset"', [b]);
      expect(timeline.rows.map((r) => [r.event_type, r.attempt])).toEqual([
        ['JobSubmitted', null], ['JobStarted', 1], ['JobRetryScheduled', 1], ['JobStarted', 2], ['JobFailed', 2],
      ]);
      const first = await pool.query('select data, trace_id, topic from job_events where job_id = $1 and event_type = $2', [a, 'JobSubmitted']);
      expect(first.rows[0]).toMatchObject({ trace_id: '0af7651916cd43dd8448eb211c80319c', topic: topics.jobEvents, data: { payload: { url: 'https://example.test/a' } } });

      expect(await statsOf(type)).toEqual({ submitted: '4', started: '4', succeeded: '1', failed: '1', retried: '1', cancelled: '1', dead: '0' });
      const hist = await pool.query<{ attempts_hist: number[]; n: number }>(
        `select attempts_hist, (select sum(x) from unnest(duration_hist) x)::int n from job_stats_minute where type = $1 and succeeded + failed > 0`, [type]);
      expect(hist.rows.reduce((s, r) => s + r.n, 0)).toBe(3); // a's success, b's retry, b's failure
      expect(hist.rows.map((r) => r.attempts_hist.slice(0, 2)).reduce(([x, y], [p, q]) => [x! + p!, y! + q!])).toEqual([1, 1]);

      const poison = await metrics.registry.getSingleMetricAsString('conveyor_projector_poison_messages_total');
      expect(poison).toMatch(/conveyor_projector_poison_messages_total\{[^}]*\} 1/);
    } finally {
      await projector.stop();
    }
  });

  it('after a SIGKILL mid-stream and a restart, the read model is exact: nothing twice, nothing missing', async () => {
    const type = uniqueName('pcrash');
    const events: JobEvent[] = [];
    const ids: string[] = [];
    const t0 = Date.now() - 120_000;
    for (let i = 0; events.length < 2000; i++) {
      const id = randomUUID();
      ids.push(id);
      const at = t0 + i * 7;
      const lifecycle = [e.submitted(id, at, { type }), e.started(id, at + 1)];
      if (i % 4 === 0) lifecycle.push(e.retryScheduled(id, at + 2), e.started(id, at + 3, 2), e.succeeded(id, at + 4, 2));
      else if (i % 4 === 1) lifecycle.push(e.failed(id, at + 2));
      else if (i % 4 === 2) lifecycle.push(e.succeeded(id, at + 2));
      else lifecycle.push(e.cancelled(id, at + 2));
      events.push(...lifecycle.slice(0, 2000 - events.length));
    }
    const counts = (name: JobEvent['type']) => String(events.filter((ev) => ev.type === name).length);
    const timelineCount = () => countRows('select count(*) n from job_events where job_id = any($1)', ids);

    // 1. A projector in a child process, killed with SIGKILL once it has applied part of the stream.
    const child = spawnProjector(uniqueName('projector-crash'));
    try {
      // Half the stream, then the kill once the child applied some of it; the other half only after the
      // kill: the child cannot have applied everything, however fast the machine.
      const half = events.length / 2;
      for (let i = 0; i < half; i += 100) await publish(events.slice(i, i + 100));
      await waitFor(async () => (await timelineCount()) > 0, { what: 'the child to apply something', timeoutMs: 60_000 });
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      const before = await timelineCount();
      expect(before).toBeGreaterThan(0);
      expect(before).toBeLessThanOrEqual(half);
      for (let i = half; i < events.length; i += 100) await publish(events.slice(i, i + 100));
    } finally {
      child.kill('SIGKILL');
    }

    // 2. A fresh consumer group re-reads the whole log from offset 0: only the stored offsets keep it exact.
    const projector = await startProjector({ kafka, pool, serde, topics, logger, metrics: createMetrics('projector-test'), groupId: uniqueName('projector-restart') });
    try {
      await waitFor(async () => (await timelineCount()) === events.length, { what: 'every event in the timeline', timeoutMs: 90_000 });
      await waitFor(async () => (await countRows('select coalesce(sum(version), 0) n from jobs where job_id = any($1)', ids)) === events.length,
        { what: 'every event folded into the jobs' });
      const offsets = await pool.query<{ n: string }>(
        `select sum(next_offset) n from projection_offsets where projection = 'jobs' and topic = $1`, [topics.jobEvents]);
      expect(Number(offsets.rows[0]?.n)).toBe(published); // every message of this run's topic, once
      expect(await countRows('select count(distinct event_id) n from job_events where job_id = any($1)', ids)).toBe(events.length);
      expect(await countRows('select count(*) n from jobs where job_id = any($1)', ids)).toBe(ids.length);
      const versions = await pool.query<{ job_id: string; version: number }>('select job_id, version from jobs where job_id = any($1)', [ids]);
      const expected = new Map<string, number>();
      for (const ev of events) expected.set(ev.data.meta.jobId, (expected.get(ev.data.meta.jobId) ?? 0) + 1);
      expect(versions.rows.filter((r) => r.version !== expected.get(r.job_id))).toEqual([]);
      expect(await statsOf(type)).toEqual({
        submitted: counts('JobSubmitted'), started: counts('JobStarted'), succeeded: counts('JobSucceeded'), failed: counts('JobFailed'),
        retried: counts('JobRetryScheduled'), cancelled: counts('JobCancelled'), dead: '0',
      });
    } finally {
      await projector.stop();
    }
  });
});

/** Runs the projector in a child process (tsx), so the test can kill it like a crashed pod. */
function spawnProjector(groupId: string): ChildProcess {
  const code = `
    const { createEventSerde, createKafka, topicNames } = require('@conveyor/kafka');
    const { jobEventSchemas } = require('@conveyor/events');
    const { createLogger, createMetrics, createPgPool } = require('@conveyor/runtime');
    const { startProjector } = require('./src/projections');
    const env = process.env;
    const logger = createLogger({ service: 'projector-child', level: 'warn' });
    const topics = topicNames(env.TOPIC_PREFIX);
    const serde = createEventSerde({ registryUrl: env.SCHEMA_REGISTRY_URL, topic: topics.jobEvents, schemas: jobEventSchemas });
    serde.registerAll().then(() => startProjector({
      kafka: createKafka({ brokers: env.KAFKA_BROKERS.split(','), clientId: 'projector-child', logger }),
      pool: createPgPool({ url: env.DATABASE_URL, name: 'projector-child' }),
      serde, topics, logger, metrics: createMetrics('projector-child'), groupId: env.GROUP_ID,
    }));`;
  // node --import tsx (not the tsx CLI, which runs the program in a grandchild that SIGKILL would orphan).
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', code], {
    cwd: join(__dirname, '..'),
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env, TOPIC_PREFIX: prefix, GROUP_ID: groupId, KAFKA_BROKERS: endpoints.kafkaBrokers.join(','),
      SCHEMA_REGISTRY_URL: endpoints.registryUrl, DATABASE_URL: endpoints.databaseUrl,
    },
  });
  return child;
}
