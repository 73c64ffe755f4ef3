import type { Kafka } from 'kafkajs';
import { jobEventNames, type DeadLetter, type JobEvent, type JobWorkItem } from '@conveyor/events';
import { runConsumer, type ConsumerRunnerHealth, type EventSerde, type TopicNames } from '@conveyor/kafka';
import { recordEventSpans, type Logger, type Metrics, type Pool } from '@conveyor/runtime';
import { publishPoison } from '@conveyor/worker/engine';
import { createDispatchStore } from './createDispatchStore';
import { createTimerLoop } from './createTimerLoop';
import { planDispatch, resolveRetries } from './planDispatch';

export interface DispatcherDeps {
  kafka: Kafka;
  pool: Pool;
  serde: EventSerde;
  topics: TopicNames;
  topicPrefix: string;
  databaseUrl: string;
  publishWork: (items: JobWorkItem[]) => Promise<void>;
  publishDeadLetters: (letters: DeadLetter[]) => Promise<void>;
  logger: Logger;
  metrics: Metrics;
  groupId?: string;
  timerIntervalMs: number;
}

/** Partition batches of job-events handled at once: every partition of the catalog's job-events topic. */
const partitionsConsumedConcurrently = 6;

/**
 * The dispatcher: turns job events into runnable work. Consumes job-events (group
 * `conveyor-dispatcher`) a batch at a time per partition, all partitions at once: records timers,
 * cancellations and first work items in Postgres, publishes what is runnable now, and only then lets
 * the offsets be committed (at-least-once; duplicate work items are harmless). Also runs the timer loop.
 */
export async function startDispatcher(deps: DispatcherDeps): Promise<{ stop(): Promise<void>; health(): ConsumerRunnerHealth }> {
  const groupId = deps.groupId ?? 'conveyor-dispatcher';
  const log = deps.logger.child({ component: 'dispatcher', groupId });
  const store = createDispatchStore({ pool: deps.pool, topicPrefix: deps.topicPrefix });
  const timers = createTimerLoop({
    store, publish: deps.publishWork, databaseUrl: deps.databaseUrl, topicPrefix: deps.topicPrefix,
    logger: log, intervalMs: deps.timerIntervalMs,
  });
  const consumer = await runConsumer<JobEvent>({
    kafka: deps.kafka, groupId, logger: log, metrics: deps.metrics,
    sources: [{ topic: deps.topics.jobEvents, serde: deps.serde, eventTypes: jobEventNames }],
    deadLetter: publishPoison(deps.publishDeadLetters),
    consumerConfig: { maxWaitTimeInMs: 1000 },
    // kafkajs fetches again only when every batch of a fetch is done: with all partitions at once, their
    // Postgres transactions commit together and their work items share one produce request.
    partitionsConsumedConcurrently,
    handle: async (batch) => {
      const events = batch.events.map((e) => e.event);
      const now = Date.now();
      const plan = planDispatch(events, now);
      for (const e of plan.rejected) log.warn({ type: e.type, jobId: e.data.meta.jobId, partition: batch.partition }, 'skipping an event whose job id is not a UUID');
      const retries = resolveRetries(plan.retries, await store.loadFirstItems(plan.retries.map((r) => r.meta.jobId)), now);
      for (const r of retries.missing) log.warn({ jobId: r.meta.jobId, attempt: r.attempt }, 'retry of a job the dispatcher does not know: not scheduled');
      const stage = (name: string, since: number) => () => deps.metrics.stageDuration.observe({ stage: name }, (performance.now() - since) / 1000);
      const from = performance.now();
      const stored = () => store.apply({ remember: plan.remember, schedule: [...plan.schedule, ...retries.schedule], cancel: plan.cancel, forget: plan.forget })
        .then(stage('dispatcher.store', from));
      const published = () => deps.publishWork([...plan.publish, ...retries.publish]).then(stage('dispatcher.publish', performance.now()));
      if (plan.cancel.length) {
        // A cancellation is recorded before any work item goes out: the executor's claim reads job_cancellations.
        await stored();
        await published();
      } else {
        // Nothing published depends on this batch's rows (remembered first items serve later retries,
        // timers fire later): the transaction and the produce request overlap. Both finish before the offsets move.
        await Promise.all([stored(), published()]);
      }
      stage('dispatcher.batch', from)();
      recordEventSpans('dispatch', events, performance.timeOrigin + from);
    },
  });
  timers.start();
  log.info('dispatcher started');

  return {
    /** The consumer's group membership, for readiness. */
    health: () => consumer.health(),
    async stop() {
      await timers.stop();
      await consumer.stop();
    },
  };
}
