import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Producer } from 'kafkajs';
import { jobEventSchemas, jobEventToMessage, type JobEvent } from '@conveyor/events';
import { applyTopicCatalog, createEventSerde, createIdempotentProducer, createKafka, resolveCatalog, topicNames, type EventSerde } from '@conveyor/kafka';
import { createReadModelSchema, dropReadModelSchema, migrate } from '@conveyor/read-model';
import { createLogger, createMetrics, createPgPool, type Pool } from '@conveyor/runtime';
import { stackEndpoints, uniqueName, uniqueTopicPrefix, waitFor } from '@conveyor/testing';
import { projectionNames, startProjector, type Projector } from '../src/projections';
import { jobEvents as e } from '../src/projections/jobEventFixtures';
import { buildAsOf } from '../src/replay/buildAsOf';
import { loadReplayConfig } from '../src/replay/config';
import { createReplayContext, type ReplayContext } from '../src/replay/createReplayContext';
import { storedOffsets } from '../src/replay/logOffsets';
import { createProgressMeter } from '../src/replay/progressMeter';
import { rebuildReadModel } from '../src/replay/rebuildReadModel';
import { redriveDeadLetters } from '../src/replay/redriveDeadLetters';
import { asOfSchemaName, retiredSchemaName, shadowSchemaName } from '../src/replay/replayNames';
import { verifyReadModel } from '../src/replay/verifyReadModel';

// The "live" read model of this file is its own schema (the public tables are shared by every test):
// the projector writes it like production writes public, and rebuilds are compared with it entirely.
const endpoints = stackEndpoints();
const prefix = uniqueTopicPrefix();
const topics = topicNames(prefix);
const live = `conveyor_test_${randomBytes(4).toString('hex')}`;
const logger = createLogger({ service: 'replay-test', level: 'warn' });
const kafka = createKafka({ brokers: endpoints.kafkaBrokers, clientId: 'replay-test', logger });
const env = { KAFKA_BROKERS: endpoints.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: endpoints.registryUrl, DATABASE_URL: endpoints.databaseUrl, TOPIC_PREFIX: prefix, REPLAY_LIVE_SCHEMA: live };
const schemas: string[] = [live];
let pool: Pool;
let serde: EventSerde;
let producer: Producer;
let projector: Projector;
let ctx: ReplayContext;
let published = 0;

beforeAll(async () => {
  pool = createPgPool({ url: endpoints.databaseUrl, name: 'replay-test', max: 20 });
  await migrate(pool);
  const client = await pool.connect();
  await createReadModelSchema(client, live).finally(() => client.release());
  const admin = kafka.admin();
  await admin.connect();
  await applyTopicCatalog(admin, resolveCatalog({ prefix }));
  await admin.disconnect();
  serde = createEventSerde({ registryUrl: endpoints.registryUrl, topic: topics.jobEvents, schemas: jobEventSchemas });
  await serde.registerAll();
  producer = createIdempotentProducer(kafka);
  await producer.connect();
  projector = await startProjector({ kafka, pool, serde, topics, logger, metrics: createMetrics('replay-test'), groupId: uniqueName('replay-live'), schema: live, partitionsConsumedConcurrently: 6 });
  ctx = await createReplayContext(loadReplayConfig(env), logger, { pool, kafka });
});

afterAll(async () => {
  await projector?.stop();
  await producer?.disconnect();
  await ctx?.close();
  const client = await pool.connect();
  for (const s of schemas) await dropReadModelSchema(client, s).catch(() => undefined);
  client.release();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topics.jobEvents, ...Object.values(topics.work), topics.deadLetters, topics.adminEvents] }).catch(() => undefined);
  await admin.disconnect();
  await pool?.end();
});

async function publish(events: JobEvent[]): Promise<void> {
  const messages = await Promise.all(events.map(async (ev) => jobEventToMessage(ev, await serde.encode(ev.type, ev.data))));
  for (let i = 0; i < messages.length; i += 1000) {
    await producer.sendBatch({ acks: -1, topicMessages: [{ topic: topics.jobEvents, messages: messages.slice(i, i + 1000) }] });
  }
  published += messages.length;
}

