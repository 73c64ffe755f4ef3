import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { jobEventSchemas, jobEventToMessage, type JobEvent } from '@conveyor/events';
import { applyTopicCatalog, createEventSerde, createIdempotentProducer, createKafka, resolveCatalog, topicNames } from '@conveyor/kafka';
import { migrate } from '@conveyor/read-model';
import { createLogger, createMetrics, createPgPool, sleep } from '@conveyor/runtime';
import { stackEndpoints, uniqueName, uniqueTopicPrefix, waitFor } from '@conveyor/testing';
import { jobChangesChannel, startProjector } from '../src/projections';
import { jobEvents as e } from '../src/projections/jobEventFixtures';

const env = (key: string, def: number) => Number(process.env[key] ?? def);
const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/**
 * The projector's share of "submit → visible" at a fixed rate (printed, not asserted: the figures depend on
 * the machine): jobs are produced straight onto the job-events topic (JobSubmitted, then JobStarted and
 * JobSucceeded 50 ms later, acks=all, one batch every 10 ms as the APIs' batching publishers send), and
 * each job's first change notification, which Postgres delivers when the job's row commits, ends its
 * "visible" time. Also printed: the projector's largest consumer lag. PROJECTOR_RATE (jobs/s, default 100:
 * small in the test suite; 600 to measure), PROJECTOR_SECONDS (default 5; 20 to measure), PROJECTOR_PARTITIONS (partitionsConsumedConcurrently, default 6).
 */
it('projects jobs produced at a fixed rate, each one visible once its row commits', async () => {
  const rate = env('PROJECTOR_RATE', 100);
  const seconds = env('PROJECTOR_SECONDS', 5);
  const endpoints = stackEndpoints();
  const prefix = uniqueTopicPrefix();
  const topics = topicNames(prefix);
  const logger = createLogger({ service: 'projector-latency', level: 'warn' });
  const kafka = createKafka({ brokers: endpoints.kafkaBrokers, clientId: 'projector-latency', logger });
  const pool = createPgPool({ url: endpoints.databaseUrl, name: 'projector-latency' });
  const listener = new Client({ connectionString: endpoints.databaseUrl });
  const producer = createIdempotentProducer(kafka);
  const metrics = createMetrics('projector-latency');
  try {
    await migrate(pool);
    const admin = kafka.admin();
    await admin.connect();
    await applyTopicCatalog(admin, resolveCatalog({ prefix }));
    await admin.disconnect();
    const serde = createEventSerde({ registryUrl: endpoints.registryUrl, topic: topics.jobEvents, schemas: jobEventSchemas });
    await serde.registerAll();
    await producer.connect();

    const acked = new Map<string, number>();
    const visibleMs: number[] = [];
    await listener.connect();
    listener.on('notification', (msg) => {
      const { jobId } = JSON.parse(msg.payload ?? '{}') as { jobId?: string };
      const at = jobId ? acked.get(jobId) : undefined;
      if (jobId && at !== undefined) {
        visibleMs.push(Date.now() - at);
        acked.delete(jobId);
      }
    });
    await listener.query(`listen ${jobChangesChannel}`);

    const projector = await startProjector({
      kafka, pool, serde, topics, logger, metrics, groupId: uniqueName('projector-latency'), partitionsConsumedConcurrently: env('PROJECTOR_PARTITIONS', 6),
    });
    // Lag: messages acknowledged on the topic that the projector has not finished yet (applied and committed).
    let produced = 0;
    let maxLag = 0;
    const lagSampler = setInterval(() => {
      void metrics.kafkaConsumed.get().then((c) => {
        maxLag = Math.max(maxLag, produced - c.values.reduce((sum, v) => sum + v.value, 0));
      });
    }, 250);
    const type = uniqueName('platency');
    const ids: string[] = [];
    try {
      const send = async (events: JobEvent[]) => {
        const messages = await Promise.all(events.map(async (ev) => jobEventToMessage(ev, await serde.encode(ev.type, ev.data))));
        await producer.sendBatch({ acks: -1, topicMessages: [{ topic: topics.jobEvents, messages }] });
        produced += messages.length;
      };
      const started = Date.now();
      const sends: Array<Promise<void>> = [];
      let due: string[] = [];
      for (let tick = 0; Date.now() - started < seconds * 1000; tick++) {
        const now = Date.now();
        const wanted = Math.floor(((now - started) / 1000) * rate) - ids.length;
        const fresh = Array.from({ length: Math.max(0, wanted) }, () => randomUUID());
        ids.push(...fresh);
        const finishing = tick % 5 === 0 ? due : [];
        if (tick % 5 === 0) due = [];
        due.push(...fresh);
        const events = [...fresh.map((id) => e.submitted(id, now, { type })), ...finishing.flatMap((id) => [e.started(id, now), e.succeeded(id, now + 1, 1, 1)])];
        if (events.length) sends.push(send(events.slice(0, fresh.length)).then(() => fresh.forEach((id) => acked.set(id, Date.now())))
          .then(() => (finishing.length ? send(events.slice(fresh.length)) : undefined)));
        await sleep(10);
      }
      await Promise.all(sends);
      await send(due.flatMap((id) => [e.started(id, Date.now()), e.succeeded(id, Date.now() + 1, 1, 1)]));
      const sentFor = (Date.now() - started) / 1000;
      await waitFor(async () => {
        const { rows } = await pool.query<{ n: string }>(`select count(*) n from jobs where job_id = any($1) and status = 'succeeded'`, [ids]);
        return Number(rows[0]?.n) === ids.length;
      }, { what: 'every job succeeded in the read model', timeoutMs: 300_000, intervalMs: 200 });
      const drainedAfter = (Date.now() - started) / 1000 - sentFor;
      const sorted = [...visibleMs].sort((a, b) => a - b);
      process.stdout.write(`projector at ${rate} jobs/s for ${seconds} s (partitions at once: ${env('PROJECTOR_PARTITIONS', 6)}): ${ids.length} jobs `
        + `(${Math.round(ids.length / sentFor)}/s sent); produced → visible p50 ${percentile(sorted, 50)} ms, p90 ${percentile(sorted, 90)} ms, `
        + `p99 ${percentile(sorted, 99)} ms, max ${sorted.at(-1)} ms over ${sorted.length} jobs; max projector lag ${maxLag} messages; `
        + `every job succeeded ${drainedAfter.toFixed(1)} s after the last send\n`);
      expect(sorted.length).toBeGreaterThan(0);
    } finally {
      clearInterval(lagSampler);
      await projector.stop();
    }
  } finally {
    await listener.end().catch(() => undefined);
    await producer.disconnect();
    await pool.end();
  }
});
