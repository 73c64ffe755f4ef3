/**
 * The rebuild benchmark (public, `@conveyor/processors/rebuild-bench`; the CLI is `benchRebuild.ts`):
 * 1. generates job events (jobs of 4 events) into a topic prefix of its own; 2. rebuilds them into a
 * shadow schema with the rebuild's own bulk phase (`loadShadow`: the log reader, Avro decoding, the fold,
 * COPY, the secondary indexes built after); 3. the ceiling: COPY of the same rows (timeline, final job
 * rows, statistics) into a schema of the same shape, without Kafka, indexes built after the same way;
 * 4. the projector's multi-row INSERT statements with the same rows, for comparison. Every phase has a
 * deadline; the topics and schemas are deleted afterwards.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import { Partitioners } from 'kafkajs';
import { jobEventSchemas, jobEventToMessage, type JobEvent } from '@conveyor/events';
import { applyTopicCatalog, createEventSerde, createKafka, kafkaConnection, resolveCatalog, topicNames } from '@conveyor/kafka';
import { createReadModelSchema, dropReadModelSchema, migrate } from '@conveyor/read-model';
import { createLogger, createPgPool, withTimeout, withTransaction, type Pool } from '@conveyor/runtime';
import { projectionNames, projectionRegistry } from '../src/projections';
import { foldBatch } from '../src/projections/foldBatch';
import { jobEvents as e } from '../src/projections/jobEventFixtures';
import { mergeJobStats } from '../src/projections/postgres/jobStatsTable';
import { upsertJobs } from '../src/projections/postgres/jobsTable';
import { insertTimeline } from '../src/projections/postgres/timelineTable';
import { timelineRow } from '../src/projections/timelineProjection';
import { loadReplayConfig } from '../src/replay/config';
import { copyInto, copyShapeOf } from '../src/replay/copyInto';
import { copyProjectInto } from '../src/replay/copyProjectInto';
import { jobsRecord, statsRecord, timelineRecord, type CopyRecord } from '../src/replay/copyRows';
import { createLogReader } from '../src/replay/createLogReader';
import { deferIndexes } from '../src/replay/deferIndexes';
import { loadShadow } from '../src/replay/loadShadow';
import { highWatermarks, offsetsAt, seedOffsets } from '../src/replay/logOffsets';

export interface RebuildBenchOptions {
  /** Job events generated and rebuilt. */
  events: number;
  /** Progress lines; default none. */
  log?: (line: string) => void;
  /** The deadline of each phase, in seconds; default 900. */
  timeoutSeconds?: number;
}

/** A timed phase: seconds and its rate in events per second. */
export interface BenchPhase {
  seconds: number;
  eventsPerSecond: number;
}

/** What the rebuild benchmark measured (public). */
export interface RebuildBenchResult {
  date: string;
  events: number;
  partitions: number;
  /** Load average (1 min) of the machine at the start and the end. */
  loadAverage: { start: number; end: number };
  generate: BenchPhase;
  /** The rebuild's bulk phase: reading and writing the rows, then the index build. */
  rebuild: BenchPhase & { loadSeconds: number; indexSeconds: number; applied: number };
  /** COPY of the same rows without Kafka, the indexes built after. */
  copyCeiling: BenchPhase & { copySeconds: number; indexSeconds: number; rows: number; rowsPerSecond: number; method: string };
  /** The projector's multi-row statements with the same rows (the ceiling before COPY). */
  insert: BenchPhase & { method: string };
  /** Rebuild events/s over COPY ceiling events/s. */
  ratio: number;
}

const partitions = 6;
const tables = ['jobs', 'job_events', 'job_stats_minute'];

