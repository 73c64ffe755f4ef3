import type { Consumer, ConsumerConfig, EachBatchPayload, Kafka } from 'kafkajs';
import { decodeBatch, type BatchRecord, type ConsumerSource, type PoisonMessage, type PositionedEvent, type TaggedEvent } from './decodeBatch';

/** A counter as the runner uses it (prom-client's Counter fits). */
export interface CounterLike {
  inc(labels: Record<string, string>, value?: number): void;
}

/** A gauge as the runner uses it (prom-client's Gauge fits). */
export interface GaugeLike {
  set(labels: Record<string, string>, value: number): void;
}

/** The metric families the runner keeps: `kafkaConsumed` and `consumerLag` of `createMetrics`. */
export interface ConsumerRunnerMetrics {
  kafkaConsumed: CounterLike;
  consumerLag: GaugeLike;
  /** Poison messages by `{topic, group}`; default: `kafkaConsumed` with the group `<group>:poison`. */
  poisonMessages?: CounterLike;
}

/** The logger calls the runner makes (pino's Logger fits). */
export interface RunnerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** One partition batch as the handler sees it. */
export interface ConsumedBatch<E extends TaggedEvent> {
  topic: string;
  partition: number;
  /** Every message of the batch in order; event null when skipped by type or poison (already dead-lettered). */
  records: ReadonlyArray<BatchRecord<E>>;
  /** The decoded events kept, in order, with their offsets. */
  events: ReadonlyArray<PositionedEvent<E>>;
  firstOffset: string;
  lastOffset: string;
  highWatermark: string;
  /** Kafka timestamp of the batch's last message, in epoch milliseconds. */
  lastTimestamp: number;
  /** False once the consumer stops or the batch went stale (a rebalance): stop taking work from it. */
  isRunning(): boolean;
}

export interface ConsumerRunnerOptions<E extends TaggedEvent> {
  kafka: Kafka;
  groupId: string;
  /** The topics read, each with its serde and the event types kept. */
  sources: ReadonlyArray<ConsumerSource<E>>;
  /** Called once per non-empty partition batch; its offsets move only after it resolves. */
  handle: (batch: ConsumedBatch<E>) => Promise<void>;
  /**
   * Parks poison messages (bytes and origin) before the batch's offsets move; a failure retries the
   * batch. Without it, poison messages are logged, counted and skipped.
   */
  deadLetter?: (poison: PoisonMessage[]) => Promise<void>;
  logger: RunnerLogger;
  metrics: ConsumerRunnerMetrics;
  /** Partition batches handled at once; default 1. */
  partitionsConsumedConcurrently?: number;
  /**
   * `batch` (default): offsets are resolved and committed after each handled batch. `manual`: the
   * handler only moves the fetch position; the caller commits with `commitOffsets` (autoCommit off).
   */
  commit?: 'batch' | 'manual';
  /** kafkajs consumer settings besides the group (e.g. maxWaitTimeInMs, maxBytesPerPartition). */
  consumerConfig?: Omit<ConsumerConfig, 'groupId'>;
  /** Read from the beginning when the group has no committed offset; default true. */
  fromBeginning?: boolean;
  /** Called with the partitions this member owns after each group join (a rebalance). */
  onAssigned?: (owned: Array<{ topic: string; partition: number }>) => void;
}

/** A consumer of one group; `start` joins it. */
export interface ConsumerRunner {
  /** Connects, subscribes and starts consuming. */
  start(): Promise<void>;
  /** Leaves the group once the batch in progress finished (its effects and offsets). */
  stop(): Promise<void>;
  pause(topics: string[]): void;
  resume(topics: string[]): void;
  /** Commits offsets (Kafka's next offset to read); for `commit: 'manual'`. */
  commitOffsets(offsets: Array<{ topic: string; partition: number; offset: string }>): Promise<void>;
}