/** Jobs of every shape: succeeded, retried then failed, cancelled, running, dead. */
function someJobs(n: number, type: string, t0: number): { ids: string[]; events: JobEvent[] } {
  const ids: string[] = [];
  const events: JobEvent[] = [];
  for (let i = 0; i < n; i++) {
    const id = randomUUID();
    ids.push(id);
    const t = t0 + i * 7;
    events.push(e.submitted(id, t, { type }));
    switch (i % 5) {
      case 0: events.push(e.started(id, t + 50), e.succeeded(id, t + 90)); break;
      case 1: events.push(e.started(id, t + 50), e.retryScheduled(id, t + 60), e.started(id, t + 200, 2), e.failed(id, t + 230, 2)); break;
      case 2: events.push(e.cancelled(id, t + 5)); break;
      case 3: events.push(e.started(id, t + 61_000)); break;
      default: events.push(e.started(id, t + 50), e.failed(id, t + 70), e.deadLettered(id, t + 71));
    }
  }
  return { ids, events };
}

/** Messages on the job-events topic: ours, plus what a redrive published. */
async function logEnd(): Promise<bigint> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topics.jobEvents);
  await admin.disconnect();
  return offsets.reduce((s, p) => s + BigInt(p.high), 0n);
}

const liveCaughtUp = async () => {
  const end = await logEnd();
  await waitFor(async () => {
    const at = await storedOffsets(pool, live, topics.jobEvents, projectionNames());
    return [...at.values()].reduce((s, o) => s + o, 0n) === end;
  }, { what: 'the live projection to reach the end of the log', timeoutMs: 90_000 });
};

const deps = () => ({ kafka, pool, serde, logger, progress: createProgressMeter() });