/** Jobs of 4 events: submitted, started, succeeded, cancelled (ignored), or every 10th retried and started again. */
function jobsOf(count: number, t0: number): JobEvent[][] {
  const jobs: JobEvent[][] = [];
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    const t = t0 + i * 13;
    const type = `bench.${i % 8}`;
    jobs.push(i % 10 === 9
      ? [e.submitted(id, t, { type }), e.started(id, t + 40), e.retryScheduled(id, t + 60), e.started(id, t + 200, 2)]
      : [e.submitted(id, t, { type, payload: { n: i, note: 'a\tb\nc \\ "d"' } }), e.started(id, t + 40), e.succeeded(id, t + 70 + (i % 50)), e.cancelled(id, t + 90)]);
  }
  return jobs;
}

const rate = (events: number, ms: number): BenchPhase => ({ seconds: ms / 1000, eventsPerSecond: Math.round(events / (ms / 1000)) });

async function withSchema<T>(pool: Pool, schema: string, work: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  await createReadModelSchema(client, schema).finally(() => client.release());
  return work();
}

/**
 * The ceiling: the final rows of every table, COPYed on one connection per partition (timeline and jobs
 * rows of its jobs, in one transaction each), the statistics after; the secondary indexes built after.
 */
async function copyCeiling(pool: Pool, schema: string, topic: string, byPartition: JobEvent[][]) {
  const deferred = await deferIndexes(pool, { schema, source: 'public', tables });
  const folds = byPartition.map((list) => foldBatch(list, new Map()));
  const stats = foldBatch(byPartition.flat().sort((a, b) => a.data.meta.occurredAt - b.data.meta.occurredAt), new Map()).stats;
  const started = Date.now();
  const into = async (table: string, records: CopyRecord[] | Iterable<CopyRecord>, sample: CopyRecord) => withTransaction(pool, async (client) => {
    await client.query(`set local search_path to ${schema}, public`);
    await client.query('set local synchronous_commit to off');
    await copyInto(client, await copyShapeOf(client, schema, table, sample), records);
  });
  await Promise.all(byPartition.map(async (list, partition) => {
    const first = list[0];
    const fold = folds[partition];
    if (!first || !fold?.jobs[0]) return;
    const timeline = function* () {
      for (let i = 0; i < list.length; i++) yield timelineRecord(timelineRow(list[i] as JobEvent, { topic, partition, offset: String(i) }));
    };
    await into('job_events', timeline(), timelineRecord(timelineRow(first, { topic, partition, offset: '0' })));
    await into('jobs', fold.jobs.map(jobsRecord), jobsRecord(fold.jobs[0]));
  }));
  const statRows = stats.map(statsRecord);
  if (statRows[0]) await into('job_stats_minute', statRows, statRows[0]);
  const copyMs = Date.now() - started;
  const indexMs = await deferred.build();
  const rows = byPartition.reduce((n, l) => n + l.length, 0) + folds.reduce((n, f) => n + f.jobs.length, 0) + statRows.length;
  return { copyMs, indexMs, rows };
}

/** The projector's statements with the same rows: transactions of 5000 events, one connection per partition. */
async function insertCeiling(pool: Pool, schema: string, topic: string, byPartition: JobEvent[][]): Promise<number> {
  const started = Date.now();
  await Promise.all(byPartition.map(async (list, partition) => {
    for (let i = 0; i < list.length; i += 5000) {
      const slice = list.slice(i, i + 5000);
      await withTransaction(pool, async (tx) => {
        await tx.query(`set local search_path to ${schema}, public`);
        await insertTimeline(tx, slice.map((ev, k) => timelineRow(ev, { topic, partition, offset: String(i + k) })));
        const fold = foldBatch(slice, new Map());
        await upsertJobs(tx, fold.jobs);
        await mergeJobStats(tx, fold.stats);
      });
    }
  }));
  return Date.now() - started;
}

