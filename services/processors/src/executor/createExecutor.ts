import type { Kafka, IHeaders } from 'kafkajs';
import type { DeadLetter, JobEvent, JobWorkItem, WorkPriority } from '@conveyor/events';
import type { HandlerPorts, JobTypeRegistry } from '@conveyor/job-types';
import type { SecretBox } from '@conveyor/job-types/secrets';
import { createConsumerRunner, type ConsumerRunner, type ConsumerRunnerHealth, type TopicNames } from '@conveyor/kafka';
import { retry, type Logger, type Metrics, type Pool } from '@conveyor/runtime';
import { publishPoison } from '../deadLetters/deadLetterRecords';
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
  /** Opens the sealed secrets of payloads right before their handler runs (SECRETS_KEYS). */
  secrets: SecretBox;
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
  drainTimeoutMs?: number;
  logger: Logger;
  metrics: Metrics;
  groupId?: string;
  /** The cancel watch's group is `<prefix>-<workerId>`; default prefix `conveyor-executor-cancel`. */
  cancelGroupIdPrefix?: string;
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

/** How often finished offsets are committed, in milliseconds. */
const commitIntervalMs = 500;

/**
 * The executor: consumes the three work topics (group `conveyor-executor`) into the work scheduler
 * (per-priority queues, weighted slots), runs each attempt, and commits each partition only up to its
 * lowest unfinished offset. `stop()` drains (running attempts finish); `stop({ drain: false })`
 * abandons them like a crash would, for tests.
 */
export async function startExecutor(deps: ExecutorDeps): Promise<{ stop(options?: { drain?: boolean }): Promise<void>; health(): ConsumerRunnerHealth }> {
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
      const attempt = runAttempt(attemptDeps, e.item, { topic: e.topic, partition: e.partition, offset: String(e.offset) }, e.headers, { handlerReturned: release })
        .then((result) => {
          if (result === 'aborted') throw new Error('abandoned by a stop without draining');
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
    onFull: (p) => consumer.pause([deps.topics.work[p]]),
    onDrained: (p) => { if (!stopping) consumer.resume([deps.topics.work[p]]); },
  });

  const consumer: ConsumerRunner = createConsumerRunner<WorkEvent>({
    kafka: deps.kafka, groupId, logger: log, metrics: deps.metrics,
    sources: workTopics.map((topic) => ({ topic, serde: deps.workSerdes.forTopic(topic), eventTypes: ['JobWorkItem'] })),
    // Parked on the dead-letter topic with its bytes and origin before the offset may move on.
    deadLetter: publishPoison(publishDeadLetters),
    consumerConfig: { maxBytesPerPartition: 256 * 1024, maxWaitTimeInMs: 1000 },
    partitionsConsumedConcurrently: workTopics.length,
    // Offsets are committed as attempts finish (the offset tracker), not per batch.
    commit: 'manual',
    onAssigned: (owned) => {
      const keys = new Set(owned.map((o) => `${o.partition}:${o.topic}`));
      const keep = (topic: string, partition: number) => keys.has(`${partition}:${topic}`);
      offsets.forget(keep);
      const dropped = scheduler.drop((e) => !keep(e.topic, e.partition));
      if (dropped.length) log.info({ dropped: dropped.length }, 'dropped queued work of partitions now owned elsewhere');
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
  const commit = () => consumer.commitOffsets(offsets.takeCommittable());
  const committer = setInterval(() => void commit().catch((err: unknown) => log.warn({ err }, 'offset commit failed')), commitIntervalMs);
  await consumer.start();
  log.info({ concurrency: deps.concurrency, perType, perKey: deps.limits?.perKey }, 'executor started');

  return {
    /** The work consumer's group membership, for readiness. */
    health: () => consumer.health(),
    async stop({ drain = true } = {}) {
      stopping = true;
      clearInterval(committer);
      consumer.pause(workTopics);
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
      await consumer.stop();
      await cancelWatch.stop();
      await claims.close();
    },
  };
}
