import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';

/** Kafka offsets by partition (int64 as bigint). */
export type PartitionOffsets = Map<number, bigint>;

export interface LogReaderDeps {
  kafka: Kafka;
  topic: string;
  /** A group of its own, unique per process (never the live projector's): Kafka only hands out partitions; positions are ours. */
  groupId: string;
  /**
   * Applies messages of one partition, in offset order, all below the current target. Must be
   * idempotent for messages applied before (the read models skip offsets below their stored next offset).
   */
  onMessages(partition: number, messages: readonly KafkaMessage[]): Promise<void>;
  /**
   * Bytes fetched per partition and request; default 1 MiB (about 6,000 job events: a transaction of the
   * rebuild; larger batches kept more decoded events alive at once, and the garbage collector busier).
   */
  maxBytesPerPartition?: number;
  /** Partitions applied at once; default all. */
  partitionsConsumedConcurrently?: number;
}

/** A reader of a whole topic between offsets the caller chooses. */
export interface LogReader {
  /**
   * Reads every partition from `from` up to (excluding) `to`, then pauses it; resolves when all
   * partitions reached their target. Call again with new targets to catch up.
   */
  readTo(from: PartitionOffsets, to: PartitionOffsets): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A plain reader of a topic for replays (public): it joins a group of its own only so kafkajs hands it
 * every partition, commits nothing, and positions each partition itself (`seek`) from offsets the
 * caller keeps in Postgres, so an interrupted replay resumes where its rows stopped.
 */
export async function createLogReader(deps: LogReaderDeps): Promise<LogReader> {
  const { topic } = deps;
  const consumer: Consumer = deps.kafka.consumer({
    groupId: deps.groupId, allowAutoTopicCreation: false, maxBytesPerPartition: deps.maxBytesPerPartition ?? 1024 * 1024,
    maxBytes: 64 * 1024 * 1024, sessionTimeout: 60_000,
    // While every partition is paused (before and between readTo calls) kafkajs sleeps this long before it
    // looks again, and a resume does not wake it: with its default of 5 s, each readTo started up to 5 s late.
    maxWaitTimeInMs: 100,
  });
  let targets: PartitionOffsets = new Map();
  let pending = new Set<number>();
  let finish: (() => void) | null = null;
  let fail: ((err: unknown) => void) | null = null;

  /** A partition read up to `next` is done at its target, or at the log's end (compaction and markers leave gaps). */
  const reachedAt = (partition: number, next: bigint, highWatermark: bigint) => {
    if (next >= (targets.get(partition) ?? 0n) || next >= highWatermark) reached(partition);
  };
  const reached = (partition: number) => {
    consumer.pause([{ topic, partitions: [partition] }]);
    pending.delete(partition);
    if (!pending.size) finish?.();
  };

  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: deps.partitionsConsumedConcurrently ?? 64,
    eachBatch: async ({ batch, heartbeat, isRunning, isStale, resolveOffset }) => {
      const { partition } = batch;
      if (!pending.has(partition) || !isRunning() || isStale()) return;
      const target = targets.get(partition) ?? 0n;
      const wanted = batch.messages.filter((m) => BigInt(m.offset) < target);
      try {
        if (wanted.length) await deps.onMessages(partition, wanted);
      } catch (err) {
        fail?.(err);
        return;
      }
      // The batch's last offset counts a transaction's commit marker after its messages (kafkajs hands
      // markers to nobody): a log ending in one ends here. kafkajs fetches next from the resolved offset;
      // positions that matter are in Postgres (readTo seeks).
      const last = batch.messages.length ? BigInt(batch.lastOffset()) : null;
      if (last !== null) resolveOffset(last.toString());
      await heartbeat();
      if (last !== null) reachedAt(partition, last + 1n, BigInt(batch.highWatermark));
    },
  });
  // A batch of commit markers only never reaches eachBatch: kafkajs resolves past it and reports it here.
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    if (payload.topic === topic && payload.batchSize === 0 && pending.has(payload.partition)) reachedAt(payload.partition, BigInt(payload.lastOffset) + 1n, BigInt(payload.highWatermark));
  });
  // Nothing is read until readTo positions a partition.
  const admin = deps.kafka.admin();
  await admin.connect();
  const partitions = (await admin.fetchTopicOffsets(topic)).map((p) => p.partition);
  await admin.disconnect();
  consumer.pause([{ topic, partitions }]);

  return {
    async readTo(from, to) {
      targets = new Map(to);
      pending = new Set(partitions.filter((p) => (from.get(p) ?? 0n) < (to.get(p) ?? 0n)));
      if (!pending.size) return;
      const done = new Promise<void>((resolve, reject) => {
        finish = resolve;
        fail = reject;
      });
      for (const p of pending) consumer.seek({ topic, partition: p, offset: (from.get(p) ?? 0n).toString() });
      consumer.resume([{ topic, partitions: [...pending] }]);
      try {
        await done;
      } finally {
        finish = null;
        fail = null;
        consumer.pause([{ topic, partitions }]);
      }
    },
    async stop() {
      await consumer.disconnect();
      const admin = deps.kafka.admin();
      await admin.connect();
      await admin.deleteGroups([deps.groupId]).catch(() => undefined);
      await admin.disconnect();
    },
  };
}
