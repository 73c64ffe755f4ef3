import { Partitioners, type Producer, type ProducerBatch, type RecordMetadata } from 'kafkajs';
import { recordPositions } from './recordPositions';

/** A producer stand-in that answers each partition's base offset as Kafka does after appending the batch. */
function fakeProducer(partitions: number) {
  const next = new Map<number, number>();
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({ partitionId, leader: 0, replicas: [], isr: [], partitionErrorCode: 0 }));
  const sendBatch = async (batch: ProducerBatch): Promise<RecordMetadata[]> => batch.topicMessages!.flatMap(({ topic, messages }) => {
    const counts = new Map<number, number>();
    for (const message of messages) {
      const p = partitioner({ topic, partitionMetadata, message });
      counts.set(p, (counts.get(p) ?? 0) + 1);
    }
    return [...counts].map(([partition, n]) => {
      const base = next.get(partition) ?? 100;
      next.set(partition, base + n);
      return { topicName: topic, partition, errorCode: 0, baseOffset: String(base) };
    });
  });
  return { sendBatch } as unknown as Producer;
}

describe('recordPositions', () => {
  it('locates every message of an acknowledged batch at its base offset plus its index in its partition', async () => {
    const { producer, positionsOf } = recordPositions(fakeProducer(6), new Map([['t.conveyor.job-events', 6]]));
    const first = Array.from({ length: 20 }, (_, i) => ({ key: `job-${i}`, value: 'x' }));
    const second = Array.from({ length: 5 }, (_, i) => ({ key: `job-${i}`, value: 'y' }));
    await producer.sendBatch({ topicMessages: [{ topic: 't.conveyor.job-events', messages: first }] });
    await producer.sendBatch({ topicMessages: [{ topic: 't.conveyor.job-events', messages: second }] });

    const positions = positionsOf([...first, ...second]);
    expect(positions).toHaveLength(25);
    // Offsets are unique per partition and consecutive from the first base offset.
    const byPartition = new Map<number, string[]>();
    for (const p of positions) byPartition.set(p.partition, [...(byPartition.get(p.partition) ?? []), p.offset]);
    for (const offsets of byPartition.values()) expect(offsets).toEqual(offsets.map((_, i) => String(100 + i)));
    // The same key lands on the same partition both times.
    expect(positionsOf([second[0]!])[0]?.partition).toBe(positionsOf([first[0]!])[0]?.partition);
  });

  it('knows nothing of messages it did not send', () => {
    const { positionsOf } = recordPositions(fakeProducer(3), new Map());
    expect(positionsOf([{ key: 'k', value: 'v' }])).toEqual([]);
  });
});