/** Runs the rebuild benchmark against the stack the replay configuration names (public). */
export async function runRebuildBench(options: RebuildBenchOptions): Promise<RebuildBenchResult> {
  const total = options.events;
  const timeout = options.timeoutSeconds ?? 900;
  const log = options.log ?? (() => undefined);
  const bounded = <T>(what: string, work: Promise<T>): Promise<T> => withTimeout(work, timeout * 1000, () => new Error(`${what}: over ${timeout} s`));
  const config = loadReplayConfig();
  const logger = createLogger({ service: 'bench-rebuild', level: 'warn' });
  const prefix = `bench-rebuild-${randomBytes(3).toString('hex')}.`;
  const topic = topicNames(prefix).jobEvents;
  const kafka = createKafka({ ...kafkaConnection(config), brokers: config.KAFKA_BROKERS, clientId: 'bench-rebuild', logger });
  const pool = createPgPool({ url: config.DATABASE_URL, name: 'bench-rebuild', max: 12 });
  const loadStart = os.loadavg()[0] ?? 0;
  await migrate(pool);
  const admin = kafka.admin();
  await admin.connect();
  const shadow = `conveyor_bench_${randomBytes(3).toString('hex')}`;
  const [copySchema, insertSchema] = [`${shadow}_copy`, `${shadow}_insert`];
  try {
    await applyTopicCatalog(admin, resolveCatalog({ prefix }));
    const serde = createEventSerde({ registryUrl: config.SCHEMA_REGISTRY_URL, topic, schemas: jobEventSchemas });
    await serde.registerAll();

    // 1. Generate.
    const jobs = jobsOf(Math.ceil(total / 4), Date.now() - 3_600_000);
    const events = jobs.flat().slice(0, total);
    const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const genStart = Date.now();
    await bounded('generate', (async () => {
      const chunk = 20_000;
      for (let i = 0; i < events.length; i += chunk * 2) {
        await Promise.all([i, i + chunk].map(async (from) => {
          const slice = events.slice(from, from + chunk);
          if (!slice.length) return;
          const messages = await Promise.all(slice.map(async (ev) => jobEventToMessage(ev, await serde.encode(ev.type, ev.data))));
          await producer.sendBatch({ acks: -1, compression: 0, topicMessages: [{ topic, messages }] });
        }));
      }
    })());
    const generate = rate(events.length, Date.now() - genStart);
    await producer.disconnect();
    log(`generated ${events.length} events: ${JSON.stringify(generate)}`);

    // 2. Rebuild into a shadow schema: the rebuild's bulk phase.
    const rebuild = await withSchema(pool, shadow, async () => {
      const projections = projectionNames();
      const start = await offsetsAt(admin, topic, 'earliest');
      await seedOffsets(pool, shadow, topic, projections, start);
      const high = await highWatermarks(admin, topic);
      let applied = 0;
      const reader = await createLogReader({
        kafka, topic, groupId: `conveyor-bench-${randomBytes(3).toString('hex')}`,
        onMessages: copyProjectInto({ pool, serde, topic, schema: shadow, logger, projections: projectionRegistry.jobEvents, onApplied: (n) => { applied += n; } }),
      });
      const tick = setInterval(() => log(`rebuild ${applied}/${events.length}`), 10_000);
      try {
        const load = await bounded('rebuild', loadShadow(reader, { pool, logger }, { schema: shadow, source: 'public', tables, from: start, to: high, withoutIndexes: true }));
        const ms = load.loadMs + load.indexMs;
        return { ...rate(applied, ms), loadSeconds: load.loadMs / 1000, indexSeconds: load.indexMs / 1000, applied };
      } finally {
        clearInterval(tick);
        await reader.stop();
      }
    });
    log(`rebuild: ${JSON.stringify(rebuild)}`);

    // 3. The COPY ceiling: the same rows, no Kafka, no decoding, no fold in the timing.
    const byPartition: JobEvent[][] = Array.from({ length: partitions }, () => []);
    jobs.forEach((j, i) => byPartition[i % partitions]?.push(...j));
    const copied = await withSchema(pool, copySchema, () => bounded('COPY ceiling', copyCeiling(pool, copySchema, topic, byPartition)));
    const ceilingMs = copied.copyMs + copied.indexMs;
    const copyCeilingResult = {
      ...rate(events.length, ceilingMs), copySeconds: copied.copyMs / 1000, indexSeconds: copied.indexMs / 1000, rows: copied.rows,
      rowsPerSecond: Math.round(copied.rows / (ceilingMs / 1000)),
      method: `COPY FROM STDIN (text) of the final rows, ${partitions} connections, one transaction per table and partition, secondary indexes built after`,
    };
    log(`COPY ceiling: ${JSON.stringify(copyCeilingResult)}`);

    // 4. The projector's statements, for comparison.
    const insertMs = await withSchema(pool, insertSchema, () => bounded('INSERT', insertCeiling(pool, insertSchema, topic, byPartition)));
    const insert = { ...rate(events.length, insertMs), method: `multi-row INSERT … SELECT FROM jsonb_to_recordset (the projector statements), ${partitions} connections, 5000 events per transaction, indexes kept` };
    log(`INSERT: ${JSON.stringify(insert)}`);

    return {
      date: new Date(genStart).toISOString(), events: events.length, partitions, loadAverage: { start: loadStart, end: os.loadavg()[0] ?? 0 },
      generate, rebuild, copyCeiling: copyCeilingResult, insert,
      ratio: Math.round((rebuild.eventsPerSecond / copyCeilingResult.eventsPerSecond) * 100) / 100,
    };
  } finally {
    const c = await pool.connect();
    for (const s of [shadow, copySchema, insertSchema]) await dropReadModelSchema(c, s).catch(() => undefined);
    c.release();
    await admin.deleteTopics({ topics: resolveCatalog({ prefix }).map((t) => t.name) }).catch(() => undefined);
    await admin.disconnect();
    await pool.end();
  }
}

