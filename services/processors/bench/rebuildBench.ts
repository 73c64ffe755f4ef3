/**
 * The rebuild benchmark (public, `@conveyor/processors/rebuild-bench`; the CLI is `benchRebuild.ts`):
 * 1. generates job events (jobs of 4 events) into a topic prefix of its own; 2. rebuilds them into a
 * shadow schema with the rebuild's own bulk phase (`loadShadow`: the log reader, Avro decoding, the fold,
 * COPY, the secondary indexes built after); 3. the ceiling: COPY of the same rows (timeline, final job
 * rows, statistics) into a schema of the same shape, without Kafka, indexes built after the same way;
 * 2 and 3 alternate `repeats` times (the machine is shared: the ratio is of the medians, every run reported);
 * 4. the projector's multi-row INSERT statements with the same rows, for comparison. Every phase has a
 * deadline; the topics and schemas are deleted afterwards.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Partitioners } from 'kafkajs';
import { jobEventSchemas, jobEventToMessage, type JobEvent } from '@conveyor/events';
import { applyTopicCatalog, createEventSerde, createKafka, kafkaConnection, resolveCatalog, topicNames } from '@conveyor/kafka';
import { latencyHistogram } from '@conveyor/domain';
import { createReadModelSchema, dropReadModelSchema, migrate, type JobStatsDelta } from '@conveyor/read-model';
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
  /** Rebuilds and COPY ceilings run, alternating; default 3. */
  repeats?: number;
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
  /** The rebuild's bulk phase: reading and writing the rows, then the index build (the median run). */
  rebuild: RebuildRun;
  /** COPY of the same rows without Kafka, the indexes built after (the median run). */
  copyCeiling: CeilingRun;
  /** Every rebuild and ceiling, in the order they ran (alternating). */
  runs: Array<{ rebuild: RebuildRun; copyCeiling: CeilingRun }>;
  /** The projector's multi-row statements with the same rows (the ceiling before COPY). */
  insert: BenchPhase & { method: string };
  /** Rebuild events/s over COPY ceiling events/s, of the medians. */
  ratio: number;
}

export type RebuildRun = BenchPhase & { loadSeconds: number; indexSeconds: number; applied: number };
export type CeilingRun = BenchPhase & { copySeconds: number; indexSeconds: number; rows: number; rowsPerSecond: number; method: string };

/**
 * The run of the median rate (pure): the upper middle of an even count, as the load bench's `medianBy`
 * (loadtest/src/bench/fixedRunSpread.ts), which this package cannot import (the load bench imports this one).
 */
export function medianRun<T extends BenchPhase>(runs: readonly T[]): T {
  const sorted = [...runs].sort((a, b) => a.eventsPerSecond - b.eventsPerSecond);
  const middle = sorted[Math.floor(sorted.length / 2)];
  if (!middle) throw new Error('medianRun: no runs');
  return middle;
}

const partitions = 6;
const tables = ['jobs', 'job_events', 'job_stats_minute'];

/** Events per generated job. */
const eventsPerJob = 4;

/** Ids of a run from an index, UUID-shaped (pure): the same job is generated again, identical, for the ceiling. */
const idOf = (run: string, kind: number, i: number) => `${run}-${kind.toString(16).padStart(4, '0')}-4000-8000-${i.toString(16).padStart(12, '0')}`;

/**
 * Job `i` of a run (pure but for its ids): submitted, started, succeeded, cancelled (ignored), or every 10th
 * retried and started again. Regenerated on demand, so the benchmark never holds the whole log in memory
 * (a heap of a million events made the garbage collector a third of the rebuild's profile).
 */
function jobOf(run: string, i: number, t0: number): JobEvent[] {
  const id = idOf(run, 0, i);
  const t = t0 + i * 13;
  const type = `bench.${i % 8}`;
  const events = i % 10 === 9
    ? [e.submitted(id, t, { type }), e.started(id, t + 40), e.retryScheduled(id, t + 60), e.started(id, t + 200, 2)]
    : [e.submitted(id, t, { type, payload: { n: i, note: 'a\tb\nc \\ "d"' } }), e.started(id, t + 40), e.succeeded(id, t + 70 + (i % 50)), e.cancelled(id, t + 90)];
  events.forEach((ev, k) => { ev.data.meta.eventId = idOf(run, k + 1, i); });
  return events;
}

/** The generated log: `total` events of jobs 0, 1, 2, … (the last job cut short when `total` is not a multiple of 4). */
interface GeneratedLog {
  run: string;
  t0: number;
  total: number;
  /** The events of jobs [from, to). */
  jobs(from: number, to: number): JobEvent[];
}

function generatedLog(total: number): GeneratedLog {
  const run = randomBytes(4).toString('hex');
  const t0 = Date.now() - 3_600_000;
  return {
    run, t0, total,
    jobs(from, to) {
      const out: JobEvent[] = [];
      for (let i = from; i < to; i++) out.push(...jobOf(run, i, t0).slice(0, Math.max(0, total - i * eventsPerJob)));
      return out;
    },
  };
}

