/**
 * Benchmark of the rebuild rate: `npx tsx services/processors/bench/benchRebuild.ts [--events 1000000]`.
 * 1. Generates the events (jobs of 4 events: submitted, started, succeeded, or a retry) into a dedicated
 *    topic prefix with a fast producer. 2. Rebuilds them into a shadow schema with the rebuild's own
 *    reader and adapter (events/s). 3. The ceiling: the same rows (timeline, jobs, statistics) inserted
 *    into Postgres without Kafka, with the same multi-row statements, on the same machine. 4. Writes
 *    bench/results/rebuild-<date>.md and .json with the machine's facts, then deletes the topics and schemas.
 * Bounded: every phase has a deadline (--timeout seconds, default 900).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Partitioners } from 'kafkajs';
import { jobEventSchemas, jobEventToMessage, type JobEvent } from '@conveyor/events';
import { applyTopicCatalog, createEventSerde, createKafka, kafkaConnection, resolveCatalog, topicNames } from '@conveyor/kafka';
import { createReadModelSchema, dropReadModelSchema, migrate } from '@conveyor/read-model';
import { createLogger, createPgPool, withTimeout, withTransaction } from '@conveyor/runtime';
import { foldBatch } from '../src/projections/foldBatch';
import { mergeJobStats } from '../src/projections/postgres/jobStatsTable';
import { upsertJobs } from '../src/projections/postgres/jobsTable';
import { insertTimeline } from '../src/projections/postgres/timelineTable';
import { projectionNames } from '../src/projections';
import { timelineRow } from '../src/projections/timelineProjection';
import { jobEvents as e } from '../src/projections/jobEventFixtures';
import { loadReplayConfig } from '../src/replay/config';
import { createLogReader } from '../src/replay/createLogReader';
import { highWatermarks, offsetsAt, seedOffsets } from '../src/replay/logOffsets';
import { projectInto } from '../src/replay/projectInto';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};

const bounded = <T>(what: string, seconds: number, work: Promise<T>): Promise<T> =>
  withTimeout(work, seconds * 1000, () => new Error(`${what}: over ${seconds} s`));

function jobsOf(count: number, t0: number): JobEvent[][] {
  const jobs: JobEvent[][] = [];
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    const t = t0 + i * 13;
    const type = `bench.${i % 8}`;
    jobs.push(i % 10 === 9
      ? [e.submitted(id, t, { type }), e.started(id, t + 40), e.retryScheduled(id, t + 60), e.started(id, t + 200, 2)]
      : [e.submitted(id, t, { type, payload: { n: i } }), e.started(id, t + 40), e.succeeded(id, t + 70 + (i % 50)), e.cancelled(id, t + 90)]);
  }
  return jobs;
}

async function main(): Promise<void> {
  const total = arg('events', 1_000_000);
  const timeout = arg('timeout', 900);
  const config = loadReplayConfig();
  const logger = createLogger({ service: 'bench-rebuild', level: 'warn' });
  const prefix = `bench-rebuild-${randomBytes(3).toString('hex')}.`;
  const topic = topicNames(prefix).jobEvents;
  const kafka = createKafka({ ...kafkaConnection(config), brokers: config.KAFKA_BROKERS, clientId: 'bench-rebuild', logger });
  const pool = createPgPool({ url: config.DATABASE_URL, name: 'bench-rebuild', max: 12 });
  await migrate(pool);
  const admin = kafka.admin();
  await admin.connect();
  await applyTopicCatalog(admin, resolveCatalog({ prefix }));
  const serde = createEventSerde({ registryUrl: config.SCHEMA_REGISTRY_URL, topic, schemas: jobEventSchemas });
  await serde.registerAll();
  const shadow = `conveyor_bench_${randomBytes(3).toString('hex')}`;
  const ceilingSchema = `${shadow}_ceiling`;
  const result: Record<string, unknown> = { date: new Date().toISOString(), events: total, topic, partitions: 6 };
  try {
    // 1. Generate.
    const jobs = jobsOf(Math.ceil(total / 4), Date.now() - 3_600_000);
    const events = jobs.flat().slice(0, total);
    const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const genStart = Date.now();
    await bounded('generate', timeout, (async () => {
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
    result.generate = { seconds: (Date.now() - genStart) / 1000, eventsPerSecond: Math.round(events.length / ((Date.now() - genStart) / 1000)) };
    await producer.disconnect();
    process.stderr.write(`generated ${events.length} events: ${JSON.stringify(result.generate)}\n`);

    // 2. Rebuild into a shadow schema.
    const client = await pool.connect();
    await createReadModelSchema(client, shadow).finally(() => client.release());
    const projections = projectionNames();
    const start = await offsetsAt(admin, topic, 'earliest');
    await seedOffsets(pool, shadow, topic, projections, start);
    const high = await highWatermarks(admin, topic);
    let applied = 0;
    const reader = await createLogReader({
      kafka, topic, groupId: `conveyor-bench-${randomBytes(3).toString('hex')}`,
      onMessages: projectInto({ pool, serde, topic, schema: shadow, logger, onApplied: (n) => { applied += n; } }),
    });
    const tick = setInterval(() => process.stderr.write(`rebuild ${applied}/${events.length}\n`), 10_000);
    const rebuildStart = Date.now();
    await bounded('rebuild', timeout, reader.readTo(start, high)).finally(() => clearInterval(tick));
    const rebuildSeconds = (Date.now() - rebuildStart) / 1000;
    await reader.stop();
    result.rebuild = { seconds: rebuildSeconds, eventsPerSecond: Math.round(applied / rebuildSeconds), applied };
    process.stderr.write(`rebuild: ${JSON.stringify(result.rebuild)}\n`);

    // 3. The ceiling: the same rows, no Kafka, no decoding; the same statements, in transactions of 5000 events, 6 at once.
    const c2 = await pool.connect();
    await createReadModelSchema(c2, ceilingSchema).finally(() => c2.release());
    const byPartition: JobEvent[][] = Array.from({ length: 6 }, () => []);
    jobs.forEach((j, i) => byPartition[i % 6]?.push(...j));
    const ceilingStart = Date.now();
    await bounded('ceiling', timeout, Promise.all(byPartition.map(async (list, partition) => {
      for (let i = 0; i < list.length; i += 5000) {
        const slice = list.slice(i, i + 5000);
        await withTransaction(pool, async (tx) => {
          await tx.query(`set local search_path to ${ceilingSchema}, public`);
          await insertTimeline(tx, slice.map((ev, k) => timelineRow(ev, { topic, partition, offset: String(i + k) })));
          const fold = foldBatch(slice, new Map());
          await upsertJobs(tx, fold.jobs);
          await mergeJobStats(tx, fold.stats);
        });
      }
    })));
    const ceilingSeconds = (Date.now() - ceilingStart) / 1000;
    result.ceiling = { seconds: ceilingSeconds, eventsPerSecond: Math.round(events.length / ceilingSeconds), method: 'multi-row INSERT … SELECT FROM jsonb_to_recordset (the projector statements), 6 connections, 5000 events per transaction' };
    result.ratio = Math.round(((result.rebuild as { eventsPerSecond: number }).eventsPerSecond / (result.ceiling as { eventsPerSecond: number }).eventsPerSecond) * 100) / 100;
    process.stderr.write(`ceiling: ${JSON.stringify(result.ceiling)}\n`);

    // 4. Facts and report.
    const pg = (await pool.query<{ v: string }>('select version() v')).rows[0]?.v ?? 'unknown';
    const cpus = os.cpus();
    let kafkaVersion = 'unknown';
    try {
      kafkaVersion = execFileSync('sh', ['-c', 'ls tools/stack/.cache 2>/dev/null | grep -o "kafka_[0-9.\\-]*" | head -1'], { encoding: 'utf8' }).trim() || '4.1.1 (tools/stack)';
    } catch { /* unknown */ }
    result.machine = {
      cores: cpus.length, cpuModel: cpus[0]?.model.trim(), memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      os: `${os.type()} ${os.release()}`, node: process.version, postgres: pg.split(' on ')[0], kafka: kafkaVersion,
      note: 'Kafka, the registry, Postgres and the benchmark share the machine.',
    };
    const stamp = new Date().toISOString().slice(0, 10);
    const dir = join(__dirname, '..', '..', '..', 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `rebuild-${stamp}.json`), `${JSON.stringify(result, null, 2)}\n`);
    const r = result as { rebuild: { eventsPerSecond: number; seconds: number }; ceiling: { eventsPerSecond: number; seconds: number; method: string }; generate: { eventsPerSecond: number; seconds: number }; machine: Record<string, unknown>; ratio: number };
    writeFileSync(join(dir, `rebuild-${stamp}.md`), [
      `# Rebuild rate, ${result.date as string}`, '',
      `${total.toLocaleString('en')} job events on a 6-partition topic, rebuilt into a shadow schema by \`rebuildReadModel\`'s reader and the projector's SQL adapter (jobs, job_events, job_stats_minute), against the plain Postgres insert of the same rows.`, '',
      '| phase | seconds | events/s |', '|---|---:|---:|',
      `| generate (producer, acks=all) | ${r.generate.seconds.toFixed(1)} | ${r.generate.eventsPerSecond.toLocaleString('en')} |`,
      `| **rebuild** (Kafka → decode → fold → Postgres) | ${r.rebuild.seconds.toFixed(1)} | **${r.rebuild.eventsPerSecond.toLocaleString('en')}** |`,
      `| ceiling: ${r.ceiling.method} | ${r.ceiling.seconds.toFixed(1)} | ${r.ceiling.eventsPerSecond.toLocaleString('en')} |`, '',
      `Rebuild / ceiling: **${r.ratio}**.`, '',
      '## Machine', '', ...Object.entries(r.machine).map(([k, v]) => `- ${k}: ${String(v)}`), '',
      'Reproduce: `npx tsx services/processors/bench/benchRebuild.ts --events 1000000` (the stack running). The topics and schemas are deleted afterwards.', '',
    ].join('\n'));
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    const c = await pool.connect();
    await dropReadModelSchema(c, shadow).catch(() => undefined);
    await dropReadModelSchema(c, ceilingSchema).catch(() => undefined);
    c.release();
    await admin.deleteTopics({ topics: resolveCatalog({ prefix }).map((t) => t.name) }).catch(() => undefined);
    await admin.disconnect();
    await pool.end();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