const n = (x: number) => x.toLocaleString('en');

/** The benchmark as a markdown section (public): the three rows and the ratio to the COPY ceiling. */
export function renderRebuildBench(r: RebuildBenchResult): string {
  return [
    `## Rebuild of ${n(r.events)} job events (${r.date})`, '',
    `${n(r.events)} job events on a ${r.partitions}-partition topic, rebuilt into a shadow schema by the rebuild's bulk phase (log reader, Avro decoding, the jobs fold, COPY into jobs, job_events, job_stats_minute, secondary indexes built after), against COPY of the same rows without Kafka. Load average (1 min) ${r.loadAverage.start.toFixed(1)} at the start, ${r.loadAverage.end.toFixed(1)} at the end.`, '',
    '| phase | seconds | rows/s | events/s |', '|---|---:|---:|---:|',
    `| generate (producer, acks=all) | ${r.generate.seconds.toFixed(1)} | | ${n(r.generate.eventsPerSecond)} |`,
    `| **rebuild** (Kafka → decode → fold → COPY; load ${r.rebuild.loadSeconds.toFixed(1)} s + indexes ${r.rebuild.indexSeconds.toFixed(1)} s) | ${r.rebuild.seconds.toFixed(1)} | | **${n(r.rebuild.eventsPerSecond)}** |`,
    `| COPY ceiling: ${r.copyCeiling.method} (COPY ${r.copyCeiling.copySeconds.toFixed(1)} s + indexes ${r.copyCeiling.indexSeconds.toFixed(1)} s; ${n(r.copyCeiling.rows)} rows) | ${r.copyCeiling.seconds.toFixed(1)} | ${n(r.copyCeiling.rowsPerSecond)} | ${n(r.copyCeiling.eventsPerSecond)} |`,
    `| before COPY: ${r.insert.method} | ${r.insert.seconds.toFixed(1)} | | ${n(r.insert.eventsPerSecond)} |`, '',
    `Rebuild / COPY ceiling: **${r.ratio}** (events/s).`, '',
  ].join('\n');
}