const rate = (events: number, ms: number): BenchPhase => ({ seconds: ms / 1000, eventsPerSecond: Math.round(events / (ms / 1000)) });

/** Creates `schema`, runs `work` in it, then drops it whatever happened (a million rows each: the runs must not pile up). */
async function withSchema<T>(pool: Pool, schema: string, work: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  await createReadModelSchema(client, schema).finally(() => client.release());
  try {
    return await work();
  } finally {
    const c = await pool.connect();
    await dropReadModelSchema(c, schema).catch(() => undefined).finally(() => c.release());
  }
}

/** The jobs of one partition (job i goes to partition i mod 6), in chunks of `size` jobs. */
function* partitionChunks(log: GeneratedLog, partition: number, size: number): Generator<JobEvent[]> {
  const jobCount = Math.ceil(log.total / eventsPerJob);
  let chunk: JobEvent[] = [];
  for (let i = partition, n = 0; i < jobCount; i += partitions, n++) {
    chunk.push(...log.jobs(i, i + 1));
    if (n % size === size - 1) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length) yield chunk;
}

/** Adds a statistics delta into the sum of its minute and type (mutates `into`). */
function addDelta(into: Map<string, JobStatsDelta>, d: JobStatsDelta): void {
  const key = `${d.minute} ${d.type}`;
  const sum = into.get(key);
  if (!sum) {
    into.set(key, { ...d, attemptsHist: [...d.attemptsHist] });
    return;
  }
  for (const c of ['submitted', 'started', 'succeeded', 'failed', 'retried', 'cancelled', 'dead'] as const) sum[c] += d[c];
  sum.durationHist = latencyHistogram.merge(sum.durationHist, d.durationHist);
  sum.queueWaitHist = latencyHistogram.merge(sum.queueWaitHist, d.queueWaitHist);
  sum.attemptsHist = sum.attemptsHist.map((x, i) => x + (d.attemptsHist[i] ?? 0));
}

/**
 * The ceiling: the final rows of every table, COPYed on one connection per partition (its timeline and
 * job rows, one transaction each; the rows are built and encoded as they are sent), the statistics
 * after; the secondary indexes built after.
 */
async function copyCeiling(pool: Pool, schema: string, topic: string, log: GeneratedLog) {
  const deferred = await deferIndexes(pool, { schema, source: 'public', tables });
  const stats = new Map<string, JobStatsDelta>();
  for (let p = 0; p < partitions; p++) for (const chunk of partitionChunks(log, p, 1250)) foldBatch(chunk, new Map()).stats.forEach((d) => addDelta(stats, d));
  let rows = 0;
  const into = async (table: string, records: Iterable<CopyRecord>) => {
    const it = records[Symbol.iterator]();
    const first = it.next();
    if (first.done) return;
    const counted = (function* () {
      for (let r: IteratorResult<CopyRecord> = first; !r.done; r = it.next()) {
        rows++;
        yield r.value;
      }
    })();
    await withTransaction(pool, async (client) => {
      await client.query(`set local search_path to ${schema}, public`);
      await client.query('set local synchronous_commit to off');
      await copyInto(client, await copyShapeOf(client, schema, table, first.value), counted);
    });
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: partitions }, async (_, partition) => {
    await into('job_events', (function* () {
      let offset = 0;
      for (const chunk of partitionChunks(log, partition, 1250)) for (const ev of chunk) yield timelineRecord(timelineRow(ev, { topic, partition, offset: String(offset++) }));
    })());
    await into('jobs', (function* () {
      for (const chunk of partitionChunks(log, partition, 1250)) for (const job of foldBatch(chunk, new Map()).jobs) yield jobsRecord(job);
    })());
  }));
  await into('job_stats_minute', [...stats.values()].map(statsRecord));
  const copyMs = Date.now() - started;
  const indexMs = await deferred.build();
  return { copyMs, indexMs, rows };
}

