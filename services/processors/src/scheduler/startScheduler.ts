import { createBatchingPublisher, createIdempotentProducer, type EventSerde, type TopicNames } from '@conveyor/kafka';
import type { Logger, Metrics, Pool } from '@conveyor/runtime';
import type { Kafka } from 'kafkajs';
import { createSchedulerLoop, schedulerDefaults } from './createSchedulerLoop';
import { startScheduleProjector } from './startScheduleProjector';

export interface SchedulerDeps {
  kafka: Kafka;
  pool: Pool;
  /** Serde of the job-events topic with the job event schemas, registerAll() already called. */
  jobSerde: Pick<EventSerde, 'encode'>;
  /** Serde of the admin-events topic with the schedule event schemas (`scheduleEventSchemas`). */
  adminSerde: Pick<EventSerde, 'decode'>;
  topics: Pick<TopicNames, 'jobEvents' | 'adminEvents'>;
  logger: Logger;
  metrics: Metrics;
  /** The clock, in epoch milliseconds; default Date.now. */
  now?: () => number;
  /** Consumer group of the schedule projection; default `conveyor-schedule-projector`. */
  groupId?: string;
  /** Run the schedule projection in this process too; default true. */
  projection?: boolean;
  /** Loop timings in milliseconds; defaults in `schedulerDefaults` (tick 500, grace 1000, standby retry 2000). */
  tickMs?: number;
  graceMs?: number;
  standbyRetryMs?: number;
}

export interface Scheduler {
  /** Stops the loop after its tick in progress, gives the lock up, then stops the projection and the producer. */
  stop(): Promise<void>;
  /** Whether this instance currently holds the scheduler lock. */
  readonly isLeader: boolean;
}

/**
 * Starts cron schedules (public): the schedule projection (conveyor.admin-events → `schedules`) and the
 * scheduler loop, which fires on one replica at a time (a Postgres advisory lock; standbys retry every
 * `standbyRetryMs`). Fires are published with their own idempotent producer onto job-events.
 * See docs/architecture.md and services/processors/src/scheduler/createSchedulerLoop.ts.
 */
export async function startScheduler(deps: SchedulerDeps): Promise<Scheduler> {
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch((err: unknown) => deps.logger.error({ err }, 'error while stopping the scheduler'));
  };
  try {
    if (deps.projection ?? true) {
      const projector = await startScheduleProjector({ ...deps, groupId: deps.groupId });
      closers.push(() => projector.stop());
    }
    const producer = createIdempotentProducer(deps.kafka);
    await producer.connect();
    closers.push(() => producer.disconnect());
    const publisher = createBatchingPublisher({
      producer,
      onAcked: (counts) => counts.forEach((n, topic) => deps.metrics.kafkaProduced.inc({ topic }, n)),
    });
    closers.push(() => publisher.drain());
    const loop = createSchedulerLoop({
      pool: deps.pool, jobSerde: deps.jobSerde, publisher, topics: deps.topics, logger: deps.logger, metrics: deps.metrics, now: deps.now,
      tickMs: deps.tickMs ?? schedulerDefaults.tickMs, graceMs: deps.graceMs ?? schedulerDefaults.graceMs,
      standbyRetryMs: deps.standbyRetryMs ?? schedulerDefaults.standbyRetryMs,
    });
    loop.start();
    closers.push(() => loop.stop());
    let stopped: Promise<void> | undefined;
    return {
      stop: () => (stopped ??= close()),
      get isLeader() {
        return loop.isLeader;
      },
    };
  } catch (err) {
    await close();
    throw err;
  }
}
