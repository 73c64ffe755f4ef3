import { scheduleEventNames, type ScheduleEvent } from '@conveyor/events';
import { runConsumer, type EventSerde, type TopicNames } from '@conveyor/kafka';
import type { Logger, Metrics, Pool } from '@conveyor/runtime';
import type { Kafka } from 'kafkajs';
import { applyScheduleBatch } from './applyScheduleBatch';
import { projectionRegistry } from '../projections/projections';
import { assertOffsetsWithinLog } from '../projections/postgres/assertOffsetsWithinLog';

export interface ScheduleProjectorDeps {
  kafka: Kafka;
  pool: Pool;
  /** Serde of the admin-events topic, with the schedule event schemas. */
  adminSerde: Pick<EventSerde, 'decode'>;
  topics: Pick<TopicNames, 'adminEvents'>;
  logger: Logger;
  metrics: Metrics;
  /** Consumer group; default `conveyor-schedule-projector`. */
  groupId?: string;
}

/**
 * Starts the schedule projection (public): consumes conveyor.admin-events and keeps the `schedules` table
 * up to date, one transaction per batch with the offset in projection_offsets. Admin events that are
 * not schedule events are skipped by their `event-type` header without being decoded.
 */
export async function startScheduleProjector(deps: ScheduleProjectorDeps): Promise<{ stop(): Promise<void> }> {
  const groupId = deps.groupId ?? 'conveyor-schedule-projector';
  const topic = deps.topics.adminEvents;
  const logger = deps.logger.child({ component: 'schedule-projector', groupId });

  await assertOffsetsWithinLog({ kafka: deps.kafka, pool: deps.pool, projections: [projectionRegistry.schedules.name], topics: [topic] });
  const consumer = await runConsumer<ScheduleEvent>({
    kafka: deps.kafka, groupId, logger, metrics: deps.metrics,
    sources: [{ topic, serde: deps.adminSerde, eventTypes: scheduleEventNames.filter((t) => projectionRegistry.schedules.handles(t)) }],
    handle: async (batch) => {
      const changed = await applyScheduleBatch(deps.pool, { at: { topic: batch.topic, partition: batch.partition }, messages: batch.records });
      if (changed) logger.debug({ changed }, 'schedules projected');
    },
  });
  logger.info({ topic }, 'schedule projector started');
  return {
    async stop() {
      await consumer.stop();
      logger.info('schedule projector stopped');
    },
  };
}
