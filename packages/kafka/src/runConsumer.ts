import type { Consumer, ConsumerConfig, EachBatchPayload, Kafka } from 'kafkajs';
import { consumerDefaults } from './consumerDefaults';
import { decodeBatch, type BatchRecord, type ConsumerSource, type PoisonMessage, type PositionedEvent, type TaggedEvent } from './decodeBatch';
import { createPendingCommits } from './pendingCommits';

/**
 * How often a `batch` runner commits the offsets it handled, in milliseconds (public). kafkajs's
 * autoCommit sends one OffsetCommit after every batch, and the consumer fetches again only once it is
 * answered: at a few events per batch that is a broker write per event and group (docs/performance.md).
 */
export const defaultCommitIntervalMs = 500;

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
  error?(obj: object, msg: string): void;
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
   * `batch` (default): offsets move after each handled batch and are committed every `commitIntervalMs`,
   * and when the runner stops. `manual`: the handler only moves the fetch position; the caller commits
   * with `commitOffsets`.
   */
  commit?: 'batch' | 'manual';
  /**
   * `batch`: commit the handled offsets at most this often (default {@link defaultCommitIntervalMs});
   * 0 commits after every batch. A crash redelivers what was handled since the last commit (at-least-once,
   * as a crash during a batch always did).
   */
  commitIntervalMs?: number;
  /** kafkajs consumer settings besides the group (e.g. maxWaitTimeInMs, maxBytesPerPartition). */
  consumerConfig?: Omit<ConsumerConfig, 'groupId'>;
  /** Read from the beginning when the group has no committed offset; default true. */
  fromBeginning?: boolean;
  /** Called with the partitions this member owns after each group join (a rebalance). */
  onAssigned?: (owned: Array<{ topic: string; partition: number }>) => void;
  /** Delay before re-creating a consumer that crashed for good, in milliseconds; default 1,000. */
  recreateDelayMs?: number;
}

/** What readiness reports of a runner: whether it is a member of its group now, and its history. */
export interface ConsumerRunnerHealth {
  groupId: string;
  /** True between a group join and the next crash or stop. */
  joined: boolean;
  /** Crashes seen (kafkajs restarts most by itself; the others re-create the consumer). */
  crashes: number;
  /** The last crash's message, if any. */
  lastError?: string;
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
  /** Membership and crashes, for readiness. */
  health(): ConsumerRunnerHealth;
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
  const commitIntervalMs = manual ? 0 : (options.commitIntervalMs ?? defaultCommitIntervalMs);
  /** `batch` with an interval: kafkajs's autoCommit off, the handled offsets committed by the runner. */
  const deferred = commitIntervalMs > 0;
  const pending = createPendingCommits();
  /** The batches being handled: a stop commits after they finished. */
  const handling = new Set<Promise<void>>();
  let commitTimer: NodeJS.Timeout | undefined;
  const countPoison = (topic: string, n: number) => (metrics.poisonMessages
    ? metrics.poisonMessages.inc({ topic, group: groupId }, n)
    : metrics.kafkaConsumed.inc({ topic, group: `${groupId}:poison` }, n));
  const health: ConsumerRunnerHealth = { groupId, joined: false, crashes: 0 };
  const paused = new Set<string>();
  let stopping = false;
  let recreateTimer: NodeJS.Timeout | undefined;

  /**
   * A consumer that rides out broker outages of any length (issue 14): kafkajs retries with short,
   * capped backoff and restarts itself after retriable crashes; a crash it does not restart from
   * re-creates the consumer here, so no role ever stops consuming, or exits, because the broker left.
   */
  const newConsumer = (): Consumer => {
    const created = options.kafka.consumer({ ...consumerDefaults, allowAutoTopicCreation: false, ...options.consumerConfig, groupId });
    created.on(created.events.GROUP_JOIN, ({ payload }) => {
      health.joined = true;
      const owned = Object.entries(payload.memberAssignment).flatMap(([topic, ps]) => ps.map((partition) => ({ topic, partition })));
      // kafkajs reads from the committed offsets after a join: what was pending is delivered again.
      pending.assigned(owned);
      options.onAssigned?.(owned);
    });
    created.on(created.events.CRASH, ({ payload }) => {
      health.joined = false;
      health.crashes++;
      health.lastError = payload.error.message;
      if (payload.restart || stopping) {
        options.logger.warn({ groupId, err: payload.error }, 'consumer crashed; kafkajs restarts it');
        return;
      }
      (options.logger.error ?? options.logger.warn).call(options.logger, { groupId, err: payload.error }, 'consumer crashed for good; re-creating it');
      recreateTimer = setTimeout(() => void recreate(), options.recreateDelayMs ?? 1_000);
    });
    return created;
  };
  let consumer = newConsumer();

