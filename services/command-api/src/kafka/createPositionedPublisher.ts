import type { Producer } from 'kafkajs';
import { createBatchingPublisher, type BatchingPublisherOptions, type OutgoingMessage } from '@conveyor/kafka';
import type { LogPosition } from '@conveyor/read-model';
import { recordPositions } from './recordPositions';

export interface PositionedPublisherOptions extends Omit<BatchingPublisherOptions, 'producer'> {
  /** An idempotent producer, or a transactional sender (each batch one transaction: direct dispatch). */
  producer: Pick<Producer, 'sendBatch'>;
  /** Partitions per topic published to (the topic catalog as applied), to locate keyed messages. */
  partitionCounts: ReadonlyMap<string, number>;
}

/**
 * The batching publisher (one acks=all sendBatch for concurrent requests) whose `publish` resolves with
 * the log positions of the caller's own messages (internal): the command API answers them in
 * `Conveyor-Position`, and the query API waits for its projections to pass them. `enqueue` lets a caller
 * that gives up waiting withdraw its messages while they are still queued (a 503 that means "not published").
 */
export function createPositionedPublisher(options: PositionedPublisherOptions) {
  const { producer, partitionCounts, ...batching } = options;
  const recorder = recordPositions(producer, partitionCounts);
  const publisher = createBatchingPublisher({ ...batching, producer: recorder.producer });
  const enqueue = (items: OutgoingMessage[]) => {
    const queued = publisher.enqueue(items);
    return {
      acknowledged: queued.acknowledged.then(() => recorder.positionsOf(items.map((i) => i.message))),
      withdraw: () => queued.withdraw(),
    };
  };
  return {
    publish: (items: OutgoingMessage[]): Promise<LogPosition[]> => enqueue(items).acknowledged,
    enqueue,
    /** How long the batch in flight has waited for Kafka, in milliseconds (for readiness). */
    get inFlightForMs() {
      return publisher.inFlightForMs;
    },
    /** Messages waiting for the next batch (for readiness and metrics). */
    get queued() {
      return publisher.queued;
    },
    drain: () => publisher.drain(),
  };
}

export type PositionedPublisher = ReturnType<typeof createPositionedPublisher>;
