import type { Producer } from 'kafkajs';
import { createBatchingPublisher, type BatchingPublisherOptions, type OutgoingMessage } from '@conveyor/kafka';
import type { LogPosition } from '@conveyor/read-model';
import { recordPositions } from './recordPositions';

export interface PositionedPublisherOptions extends Omit<BatchingPublisherOptions, 'producer'> {
  producer: Producer;
  /** Partitions per topic published to (the topic catalog as applied), to locate keyed messages. */
  partitionCounts: ReadonlyMap<string, number>;
}

/**
 * The batching publisher (one acks=all sendBatch for concurrent requests) whose `publish` resolves with
 * the log positions of the caller's own messages (internal): the command API answers them in
 * `Conveyor-Position`, and the query API waits for its projections to pass them.
 */
export function createPositionedPublisher(options: PositionedPublisherOptions) {
  const { producer, partitionCounts, ...batching } = options;
  const recorder = recordPositions(producer, partitionCounts);
  const publisher = createBatchingPublisher({ ...batching, producer: recorder.producer });
  return {
    async publish(items: OutgoingMessage[]): Promise<LogPosition[]> {
      await publisher.publish(items);
      return recorder.positionsOf(items.map((i) => i.message));
    },
    drain: () => publisher.drain(),
  };
}

export type PositionedPublisher = ReturnType<typeof createPositionedPublisher>;
