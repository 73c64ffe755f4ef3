import { randomUUID } from 'node:crypto';
import { jobEventSchemas, jobEventToMessage, type JobEvent } from '@conveyor/events';
import { applyTopicCatalog, createEventSerde, createIdempotentProducer, createKafka, resolveCatalog, topicNames } from '@conveyor/kafka';
import { migrate } from '@conveyor/read-model';
import { createLogger, createMetrics, createPgPool } from '@conveyor/runtime';
import { stackEndpoints, uniqueName, uniqueTopicPrefix, waitFor } from '@conveyor/testing';
import { startProjector } from '../src/projections';
import { jobEvents as e } from '../src/projections/jobEventFixtures';

/**
 * Throughput of the projector on a backlog of 10,000 events already in Kafka (printed, not asserted: the
 * figure depends on the machine). PROJECTOR_PARTITIONS sets partitionsConsumedConcurrently (default 1).
 */
it('projects a backlog of 10,000 events', async () => {
  const endpoints = stackEndpoints();
  const prefix = uniqueTopicPrefix();
  const topics = topicNames(prefix);
  const logger = createLogger({ service: 'projector-throughput', level: 'warn' });
  const kafka = createKafka({ brokers: endpoints.kafkaBrokers, clientId: 'projector-throughput', logger });
  const pool = createPgPool({ url: endpoints.databaseUrl, name: 'projector-throughput' });
  const producer = createIdempotentProducer(kafka);
  try {
    await migrate(pool);
    const admin = kafka.admin();
    await admin.connect();
    await applyTopicCatalog(admin, resolveCatalog({ prefix }));
    await admin.disconnect();
    const serde = createEventSerde({ registryUrl: endpoints.registryUrl, topic: topics.jobEvents, schemas: jobEventSchemas });
    await serde.registerAll();
    await producer.connect();

    const type = uniqueName('pthroughput');
    const events: JobEvent[] = [];
    const ids: string[] = [];
    const t0 = Date.now() - 600_000;
    for (let i = 0; events.length < 10_000; i++) {
      const id = randomUUID();
      ids.push(id);
      events.push(e.submitted(id, t0 + i, { type }), e.started(id, t0 + i + 5), e.succeeded(id, t0 + i + 9, 1, 4));
    }
    events.length = 10_000;
    const messages = await Promise.all(events.map(async (ev) => jobEventToMessage(ev, await serde.encode(ev.type, ev.data))));
    for (let i = 0; i < messages.length; i += 1000) {
      await producer.sendBatch({ acks: -1, topicMessages: [{ topic: topics.jobEvents, messages: messages.slice(i, i + 1000) }] });
    }

    const started = Date.now();
    const projector = await startProjector({
      kafka, pool, serde, topics, logger, metrics: createMetrics('projector-throughput'), groupId: uniqueName('projector-throughput'),
      partitionsConsumedConcurrently: Number(process.env.PROJECTOR_PARTITIONS ?? 1),
    });
    try {
      await waitFor(async () => {
        const { rows } = await pool.query<{ n: string }>('select count(*) n from job_events where job_id = any($1)', [ids]);
        return Number(rows[0]?.n) === events.length;
      }, { what: 'all 10,000 events', timeoutMs: 120_000, intervalMs: 50 });
      const seconds = (Date.now() - started) / 1000;
      process.stdout.write(`projector: ${events.length} events in ${seconds.toFixed(2)} s = ${Math.round(events.length / seconds)} events/s (including consumer group join)\n`);
      const { rows } = await pool.query<{ n: string }>('select sum(submitted + started + succeeded) n from job_stats_minute where type = $1', [type]);
      expect(Number(rows[0]?.n)).toBe(events.length);
    } finally {
      await projector.stop();
    }
  } finally {
    await producer.disconnect();
    await pool.end();
  }
});