/** The projector's statements with the same rows: transactions of 5000 events, one connection per partition. */
async function insertCeiling(pool: Pool, schema: string, topic: string, log: GeneratedLog): Promise<number> {
  const started = Date.now();
  await Promise.all(Array.from({ length: partitions }, async (_, partition) => {
    let offset = 0;
    for (const slice of partitionChunks(log, partition, 1250)) {
      await withTransaction(pool, async (tx) => {
        await tx.query(`set local search_path to ${schema}, public`);
        await insertTimeline(tx, slice.map((ev) => timelineRow(ev, { topic, partition, offset: String(offset++) })));
        const fold = foldBatch(slice, new Map());
        await upsertJobs(tx, fold.jobs);
        await mergeJobStats(tx, fold.stats, partition);
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
    const generated = generatedLog(total);
    const jobCount = Math.ceil(total / eventsPerJob);
    const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const genStart = Date.now();
    await bounded('generate', (async () => {
      const chunk = 5000; // jobs: 20,000 events
      for (let i = 0; i < jobCount; i += chunk * 2) {
        await Promise.all([i, i + chunk].map(async (from) => {
          const slice = generated.jobs(from, Math.min(from + chunk, jobCount));
          if (!slice.length) return;
          const messages = await Promise.all(slice.map(async (ev) => jobEventToMessage(ev, await serde.encode(ev.type, ev.data))));
          await producer.sendBatch({ acks: -1, compression: 0, topicMessages: [{ topic, messages }] });
        }));
      }
    })());
    const generate = rate(total, Date.now() - genStart);
    await producer.disconnect();
    log(`generated ${total} events: ${JSON.stringify(generate)}`);

    // 2. A rebuild into a shadow schema: the rebuild's bulk phase.
    const timedRebuild = (schema: string): Promise<RebuildRun> => withSchema(pool, schema, async () => {
      const projections = projectionNames();
      const start = await offsetsAt(admin, topic, 'earliest');
      await seedOffsets(pool, schema, topic, projections, start);
      const high = await highWatermarks(admin, topic);
      let applied = 0;
      const reader = await createLogReader({
        kafka, topic, groupId: `conveyor-bench-${randomBytes(3).toString('hex')}`,
        onMessages: copyProjectInto({ pool, serde, topic, schema, logger, projections: projectionRegistry.jobEvents, onApplied: (n) => { applied += n; } }),
      });
      const tick = setInterval(() => log(`rebuild ${applied}/${total}`), 10_000);
      try {
        const load = await bounded('rebuild', loadShadow(reader, { pool, logger }, { schema, source: 'public', tables, from: start, to: high, withoutIndexes: true }));
        const ms = load.loadMs + load.indexMs;
        return { ...rate(applied, ms), loadSeconds: load.loadMs / 1000, indexSeconds: load.indexMs / 1000, applied };
      } finally {
        clearInterval(tick);
        await reader.stop();
      }
    });

    // 3. The COPY ceiling: the same rows, no Kafka, no decoding, no fold in the timing.
    const timedCeiling = (schema: string): Promise<CeilingRun> => withSchema(pool, schema, async () => {
      const copied = await bounded('COPY ceiling', copyCeiling(pool, schema, topic, generated));
      const ceilingMs = copied.copyMs + copied.indexMs;
      return {
        ...rate(total, ceilingMs), copySeconds: copied.copyMs / 1000, indexSeconds: copied.indexMs / 1000, rows: copied.rows,
        rowsPerSecond: Math.round(copied.rows / (ceilingMs / 1000)),
        method: `COPY FROM STDIN (text) of the final rows, ${partitions} connections, one transaction per table and partition, secondary indexes built after`,
      };
    });

    // 2 and 3, alternating: each rebuild into a shadow schema of its own, each ceiling into another, dropped after.
    const runs: RebuildBenchResult['runs'] = [];
    const repeats = options.repeats ?? 3;
    for (let i = 0; i < repeats; i++) {
      const rebuild = await timedRebuild(`${shadow}_${i}`);
      log(`rebuild ${i + 1}/${repeats}: ${JSON.stringify(rebuild)}`);
      const copyCeiling = await timedCeiling(`${copySchema}_${i}`);
      log(`COPY ceiling ${i + 1}/${repeats}: ${JSON.stringify(copyCeiling)}`);
      runs.push({ rebuild, copyCeiling });
    }
    const rebuild = medianRun(runs.map((r) => r.rebuild));
    const copyCeilingResult = medianRun(runs.map((r) => r.copyCeiling));

    // 4. The projector's statements, for comparison.
    const insertMs = await withSchema(pool, insertSchema, () => bounded('INSERT', insertCeiling(pool, insertSchema, topic, generated)));
    const insert = { ...rate(total, insertMs), method: `multi-row INSERT … SELECT FROM jsonb_to_recordset (the projector statements), ${partitions} connections, 5000 events per transaction, indexes kept` };
    log(`INSERT: ${JSON.stringify(insert)}`);

    return {
      date: new Date(genStart).toISOString(), events: total, partitions, loadAverage: { start: loadStart, end: os.loadavg()[0] ?? 0 },
      generate, rebuild, copyCeiling: copyCeilingResult, runs, insert,
      ratio: Math.round((rebuild.eventsPerSecond / copyCeilingResult.eventsPerSecond) * 100) / 100,
    };
  } finally {
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
    `Rebuild / COPY ceiling: **${r.ratio}** (events/s, the median of each over ${r.runs.length} runs, alternating; the rows above are the median runs).`, '',
    '| run | rebuild events/s | COPY ceiling events/s | rebuild / ceiling |', '|---|---:|---:|---:|',
    ...r.runs.map((x, i) => `| ${i + 1} | ${n(x.rebuild.eventsPerSecond)} | ${n(x.copyCeiling.eventsPerSecond)} | ${(x.rebuild.eventsPerSecond / x.copyCeiling.eventsPerSecond).toFixed(2)} |`), '',
  ].join('\n');
}
