import { Partitioners, type Message, type PartitionMetadata, type Producer } from 'kafkajs';
import type { LogPosition } from '@conveyor/read-model';

/** A producer whose acknowledged messages can be asked for their log position. */
export interface PositionRecordingProducer {
  /** The producer to publish with (its `sendBatch` records the positions). */
  producer: Pick<Producer, 'sendBatch'>;
  /** The position of each message once its `sendBatch` was acknowledged; messages without one are left out. */
  positionsOf: (messages: readonly Message[]) => LogPosition[];
}

/**
 * Wraps a producer so that every acknowledged `sendBatch` remembers where each of its messages landed
 * (internal). Kafka answers one base offset per partition; within a partition the messages keep their
 * order, so a message's offset is the base plus its index there. The partition is computed with the
 * producer's own partitioner (murmur2 of the key, over `partitionCounts`), which is how kafkajs chose it.
 * Positions are kept in a WeakMap keyed by the message objects, so they vanish with the messages.
 */
export function recordPositions(producer: Pick<Producer, 'sendBatch'>, partitionCounts: ReadonlyMap<string, number>): PositionRecordingProducer {
  const positions = new WeakMap<Message, LogPosition>();
  const partitioner = Partitioners.DefaultPartitioner();
  const metadataOf = (topic: string): PartitionMetadata[] =>
    Array.from({ length: partitionCounts.get(topic) ?? 0 }, (_, partitionId) => ({ partitionId, leader: 0, replicas: [], isr: [], partitionErrorCode: 0 }));

  const sendBatch: Producer['sendBatch'] = async (batch) => {
    const acknowledged = await producer.sendBatch(batch);
    for (const { topic, messages } of batch.topicMessages ?? []) {
      const partitionMetadata = metadataOf(topic);
      if (!partitionMetadata.length) continue;
      const indexInPartition = new Map<number, number>();
      for (const message of messages) {
        const partition = message.partition ?? partitioner({ topic, partitionMetadata, message });
        const index = indexInPartition.get(partition) ?? 0;
        indexInPartition.set(partition, index + 1);
        const base = acknowledged.find((r) => r.topicName === topic && r.partition === partition)?.baseOffset;
        if (base !== undefined) positions.set(message, { topic, partition, offset: (BigInt(base) + BigInt(index)).toString() });
      }
    }
    return acknowledged;
  };

  return {
    producer: { sendBatch },
    positionsOf: (messages) => messages.flatMap((m) => positions.get(m) ?? []),
  };
}
