import type { Kafka, IHeaders } from 'kafkajs';
import type { DeadLetter, JobEvent, JobWorkItem, WorkPriority } from '@conveyor/events';
import type { HandlerPorts, JobTypeRegistry } from '@conveyor/job-types';
import type { SecretBox } from '@conveyor/job-types/secrets';
import { createConsumerRunner, defaultCommitIntervalMs, defaultQueue, type ConsumerRunner, type ConsumerRunnerHealth, type TopicNames } from '@conveyor/kafka';
import { retry, type Logger, type Metrics, type Pool } from '@conveyor/runtime';
import { publishPoison } from './protocol/deadLetterRecords';
import type { QueueWork, WorkSerdes } from './protocol/createWorkSerdes';
import type { AttemptSignal } from './executor/attemptSignal';
import { createClaimStore } from './executor/createClaimStore';
import { startCancelWatch } from './executor/createCancelWatch';
import { watchEventKeys } from './executor/watchEventKeys';
import { createQueueSwitch } from './executor/createQueueSwitch';
import { createOffsetTracker } from './executor/offsetTracker';
import { createWorkScheduler, type ConcurrencyLimits } from './executor/createWorkScheduler';
import { runAttempt } from './executor/runAttempt';

/** What the worker engine runs on: connections opened by its caller (startWorker, or the processors). */
export interface WorkerEngineDeps {
  kafka: Kafka;
  pool: Pool;
  databaseUrl: string;
  workSerdes: WorkSerdes;
  /** The job-events topic (cancellations) among others; the work topics are the queues'. */
  topics: TopicNames;
  /** The queues served: only their work topics are consumed. Default: the default queue. */
  queues?: readonly string[];
  publishEvents: (events: JobEvent[]) => Promise<void>;
  publishDeadLetters: (letters: DeadLetter[]) => Promise<void>;
  registry: JobTypeRegistry;
  ports: HandlerPorts;
  /** Opens the sealed secrets of payloads right before their handler runs (SECRETS_KEYS); without it such jobs fail for good. */
  secrets?: SecretBox | undefined;
  workerId: string;
  concurrency: number;
  /** Per-type limits (over the types' `defaults.concurrency`) and the per-concurrencyKey limit. */
  limits?: ConcurrencyLimits;
  queueCapacity: number;
  defaultTimeoutMs: number;
  /**
   * How long a draining stop waits for running attempts, in milliseconds; then they are aborted (their
   * offsets stay uncommitted, so they run again elsewhere) and the stop completes. Default: unbounded.
   */
  drainTimeoutMs?: number | undefined;
  /** How long a claim holds without a heartbeat, in milliseconds (CLAIM_LEASE_MS); default 30 s. */
  leaseMs?: number | undefined;
  logger: Logger;
  metrics: Metrics;
  groupId?: string;
  /** The cancel watch's group is `<prefix>-<workerId>`; default prefix `conveyor-executor-cancel`. */
  cancelGroupIdPrefix?: string;
  /** The queue watch's group (QueuePaused, QueueResumed) is `<prefix>-<workerId>`; default prefix `conveyor-executor-queues`. */
  queueWatchGroupIdPrefix?: string;
}

/** A work item as the work topics' serdes decode it. */
type WorkEvent = { type: 'JobWorkItem'; data: JobWorkItem };

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

/** The consumer group of a queue's work topics: the default queue keeps the group it always had. */
export function queueGroupId(groupId: string, queue: string): string {
  return queue === defaultQueue ? groupId : `${groupId}.${queue}`;
}

/** One health for several consumers: joined only when every one is. */
function combinedHealth(all: ConsumerRunnerHealth[]): ConsumerRunnerHealth {
  const out = all.find((h) => !h.joined);
  return out ?? all[0] as ConsumerRunnerHealth;
}