/**
 * A consumer group over typed events (public); `start()` connects, subscribes, filters by the
 * `event-type` header, decodes through the registry serde, dead-letters poison messages, calls
 * `handle` once per partition batch, and only then resolves and commits the batch's offsets. Errors
 * other than poison (the registry or the broker unreachable) fail the batch, which kafkajs retries.
 * Sets `kafka_messages_consumed_total` and `kafka_consumer_lag` per batch.
 */
export function createConsumerRunner<E extends TaggedEvent>(options: ConsumerRunnerOptions<E>): ConsumerRunner {
  const { groupId, metrics } = options;
  const sources = new Map(options.sources.map((s) => [s.topic, s]));
  const topics = [...sources.keys()];
  const manual = options.commit === 'manual';
  const consumer: Consumer = options.kafka.consumer({ allowAutoTopicCreation: false, ...options.consumerConfig, groupId });
  const countPoison = (topic: string, n: number) => (metrics.poisonMessages
    ? metrics.poisonMessages.inc({ topic, group: groupId }, n)
    : metrics.kafkaConsumed.inc({ topic, group: `${groupId}:poison` }, n));

  if (options.onAssigned) {
    const onAssigned = options.onAssigned;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      onAssigned(Object.entries(payload.memberAssignment).flatMap(([topic, ps]) => ps.map((partition) => ({ topic, partition }))));
    });
  }

  const handleBatch = async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, isRunning, isStale }: EachBatchPayload) => {
    if (!batch.messages.length || !isRunning() || isStale()) return;
    const source = sources.get(batch.topic);
    if (!source) throw new Error(`no source for topic ${batch.topic}`);
    const decoded = await decodeBatch(source, batch.partition, batch.messages);
    if (decoded.poison.length) {
      // Parked with their bytes and origin before the offsets move, so nothing stalls on them.
      await options.deadLetter?.(decoded.poison);
      countPoison(batch.topic, decoded.poison.length);
      for (const p of decoded.poison) {
        options.logger.warn({ err: p.error, topic: p.topic, partition: p.partition, offset: p.offset }, options.deadLetter ? 'poison message dead-lettered' : 'poison message skipped');
      }
    }
    const last = batch.lastOffset();
    await options.handle({
      topic: batch.topic, partition: batch.partition, records: decoded.records, events: decoded.events,
      firstOffset: batch.firstOffset() ?? last, lastOffset: last, highWatermark: batch.highWatermark,
      lastTimestamp: Number(batch.messages.at(-1)?.timestamp ?? Date.now()),
      isRunning: () => isRunning() && !isStale(),
    });
    // Only now, after the handler's effects: with `manual` this moves the fetch position alone.
    resolveOffset(last);
    metrics.kafkaConsumed.inc({ topic: batch.topic, group: groupId }, batch.messages.length);
    metrics.consumerLag.set(
      { topic: batch.topic, partition: String(batch.partition), group: groupId },
      Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(last) - 1n)),
    );
    if (!manual) await commitOffsetsIfNecessary();
    await heartbeat();
  };

  return {
    async start() {
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: options.fromBeginning ?? true });
      await consumer.run({
        autoCommit: !manual,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
        eachBatch: handleBatch,
      });
      options.logger.info({ groupId, topics }, 'consumer started');
    },
    // kafkajs's disconnect waits for the running eachBatch calls before leaving the group.
    stop: () => consumer.disconnect(),
    pause: (paused) => consumer.pause(paused.map((topic) => ({ topic }))),
    resume: (resumed) => consumer.resume(resumed.map((topic) => ({ topic }))),
    commitOffsets: async (offsets) => {
      if (offsets.length) await consumer.commitOffsets(offsets);
    },
  };
}

/** Creates a consumer runner and starts it (public); see createConsumerRunner. */
export async function runConsumer<E extends TaggedEvent>(options: ConsumerRunnerOptions<E>): Promise<ConsumerRunner> {
  const runner = createConsumerRunner(options);
  await runner.start();
  return runner;
}
