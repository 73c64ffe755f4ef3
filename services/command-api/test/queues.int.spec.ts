import type { KafkaMessage } from 'kafkajs';
import { queueEventSchemas } from '@conveyor/events';
import { createEventSerde, topicNames } from '@conveyor/kafka';
import { readTopicToEnd, stackEndpoints } from '@conveyor/testing';
import { startHarness, type Harness } from './commandApiHarness';

describe('POST /v1/queues/{queue}/pause and /resume', () => {
  let h: Harness;
  let adminTopic: string;
  /** The admin-events records from the start (a transaction's commit marker takes an offset too: records are counted, not offsets). */
  const readAdmin = async (): Promise<KafkaMessage[]> => (await readTopicToEnd(h.kafka, [adminTopic])).map((r) => r.message);
  const endOf = async () => (await readAdmin()).length;

  beforeAll(async () => {
    h = await startHarness();
    adminTopic = topicNames(h.config.TOPIC_PREFIX).adminEvents;
  });
  afterAll(async () => h?.close());

  it('pauses then resumes a queue: 200 with its state and Conveyor-Position, QueuePaused then QueueResumed durable on the admin log, keyed by the queue', async () => {
    const before = await endOf();
    const paused = await h.request('POST', '/v1/queues/images/pause', { body: { reason: 'maintenance' } });
    expect(paused).toMatchObject({ status: 200, body: { queue: 'images', paused: true } });
    expect(paused.headers.get('conveyor-position')).toBeTruthy();
    const resumed = await h.request('POST', '/v1/queues/images/resume');
    expect(resumed).toMatchObject({ status: 200, body: { queue: 'images', paused: false } });

    const records = (await readAdmin()).slice(before);
    expect(records.map((m) => [m.key?.toString(), m.headers?.['event-type']?.toString()])).toEqual([['images', 'QueuePaused'], ['images', 'QueueResumed']]);
    const serde = createEventSerde({ registryUrl: stackEndpoints().registryUrl, topic: adminTopic, schemas: queueEventSchemas });
    const decoded = await serde.decode(records[0]?.value ?? null);
    expect(decoded).toMatchObject({ type: 'QueuePaused', data: { meta: { queue: 'images' }, reason: 'maintenance' } });
  });

  it('refuses a name that cannot be a queue\'s, or an unknown body field, with a 400 problem and publishes nothing', async () => {
    const before = await endOf();
    const badName = await h.request('POST', '/v1/queues/Not.A.Queue/pause');
    expect(badName).toMatchObject({ status: 400, body: { errors: [{ path: '/path/queue' }] } });
    expect(badName.type).toMatch(/application\/problem\+json/);
    const badBody = await h.request('POST', '/v1/queues/images/pause', { body: { reason: 'x', force: true } });
    expect(badBody.status).toBe(400);
    expect(await endOf()).toBe(before);
  });
});