  const handleBatch = (payload: EachBatchPayload): Promise<void> => {
    const handled = handleOne(payload);
    handling.add(handled);
    return handled.finally(() => handling.delete(handled));
  };

  /** Commits what is pending; a failure (a rebalance, the broker away) leaves it to the next batch or join. */
  const commitPending = async () => {
    const offsets = pending.take();
    if (!offsets.length) return;
    try {
      await consumer.commitOffsets(offsets);
    } catch (err) {
      options.logger.warn({ groupId, err }, 'offset commit failed; the next batch commits again');
    }
  };

  const handleOne = async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, isRunning, isStale }: EachBatchPayload) => {
    // Stopping: nothing new is handled, so the last commit covers every batch whose effects are done.
    if (!batch.messages.length || !isRunning() || isStale() || stopping) return;
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
    if (deferred) pending.handled(batch.topic, batch.partition, (BigInt(last) + 1n).toString());
    else if (!manual) await commitOffsetsIfNecessary();
    await heartbeat();
  };

  const start = async (target: Consumer) => {
    await target.connect();
    await target.subscribe({ topics, fromBeginning: options.fromBeginning ?? true });
    await target.run({
      autoCommit: !manual && !deferred,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
      eachBatch: handleBatch,
    });
    // A re-created consumer starts unpaused: pause what the caller had paused.
    if (paused.size) target.pause([...paused].map((topic) => ({ topic })));
  };

  /** Replaces a consumer that crashed for good; retried until it runs or the runner stops. */
  // A re-creation in progress: stop() waits for it, so a consumer created while stopping is disconnected too
  // instead of running on (heart-beating) after its owner stopped.
  let recreating: Promise<void> | undefined;
  const recreate = async (): Promise<void> => {
    recreateTimer = undefined;
    if (stopping) return;
    recreating = (async () => {
      await consumer.disconnect().catch(() => undefined);
      if (stopping) return;
      consumer = newConsumer();
      try {
        await start(consumer);
        options.logger.info({ groupId }, 'consumer re-created');
      } catch (err) {
        options.logger.warn({ groupId, err }, 're-creating the consumer failed; retrying');
        if (!stopping) recreateTimer = setTimeout(() => void recreate(), options.recreateDelayMs ?? 1_000);
      }
    })();
    try {
      await recreating;
    } finally {
      recreating = undefined;
    }
  };

  return {
    async start() {
      await start(consumer);
      if (deferred) commitTimer = setInterval(() => void commitPending(), commitIntervalMs);
      options.logger.info({ groupId, topics }, 'consumer started');
    },
    // kafkajs's disconnect waits for the running eachBatch calls, then leaves the group, so its partitions
    // move at once rather than after the session timeout.
    async stop() {
      stopping = true;
      if (recreateTimer) clearTimeout(recreateTimer);
      if (commitTimer) clearInterval(commitTimer);
      await recreating?.catch(() => undefined);
      // The batches in progress finish, then their offsets are committed while still a member of the group.
      await Promise.allSettled([...handling]);
      await commitPending();
      health.joined = false;
      await consumer.disconnect();
    },
    pause: (topicsToPause) => {
      topicsToPause.forEach((t) => paused.add(t));
      consumer.pause(topicsToPause.map((topic) => ({ topic })));
    },
    resume: (topicsToResume) => {
      topicsToResume.forEach((t) => paused.delete(t));
      consumer.resume(topicsToResume.map((topic) => ({ topic })));
    },
    commitOffsets: async (offsets) => {
      if (offsets.length) await consumer.commitOffsets(offsets);
    },
    health: () => ({ ...health }),
  };
}

/** Creates a consumer runner and starts it (public); see createConsumerRunner. */
export async function runConsumer<E extends TaggedEvent>(options: ConsumerRunnerOptions<E>): Promise<ConsumerRunner> {
  const runner = createConsumerRunner(options);
  await runner.start();
  return runner;
}
