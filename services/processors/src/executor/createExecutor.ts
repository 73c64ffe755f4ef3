import type { Kafka, IHeaders } from 'kafkajs';
import type { DeadLetter, JobEvent, JobWorkItem, WorkPriority } from '@conveyor/events';
import type { HandlerPorts, JobTypeRegistry } from '@conveyor/job-types';
import { PoisonMessageError, type TopicNames } from '@conveyor/kafka';
import type { Logger, Metrics, Pool } from '@conveyor/runtime';
import { poisonDeadLetter } from '../deadLetters/deadLetterRecords';
import type { WorkSerdes } from '../kafka/createWorkSerdes';
import type { AttemptSignal } from './attemptSignal';
import { createClaimStore } from './createClaimStore';
import { startCancelWatch } from './createCancelWatch';
import { createOffsetTracker } from './offsetTracker';
import { createWorkScheduler, type ConcurrencyLimits } from './createWorkScheduler';
import { runAttempt } from './runAttempt';

export interface ExecutorDeps {
  kafka: Kafka;
  pool: Pool;
  databaseUrl: string;
  workSerdes: WorkSerdes;
  topics: TopicNames;
  publishEvents: (events: JobEvent[]) => Promise<void>;
  publishDeadLetters: (letters: DeadLetter[]) => Promise<void>;
  registry: JobTypeRegistry;
  ports: HandlerPorts;
  workerId: string;
  concurrency: number;
  /** Per-type limits (over the types' `defaults.concurrency`) and the per-concurrencyKey limit. */
  limits?: ConcurrencyLimits;
  queueCapacity: number;
  defaultTimeoutMs: number;
  logger: Logger;
  metrics: Metrics;
  groupId?: string;
  /** The cancel watch's group is `<prefix>-<workerId>`; default prefix `conveyor-executor-cancel`. */
  cancelGroupIdPrefix?: string;
}

interface Entry {
  item: JobWorkItem;
  priority: WorkPriority;
  topic: string;
  partition: number;
  offset: number;
  headers: IHeaders | undefined;
  /** When the consumer handed it to the scheduler (performance.now()). */
  receivedAt: number;
}

/** How often finished offsets are committed, in milliseconds. */
const commitIntervalMs = 500;

/**
 * The executor: consumes the three work topics (group `conveyor-executor`) into the work scheduler
 * (per-priority queues, weighted slots), runs each attempt, and commits each partition only up to its
 * lowest unfinished offset. `stop()` drains (running attempts finish); `stop({ drain: false })`
 * abandons them like a crash would, for tests.
 */