/** A running worker engine. */
export interface WorkerEngine {
  /** The queues it serves. */
  readonly queues: readonly string[];
  /** Stops fetching a served queue's work topics (QueuePaused); attempts already fetched still run. */
  pauseQueue(queue: string): void;
  /** Fetches a paused queue's work topics again (QueueResumed). */
  resumeQueue(queue: string): void;
  /** Whether a served queue is paused now. */
  paused(queue: string): boolean;
  /** Stops fetching, drains running attempts (`drain: false` abandons them as a crash would, for tests), commits, leaves. */
  stop(options?: { drain?: boolean }): Promise<void>;
  /** The work consumer's group membership, for readiness. */
  health(): ConsumerRunnerHealth;
}

/**
 * The worker engine, one code path for the processors' built-in types and a user's `startWorker`:
 * consumes the work topics of its queues (three per queue, group `conveyor-executor`) into the work
 * scheduler (per-priority queues, weighted slots, per-type and per-key limits), runs each attempt, and
 * commits each partition only up to its lowest unfinished offset. Internal: reached through
 * `@conveyor/worker/engine`.
 */
export async function runWorker(deps: WorkerEngineDeps): Promise<WorkerEngine> {
  const groupId = deps.groupId ?? 'conveyor-executor';
  const log = deps.logger.child({ component: 'executor', groupId, workerId: deps.workerId });
  const queues = [...new Set(deps.queues?.length ? deps.queues : [defaultQueue])];
  // One queue after the other: their topics are created (when missing) without racing each other.
  const served: QueueWork[] = [];
  for (const q of queues) served.push(await deps.workSerdes.prepare(q));
  const priorityOf = new Map(served.flatMap((w) => (Object.keys(w.topics) as WorkPriority[]).map((p) => [w.topics[p], p] as const)));
  const running = new Map<string, AttemptSignal>();
  const claims = await createClaimStore({ pool: deps.pool, databaseUrl: deps.databaseUrl, workerId: deps.workerId, logger: log, leaseMs: deps.leaseMs });
  const cancelWatch = await startCancelWatch({
    kafka: deps.kafka, topic: deps.topics.jobEvents, logger: log,
    groupId: `${deps.cancelGroupIdPrefix ?? 'conveyor-executor-cancel'}-${deps.workerId}`,
    onCancelled: (jobId) => running.get(jobId)?.abort('cancelled'),
  });
  const offsets = createOffsetTracker();
  /** Priorities whose in-memory queue is full: their topics stay paused until drained. */
  const full = new Set<WorkPriority>();
  /** Attempts whose slot is free but whose outcome is still being stored or published. */
  const finishing = new Set<Promise<void>>();
  let stopping = false;

  // An outcome must reach the log once decided: keep trying while the process lives.
  const persistently = <T>(what: string, publish: (records: T[]) => Promise<void>) => (records: T[]) => retry(() => publish(records), {
    initialDelayMs: 200, maxDelayMs: 5000, shouldRetry: () => !stopping,
    onRetry: (err) => log.error({ err }, `publishing ${what} failed; retrying`),
  });
  const publishEvents = persistently('job events', deps.publishEvents);
  const publishDeadLetters = persistently('dead letters', deps.publishDeadLetters);
  const releaseClaim = persistently('a claim release', async (attempts: Array<{ jobId: string; attempt: number }>) => {
    for (const a of attempts) await claims.release(a.jobId, a.attempt);
  });
  // A type's own default limit, unless the configuration names one.
  const perType: Record<string, number> = {};
  for (const def of deps.registry.list()) if (def.defaults?.concurrency) perType[def.type] = def.defaults.concurrency;
  Object.assign(perType, deps.limits?.perType ?? {});

  const attemptDeps = {
    registry: deps.registry, claims, publishEvents, publishDeadLetters, ports: deps.ports, secrets: deps.secrets, workerId: deps.workerId,
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
      let heldFor: number | undefined;
      const attempt = runAttempt(attemptDeps, e.item, { topic: e.topic, partition: e.partition, offset: String(e.offset) }, e.headers, { handlerReturned: release, held: (ms) => (heldFor = ms) })
        .then((result) => {
          if (result === 'aborted') throw new Error('abandoned by a stop without draining');
          if (result === 'held') {
            // Another live worker runs it: its offset waits while that worker's lease runs, then it is claimed
            // again (taken over if that worker stopped heart-beating, skipped if it decided the attempt).
            if (!stopping) setTimeout(() => { if (!stopping) scheduler.push({ ...e, receivedAt: performance.now() }); }, heldFor).unref();
            return;
          }
          offsets.finished(e.topic, e.partition, e.offset);
        })
        .catch(async (err: unknown) => {
          if (stopping) {
            // The offset stays uncommitted: the attempt runs again wherever its partition goes.
            log.error({ err, jobId: e.item.jobId, attempt: e.item.attempt }, 'attempt abandoned by the stop');
            return;
          }
          // Claiming or recording failed (Postgres away): nothing else would ever redeliver this work item
          // (its offset only holds back commits), so it is retried here, its claim released first (issue 14).
          log.warn({ err, jobId: e.item.jobId, attempt: e.item.attempt }, 'attempt could not run; retrying it');
          await releaseClaim([{ jobId: e.item.jobId, attempt: e.item.attempt }]).catch(() => undefined);
          if (!stopping) setTimeout(() => { if (!stopping) scheduler.push({ ...e, receivedAt: performance.now() }); }, 500).unref();
        })
        .finally(() => {
          finishing.delete(attempt);
          release();
        });
      finishing.add(attempt);
    }),
    onDone: () => undefined,
    onFull: (p) => { full.add(p); for (const w of served) consumers.get(w.queue)?.pause([w.topics[p]]); },
    onDrained: (p) => {
      full.delete(p);
      if (stopping) return;
      for (const w of served) if (!queueSwitch.isPaused(w.queue)) consumers.get(w.queue)?.resume([w.topics[p]]);
    },
  });

  // One consumer (and group) per queue: kafkajs assigns every topic the group's members subscribe to among
  // all of them, so workers of different queues sharing a group would be handed each other's partitions.
  const consumerOf = (work: (typeof served)[number]): ConsumerRunner => {
    const mine = new Set(Object.values(work.topics));
    return createConsumerRunner<WorkEvent>({
      kafka: deps.kafka, groupId: queueGroupId(groupId, work.queue), logger: log, metrics: deps.metrics,
      sources: [...mine].map((topic) => ({ topic, serde: deps.workSerdes.forTopic(topic), eventTypes: ['JobWorkItem'] })),
      // Parked on the dead-letter topic with its bytes and origin before the offset may move on.
      deadLetter: publishPoison(publishDeadLetters),
      consumerConfig: { maxBytesPerPartition: 256 * 1024, maxWaitTimeInMs: 1000 },
      partitionsConsumedConcurrently: mine.size,
      // Offsets are committed as attempts finish (the offset tracker), not per batch.
      commit: 'manual',
      onAssigned: (owned) => {
        const keys = new Set(owned.map((o) => `${o.partition}:${o.topic}`));
        // Only this queue's partitions move: the other queues' consumers keep theirs.
        const keep = (topic: string, partition: number) => !mine.has(topic) || keys.has(`${partition}:${topic}`);
        offsets.forget(keep);
        const dropped = scheduler.drop((e) => !keep(e.topic, e.partition));
        if (dropped.length) log.info({ dropped: dropped.length, queue: work.queue }, 'dropped queued work of partitions now owned elsewhere');
      },
      handle: async (batch) => {
        const priority = priorityOf.get(batch.topic) as WorkPriority;
        for (const { offset, event, headers } of batch.records) {
          if (!batch.isRunning()) break;
          const at = Number(offset);
          offsets.received(batch.topic, batch.partition, at);
          // Skipped and poison records (already dead-lettered) are finished as they arrive.
          if (!event) offsets.finished(batch.topic, batch.partition, at);
          else scheduler.push({ item: event.data, priority, topic: batch.topic, partition: batch.partition, offset: at, headers, receivedAt: performance.now() });
        }
      },
    });
  };
  const consumers = new Map<string, ConsumerRunner>();
  const queueSwitch = createQueueSwitch({ served, consumers, full, isStopping: () => stopping, metrics: deps.metrics, logger: log });
  // Paused queues are known before anything is fetched: the watch reads the admin log from its start.
  const queueWatch = await watchEventKeys({
    kafka: deps.kafka, topic: deps.topics.adminEvents, groupId: `${deps.queueWatchGroupIdPrefix ?? 'conveyor-executor-queues'}-${deps.workerId}`,
    eventTypes: ['QueuePaused', 'QueueResumed'], fromBeginning: true, logger: log,
    onEvent: (type, queue) => (type === 'QueuePaused' ? queueSwitch.pause(queue) : queueSwitch.resume(queue)),
  });
  for (const w of served) consumers.set(w.queue, consumerOf(w));
  const queueOfTopic = new Map(served.flatMap((w) => Object.values(w.topics).map((t) => [t, w.queue] as const)));
  const commit = async () => {
    const byQueue = new Map<string, Array<{ topic: string; partition: number; offset: string }>>();
    for (const o of offsets.takeCommittable()) {
      const q = queueOfTopic.get(o.topic) as string;
      byQueue.set(q, [...(byQueue.get(q) ?? []), o]);
    }
    await Promise.all([...byQueue].map(([q, list]) => consumers.get(q)?.commitOffsets(list)));
  };
  const committer = setInterval(() => void commit().catch((err: unknown) => log.warn({ err }, 'offset commit failed')), defaultCommitIntervalMs);
  await Promise.all([...served].map(async (w) => {
    const consumer = consumers.get(w.queue) as ConsumerRunner;
    await consumer.start();
    if (queueSwitch.isPaused(w.queue)) consumer.pause(Object.values(w.topics));
  }));
  for (const q of queues) {
    deps.metrics.queueWorkers.set({ queue: q }, 1);
    if (!queueSwitch.isPaused(q)) deps.metrics.queuePaused.set({ queue: q }, 0);
  }
  log.info({ queues, concurrency: deps.concurrency, perType, perKey: deps.limits?.perKey }, 'worker started');

  return {
    health: () => combinedHealth([...consumers.values()].map((c) => c.health())),
    queues,
    pauseQueue: queueSwitch.pause,
    resumeQueue: queueSwitch.resume,
    paused: queueSwitch.isPaused,
    async stop({ drain = true } = {}) {
      stopping = true;
      clearInterval(committer);
      for (const w of served) consumers.get(w.queue)?.pause(Object.values(w.topics));
      scheduler.drop(() => true);
      if (!drain) for (const s of running.values()) s.abort('shutdown');
      // Bounded by the shutdown timeout (issue 14): attempts still running then are abandoned as by a crash.
      const drained = scheduler.close();
      if (drain && deps.drainTimeoutMs !== undefined) {
        let timer: NodeJS.Timeout | undefined;
        const late = await Promise.race([drained.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), deps.drainTimeoutMs)))]);
        clearTimeout(timer);
        if (late) {
          log.warn({ running: running.size }, 'attempts still running at the drain deadline: aborted, they run again elsewhere');
          for (const s of running.values()) s.abort('shutdown');
        }
      }
      await drained;
      await Promise.allSettled([...finishing]);
      if (drain) await commit().catch((err: unknown) => log.warn({ err }, 'final offset commit failed'));
      await Promise.all([...consumers.values()].map((c) => c.stop()));
      for (const q of queues) deps.metrics.queueWorkers.set({ queue: q }, 0);
      await cancelWatch.stop();
      await queueWatch.stop();
      await claims.close();
    },
  };
}
