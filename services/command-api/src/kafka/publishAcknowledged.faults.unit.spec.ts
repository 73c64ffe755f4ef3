import type { Producer, ProducerBatch } from 'kafkajs';
import { UnavailableError } from '@conveyor/errors';
import { createPositionedPublisher } from './createPositionedPublisher';
import { publishAcknowledged, PublishOutcomeUnknownError } from './publishAcknowledged';

/** A producer whose broker is away: every sendBatch waits until the test acknowledges it. */
function brokerAway() {
  const sent: Array<{ batch: ProducerBatch; ack: () => void }> = [];
  const producer = {
    sendBatch: (batch: ProducerBatch) => new Promise((resolve) => sent.push({ batch, ack: () => resolve([]) })),
  } as unknown as Producer;
  const keysSent = () => sent.flatMap((s) => s.batch.topicMessages!.flatMap((t) => t.messages.map((m) => String(m.key))));
  return { producer, sent, keysSent };
}

const item = (key: string) => ({ topic: 't.conveyor.job-events', message: { key, value: Buffer.from(key) } });
const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('publishAcknowledged under a broker outage (issue 14, defect 1)', () => {
  it('given a queued publish, when the wait ends, then it is a 503 and the events are withdrawn: never sent, even after the broker returns', async () => {
    const broker = brokerAway();
    const publisher = createPositionedPublisher({ producer: broker.producer, partitionCounts: new Map(), lingerMs: 1 });
    // The first batch is in flight and hangs; the second publish waits behind it in the queue.
    const first = publishAcknowledged(publisher, [item('in-flight')], 50).catch((e: unknown) => e);
    await tick();
    const second = await publishAcknowledged(publisher, [item('queued')], 50).catch((e: unknown) => e);

    expect(second).toBeInstanceOf(UnavailableError);
    expect(second).not.toBeInstanceOf(PublishOutcomeUnknownError);
    expect(publisher.queued).toBe(0);
    broker.sent[0]!.ack(); // the broker is back
    await first;
    await tick(20);
    expect(broker.keysSent()).toEqual(['in-flight']);
  });

  it('given a publish already in flight, when the wait ends, then the 503 says its fate is unknown and tells it once Kafka answers', async () => {
    const broker = brokerAway();
    const publisher = createPositionedPublisher({ producer: broker.producer, partitionCounts: new Map(), lingerMs: 1 });
    const err = await publishAcknowledged(publisher, [item('in-flight')], 30).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(PublishOutcomeUnknownError);
    broker.sent[0]!.ack();
    await expect((err as PublishOutcomeUnknownError).settled).resolves.toBe(true);
  });

  it('refuses at once, as a 503, a publish beyond the queue bound', async () => {
    const broker = brokerAway();
    const publisher = createPositionedPublisher({ producer: broker.producer, partitionCounts: new Map(), lingerMs: 1, maxQueuedMessages: 2 });
    void publisher.publish([item('a')]).catch(() => undefined);
    await tick();
    void publisher.publish([item('b'), item('c')]).catch(() => undefined);
    const started = performance.now();
    await expect(publishAcknowledged(publisher, [item('d')], 5_000)).rejects.toBeInstanceOf(UnavailableError);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(publisher.queued).toBe(2);
  });
});