export async function startExecutor(deps: ExecutorDeps): Promise<{ stop(options?: { drain?: boolean }): Promise<void> }> {
  const groupId = deps.groupId ?? 'conveyor-executor';
  const log = deps.logger.child({ component: 'executor', groupId, workerId: deps.workerId });
  const workTopics = Object.values(deps.topics.work);
  const priorityOf = new Map((Object.keys(deps.topics.work) as WorkPriority[]).map((p) => [deps.topics.work[p], p]));
  const running = new Map<string, AttemptSignal>();
  const claims = await createClaimStore({ pool: deps.pool, databaseUrl: deps.databaseUrl, workerId: deps.workerId, logger: log });
  const cancelWatch = await startCancelWatch({
    kafka: deps.kafka, topic: deps.topics.jobEvents, logger: log,
    groupId: `${deps.cancelGroupIdPrefix ?? 'conveyor-executor-cancel'}-${deps.workerId}`,
    onCancelled: (jobId) => running.get(jobId)?.abort('cancelled'),
  });
  const offsets = createOffsetTracker();
  /** Attempts whose slot is free but whose outcome is still being stored or published. */
  const finishing = new Set<Promise<void>>();
  const consumer = deps.kafka.consumer({ groupId, allowAutoTopicCreation: false, maxBytesPerPartition: 256 * 1024, maxWaitTimeInMs: 1000 });
  let stopping = false;

  // An outcome must reach the log once decided: keep trying while the process lives.
  const persistently = <T>(what: string, publish: (records: T[]) => Promise<void>) => async (records: T[]) => {
    for (let wait = 200; ; wait = Math.min(wait * 2, 5000)) {
      try {
        return await publish(records);
      } catch (err) {
        if (stopping) throw err;
        log.error({ err }, `publishing ${what} failed; retrying`);
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  };
  const publishEvents = persistently('job events', deps.publishEvents);
  const publishDeadLetters = persistently('dead letters', deps.publishDeadLetters);
  // A type's own default limit, unless the configuration names one.
  const perType: Record<string, number> = {};
  for (const def of deps.registry.list()) if (def.defaults?.concurrency) perType[def.type] = def.defaults.concurrency;
  Object.assign(perType, deps.limits?.perType ?? {});

  const attemptDeps = {
    registry: deps.registry, claims, publishEvents, publishDeadLetters, ports: deps.ports, workerId: deps.workerId,
    defaultTimeoutMs: deps.defaultTimeoutMs, running, recentlyCancelled: cancelWatch.wasCancelled,
    logger: log, metrics: deps.metrics,
  };
  const scheduler = createWorkScheduler<Entry>({
    concurrency: deps.concurrency,
    capacity: deps.queueCapacity,
    limits: { perType, perKey: deps.limits?.perKey },
    classify: (e) => ({ type: e.item.type, key: e.item.concurrencyKey }),
    // A slot is held while the attempt is claimed and its handler runs; storing and publishing the outcome
    // (batched with other attempts') goes on after the slot is free, and only its end finishes the offset.
    run: (e) => new Promise<void>((release) => {
      deps.metrics.stageDuration.observe({ stage: 'executor.queue' }, (performance.now() - e.receivedAt) / 1000);
      const attempt = runAttempt(attemptDeps, e.item, { topic: e.topic, partition: e.partition, offset: String(e.offset) }, e.headers, { handlerReturned: release })
        .then((result) => {
          if (result === 'aborted') throw new Error('abandoned by a stop without draining');
          offsets.finished(e.topic, e.partition, e.offset);
        })
        .catch((err: unknown) => {
          // Claiming failed (Postgres down) or the process is stopping: the offset stays uncommitted.
          log.error({ err, jobId: e.item.jobId, attempt: e.item.attempt }, 'attempt failed to run');
        })
        .finally(() => {
          finishing.delete(attempt);
          release();
        });
      finishing.add(attempt);
    }),
    onDone: () => undefined,
    onFull: (p) => consumer.pause([{ topic: deps.topics.work[p] }]),
    onDrained: (p) => { if (!stopping) consumer.resume([{ topic: deps.topics.work[p] }]); },
  });

  const commit = async () => {
    const due = offsets.takeCommittable();
    if (due.length) await consumer.commitOffsets(due);
  };
  const committer = setInterval(() => void commit().catch((err: unknown) => log.warn({ err }, 'offset commit failed')), commitIntervalMs);

  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    const owned = new Set(Object.entries(payload.memberAssignment).flatMap(([t, ps]) => ps.map((p) => `${p}:${t}`)));
    const keep = (topic: string, partition: number) => owned.has(`${partition}:${topic}`);
    offsets.forget(keep);
    const dropped = scheduler.drop((e) => !keep(e.topic, e.partition));
    if (dropped.length) log.info({ dropped: dropped.length }, 'dropped queued work of partitions now owned elsewhere');
  });

  await consumer.connect();
  await consumer.subscribe({ topics: workTopics, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: workTopics.length,
    eachBatch: async ({ batch, resolveOffset, isRunning, isStale }) => {
      const priority = priorityOf.get(batch.topic) as WorkPriority;
      const serde = deps.workSerdes.forTopic(batch.topic);
      for (const message of batch.messages) {
        if (!isRunning() || isStale()) break;
        const offset = Number(message.offset);
        offsets.received(batch.topic, batch.partition, offset);
        try {
          const { data } = await serde.decode<JobWorkItem>(message.value);
          scheduler.push({ item: data, priority, topic: batch.topic, partition: batch.partition, offset, headers: message.headers, receivedAt: performance.now() });
        } catch (err) {
          if (!(err instanceof PoisonMessageError)) throw err;
          // Parked on the dead-letter topic with its bytes and origin before the offset may move on.
          log.warn({ err, topic: batch.topic, partition: batch.partition, offset: message.offset }, 'poison work item: dead-lettered');
          await publishDeadLetters([poisonDeadLetter({ topic: batch.topic, partition: batch.partition, offset: message.offset }, message.value, err, Date.now())]);
          deps.metrics.kafkaConsumed.inc({ topic: batch.topic, group: `${groupId}:poison` });
          offsets.finished(batch.topic, batch.partition, offset);
        }
        // Moves the fetch position only (autoCommit is off): commits follow the offset tracker.
        resolveOffset(message.offset);
      }
      deps.metrics.kafkaConsumed.inc({ topic: batch.topic, group: groupId }, batch.messages.length);
    },
  });
  log.info({ concurrency: deps.concurrency, perType, perKey: deps.limits?.perKey }, 'executor started');

  return {
    async stop({ drain = true } = {}) {
      stopping = true;
      clearInterval(committer);
      consumer.pause(workTopics.map((topic) => ({ topic })));
      scheduler.drop(() => true);
      if (!drain) for (const s of running.values()) s.abort('shutdown');
      await scheduler.close();
      await Promise.allSettled([...finishing]);
      if (drain) await commit().catch((err: unknown) => log.warn({ err }, 'final offset commit failed'));
      await consumer.disconnect();
      await cancelWatch.stop();
      await claims.close();
    },
  };
}
