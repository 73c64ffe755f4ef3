import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { jobEventSchemas, type JobSubmitted } from '@conveyor/events';
import { stackEndpoints, uniqueTopicPrefix, waitFor } from '@conveyor/testing';
import { applyTopicCatalog, createBatchingPublisher, createEventSerde, createIdempotentProducer, createKafka, resolveCatalog, topicNames, PoisonMessageError } from '../src/index';

const endpoints = stackEndpoints();
const logger = pino({ level: 'silent' });

describe('Kafka and the schema registry (real stack)', () => {
  const prefix = uniqueTopicPrefix();
  const topics = topicNames(prefix);
  const kafka = createKafka({ brokers: endpoints.kafkaBrokers, clientId: 'kafka-int-test', logger });
  const admin = kafka.admin();

  beforeAll(async () => {
    await admin.connect();
  });
  afterAll(async () => {
    await admin.deleteTopics({ topics: resolveCatalog({ prefix }).map((t) => t.name) }).catch(() => undefined);
    await admin.disconnect();
  });

  it('applies the topic catalog, and applying it twice changes nothing', async () => {
    const catalog = resolveCatalog({ prefix });
    const first = await applyTopicCatalog(admin, catalog);
    expect(first.filter((c) => c.kind === 'create')).toHaveLength(catalog.length);
    expect(await applyTopicCatalog(admin, catalog)).toEqual([]);
    const meta = await admin.fetchTopicMetadata({ topics: [topics.jobEvents] });
    expect(meta.topics[0]?.partitions).toHaveLength(6);
  });

  it('produces and consumes an Avro record in the Confluent wire format through the registry', async () => {
    const serde = createEventSerde({ registryUrl: endpoints.registryUrl, topic: topics.jobEvents, schemas: jobEventSchemas });
    const ids = await serde.registerAll();
    const submittedId = ids.get('JobSubmitted');
    expect(submittedId).toEqual(expect.any(Number));
    // Registering again is idempotent: same schema, same id.
    expect((await serde.registerAll()).get('JobSubmitted')).toBe(submittedId);

    const jobId = randomUUID();
    const event: JobSubmitted = {
      meta: { eventId: randomUUID(), jobId, occurredAt: Date.now(), actor: 'test', traceparent: null, tracestate: null, replay: false, causationId: null },
      type: 'noop', payloadJson: '{"n":1}', priority: 'high', maxAttempts: 2, timeoutMs: null, runAt: null,
      concurrencyKey: null, backoff: { kind: 'fixed', delayMs: 10, maxDelayMs: 10 }, idempotencyKey: null, scheduleId: null, queue: 'default', workItemPublished: false,
    };
    const producer = createIdempotentProducer(kafka);
    await producer.connect();
    const publisher = createBatchingPublisher({ producer });
    await publisher.publish([{ topic: topics.jobEvents, message: { key: jobId, value: await serde.encode('JobSubmitted', event) } }]);
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: `${prefix}probe` });
    await consumer.connect();
    await consumer.subscribe({ topic: topics.jobEvents, fromBeginning: true });
    const received: Buffer[] = [];
    await consumer.run({ eachMessage: async ({ message }) => { if (message.value) received.push(message.value); } });
    await waitFor(() => received.length > 0, { what: 'the record' });
    await consumer.disconnect();

    const raw = received[0]!;
    expect(raw.readUInt8(0)).toBe(0); // magic byte
    expect(raw.readInt32BE(1)).toBe(submittedId); // schema id
    const decoded = await serde.decode<JobSubmitted>(raw);
    expect(decoded).toEqual({ type: 'JobSubmitted', data: event, schemaId: submittedId });
  });

  it('rejects bytes that are not in the wire format as a poison message', async () => {
    const serde = createEventSerde({ registryUrl: endpoints.registryUrl, topic: topics.jobEvents, schemas: jobEventSchemas });
    await expect(serde.decode(Buffer.from('{"not":"avro"}'))).rejects.toBeInstanceOf(PoisonMessageError);
    const unknownId = Buffer.alloc(10);
    unknownId.writeInt32BE(987_654_321, 1);
    await expect(serde.decode(unknownId)).rejects.toThrow(/unknown schema id/);
  });
});