describe('replay', () => {
  it('rebuilds the read model into a shadow while the live projector runs, verifies it equal and swaps it in; the live projector continues on it', async () => {
    const type = uniqueName('rebuild');
    const { events } = someJobs(400, type, Date.now() - 3_600_000);
    await publish(events);
    await liveCaughtUp();
    const before = await verifyReadModel(pool, { live, rebuilt: live });

    const runId = randomUUID();
    schemas.push(shadowSchemaName(runId));
    // More events while the rebuild runs: the catch-up must take them in before the swap.
    const more = someJobs(100, type, Date.now() - 1_800_000);
    const rebuilding = rebuildReadModel(deps(), { runId, topic: topics.jobEvents, liveSchema: live, maxRate: 3000 });
    await publish(more.events);
    const report = await rebuilding;

    expect(report.verification.equal).toBe(true);
    expect(report.swapped).toBe(true);
    expect(report.verification.tables.map((t) => t.liveRows)).toEqual(report.verification.tables.map((t) => t.rebuiltRows));
    expect(report.verification.tables.find((t) => t.table === 'job_events')?.liveRows).toBe(published);
    // Same content as the live read model before the swap, plus the events published meanwhile.
    expect(report.verification.tables.find((t) => t.table === 'jobs')?.rebuiltRows).toBe((before.tables.find((t) => t.table === 'jobs')?.liveRows ?? 0) + 100);
    const shadowLeft = await pool.query('select 1 from information_schema.schemata where schema_name = $1', [shadowSchemaName(runId)]);
    expect(shadowLeft.rowCount).toBe(0);

    // The live projector resumes on the swapped tables, from their offsets.
    const after = someJobs(20, type, Date.now());
    await publish(after.events);
    await liveCaughtUp();
    const { rows } = await pool.query(`select count(*)::int n from ${live}.jobs where job_id = any($1)`, [after.ids]);
    expect(rows[0].n).toBe(20);
    const total = await pool.query(`select count(*)::int n from ${live}.job_events`);
    expect(total.rows[0].n).toBe(published);
  });

  it('a rebuild loaded without its secondary indexes builds them after: the swapped tables carry the live indexes, names and definitions', async () => {
    const type = uniqueName('indexes');
    await publish(someJobs(200, type, Date.now() - 2_400_000).events);
    await liveCaughtUp();
    const indexes = async () => (await pool.query<{ indexname: string; indexdef: string }>(
      `select indexname, indexdef from pg_indexes where schemaname = $1 and tablename in ('jobs', 'job_events', 'job_stats_minute') order by 1`, [live])).rows;
    const before = await indexes();
    expect(before.filter((i) => !i.indexname.endsWith('_pkey')).length).toBeGreaterThan(0);

    const runId = randomUUID();
    schemas.push(shadowSchemaName(runId));
    const report = await rebuildReadModel(deps(), { runId, topic: topics.jobEvents, liveSchema: live, deferIndexesFrom: 0 });
    expect(report.verification.equal).toBe(true);
    expect(report.swapped).toBe(true);
    const after = await indexes();
    expect(after.filter((i) => !i.indexname.endsWith('_pkey'))).toEqual(before.filter((i) => !i.indexname.endsWith('_pkey')));
    expect(after.map((i) => i.indexname.endsWith('_pkey'))).toEqual(before.map((i) => i.indexname.endsWith('_pkey')));
  });

  it('an interrupted rebuild (child process killed midway) resumes where it stopped and ends equal', async () => {
    const type = uniqueName('resume');
    await publish(someJobs(600, type, Date.now() - 3_000_000).events);
    await liveCaughtUp();
    const runId = randomUUID();
    const shadow = shadowSchemaName(runId);
    schemas.push(shadow);
    // `node --import tsx`: one process, so SIGKILL kills the rebuild itself (the tsx CLI would leave it orphaned).
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'src', 'replay', 'cli.ts'), 'rebuild', 'all', '--run', runId, '--max-rate', '400'],
    { env: { ...process.env, ...env, LOG_LEVEL: 'warn' }, stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    try {
      const done = await waitFor(async () => {
        const at = await storedOffsets(pool, shadow, topics.jobEvents, projectionNames()).catch(() => new Map());
        const n = Number([...at.values()].reduce((s, o) => s + o, 0n));
        return n > published / 4 ? n : undefined;
      }, { what: 'the child rebuild to get a quarter through', timeoutMs: 60_000 });
      expect(done).toBeLessThan(published);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    const partial = Number([...(await storedOffsets(pool, shadow, topics.jobEvents, projectionNames())).values()].reduce((s, o) => s + o, 0n));
    expect(partial).toBeLessThan(published);

    const report = await rebuildReadModel(deps(), { runId, topic: topics.jobEvents, liveSchema: live });
    expect(report.resumed).toBe(true);
    expect(report.applied).toBeLessThanOrEqual(published - partial + 1000); // resumed, not restarted (a batch may straddle the kill)
    expect(report.verification.equal).toBe(true);
    expect(report.swapped).toBe(true);
  });

  it('rebuilds one projection (rebuild job_events): only its table and offsets are replaced, the others stay', async () => {
    const type = uniqueName('one');
    const { ids, events } = someJobs(50, type, Date.now() - 900_000);
    await publish(events);
    await liveCaughtUp();
    // A damaged live timeline (our jobs' rows lost); the jobs table is left as it is.
    await pool.query(`delete from ${live}.job_events where job_id = any($1)`, [ids]);
    const jobsChecksum = async () => (await pool.query(`select md5(string_agg(t::text, '' order by job_id)) h from ${live}.jobs t`)).rows[0]?.h;
    const jobsBefore = await jobsChecksum();

    const runId = randomUUID();
    schemas.push(shadowSchemaName(runId), retiredSchemaName(runId));
    const report = await rebuildReadModel(deps(), { runId, topic: topics.jobEvents, liveSchema: live, projection: 'job_events', force: true, keepRetired: true });
    expect(report.verification.tables.map((t) => t.table)).toEqual(['job_events']);
    expect(report.verification.equal).toBe(false);
    expect(report.swapped).toBe(true);
    const restored = await pool.query(`select count(*)::int n from ${live}.job_events where job_id = any($1)`, [ids]);
    expect(restored.rows[0].n).toBe(events.length);
    const retired = await pool.query('select table_name from information_schema.tables where table_schema = $1 order by 1', [retiredSchemaName(runId)]);
    expect(retired.rows.map((r) => r.table_name)).toEqual(['job_events']);
    expect(await jobsChecksum()).toBe(jobsBefore);
    // The live projector goes on with every projection from the same offsets.
    await publish(someJobs(5, type, Date.now()).events);
    await liveCaughtUp();
  });

  it('a rebuild that finds a difference (one tampered live row) reports it and does not swap: live untouched; a dry run of an equal rebuild never swaps', async () => {
    const type = uniqueName('tamper');
    const { ids, events } = someJobs(20, type, Date.now() - 1_200_000);
    await publish(events);
    await liveCaughtUp();
    const victim = ids[0]!; // a succeeded job (someJobs, i % 5 === 0)
    const statusOf = async () => (await pool.query(`select status from ${live}.jobs where job_id = $1`, [victim])).rows[0]?.status;
    expect(await statusOf()).toBe('succeeded');
    await pool.query(`update ${live}.jobs set status = 'failed' where job_id = $1`, [victim]);
    const liveChecksum = async () => (await pool.query(`select md5(string_agg(t::text, '' order by job_id)) h from ${live}.jobs t`)).rows[0]?.h;
    const tampered = await liveChecksum();

    const runId = randomUUID();
    schemas.push(shadowSchemaName(runId), retiredSchemaName(runId));
    const report = await rebuildReadModel(deps(), { runId, topic: topics.jobEvents, liveSchema: live, keepRetired: true });
    expect(report.verification.equal).toBe(false);
    expect(report.swapped).toBe(false);
    expect(report.verification.tables.find((t) => t.table === 'jobs')).toMatchObject({ equal: false, differingRows: 1, sampleKeys: [{ key: victim, missingFrom: null }] });
    expect(report.verification.tables.filter((t) => t.table !== 'jobs').every((t) => t.equal)).toBe(true);
    expect(await liveChecksum()).toBe(tampered);
    expect(await statusOf()).toBe('failed');
    const retired = await pool.query('select 1 from information_schema.schemata where schema_name = $1', [retiredSchemaName(runId)]);
    expect(retired.rowCount).toBe(0);

    // Repaired by hand: now a rebuild would be equal and swap, but a dry run only verifies.
    await pool.query(`update ${live}.jobs set status = 'succeeded' where job_id = $1`, [victim]);
    const repaired = await liveChecksum();
    const dryRunId = randomUUID();
    schemas.push(shadowSchemaName(dryRunId), retiredSchemaName(dryRunId));
    const dry = await rebuildReadModel(deps(), { runId: dryRunId, topic: topics.jobEvents, liveSchema: live, dryRun: true, keepRetired: true });
    expect(dry.verification.equal).toBe(true);
    expect(dry.swapped).toBe(false);
    expect(dry.retiredSchema).toBeNull();
    expect(await liveChecksum()).toBe(repaired);
    const dryRetired = await pool.query('select 1 from information_schema.schemata where schema_name = $1', [retiredSchemaName(dryRunId)]);
    expect(dryRetired.rowCount).toBe(0);
  });

  it('re-drives each dead letter exactly once (a second run sends nothing) and quarantines a letter re-driven too often', async () => {
    const type = uniqueName('redrive');
    const t0 = Date.now() - 600_000;
    const dead = [randomUUID(), randomUUID(), randomUUID()];
    const tired = randomUUID();
    const requeuedBefore: JobEvent = {
      type: 'JobRequeued',
      data: { meta: { eventId: randomUUID(), jobId: tired, occurredAt: t0 + 100, actor: 'someone', traceparent: null, tracestate: null, replay: false, causationId: null },
        attempt: 2, by: 'someone', reason: null, deadLetterId: randomUUID(), redriveCount: 3 },
    };
    await publish([
      ...dead.flatMap((id, i) => [e.submitted(id, t0 + i, { type }), e.started(id, t0 + 10), e.failed(id, t0 + 20), e.deadLettered(id, t0 + 21)]),
      e.submitted(tired, t0, { type }), e.deadLettered(tired, t0 + 50), requeuedBefore, e.deadLettered(tired, t0 + 200, 2),
    ]);
    await liveCaughtUp();

    const publisher = await ctx.publisher();
    const run = () => redriveDeadLetters({ pool, publisher, logger, workTopic: publisher.workTopic },
      { topic: topics.jobEvents, schema: live, type, actor: 'replay-test', maxRedrives: 3 });
    const dry = await redriveDeadLetters({ pool, publisher, logger, workTopic: publisher.workTopic }, { topic: topics.jobEvents, schema: live, type, actor: 'x', dryRun: true });
    expect(dry).toMatchObject({ found: 4, redriven: 0, byType: { [type]: 4 }, byCause: { attempts_exhausted: 4 } });

    const first = await run();
    expect(first).toMatchObject({ found: 4, redriven: 3, quarantined: 1 });
    const second = await run();
    expect(second).toMatchObject({ redriven: 0, quarantined: 0 });

    await liveCaughtUp();
    const requeued = await pool.query<{ job_id: string; n: number }>(
      `select job_id, count(*)::int n from ${live}.job_events where event_type = 'JobRequeued' and job_id = any($1) group by job_id`, [dead]);
    expect(requeued.rows.map((r) => r.n)).toEqual([1, 1, 1]);
    const jobs = await pool.query(`select status, attempts from ${live}.jobs where job_id = any($1)`, [dead]);
    expect(jobs.rows.every((r) => r.status === 'queued' && r.attempts === 1)).toBe(true);
    const tiredRow = await pool.query(`select state, redrive_count from replay_redrives where job_id = $1`, [tired]);
    expect(tiredRow.rows).toEqual([{ state: 'quarantined', redrive_count: 4 }]);
    // The re-drive publishes no work item itself: the dispatcher makes it from JobRequeued (not running
    // here), so each re-drive leads to exactly one attempt (tested end to end in deadLetters.int.spec.ts).
    const admin = kafka.admin();
    await admin.connect();
    const work = await admin.fetchTopicOffsets(topics.work.normal);
    await admin.disconnect();
    expect(work.reduce((s, p) => s + Number(p.high), 0)).toBe(0);
  });

  it('builds the read model as of a past instant: a job running then, succeeded since, shows running', async () => {
    const type = uniqueName('asof');
    const id = randomUUID();
    await publish([e.submitted(id, Date.now(), { type }), e.started(id, Date.now() + 1)]);
    // The snapshot names the second: the succeeded event must be stamped in a later second.
    await new Promise((r) => setTimeout(r, 1100));
    const asOf = Date.now();
    await new Promise((r) => setTimeout(r, 1100 + (1000 - (Date.now() % 1000))));
    await publish([e.succeeded(id, Date.now())]);
    await liveCaughtUp();
    schemas.push(asOfSchemaName(asOf));
    await pool.query('delete from replay_snapshots where schema_name = $1', [asOfSchemaName(asOf)]);

    const report = await buildAsOf(deps(), { runId: randomUUID(), topic: topics.jobEvents, asOf, source: live });
    expect(report.schema).toBe(asOfSchemaName(asOf));
    const then = await pool.query(`select status from ${report.schema}.jobs where job_id = $1`, [id]);
    expect(then.rows[0]?.status).toBe('running');
    const now = await pool.query(`select status from ${live}.jobs where job_id = $1`, [id]);
    expect(now.rows[0]?.status).toBe('succeeded');
    const snapshot = await pool.query('select built_at from replay_snapshots where schema_name = $1', [report.schema]);
    expect(snapshot.rows[0]?.built_at).toBeInstanceOf(Date);
    await pool.query('delete from replay_snapshots where schema_name = $1', [report.schema]);
  });
});
