import { eventTypeHeader, scheduleEventNames, type ScheduleEvent } from '@conveyor/events';
import { PoisonMessageError, type EventSerde, type TopicNames } from '@conveyor/kafka';
import type { Logger, Metrics, Pool } from '@conveyor/runtime';
import type { Kafka } from 'kafkajs';
import { applyScheduleBatch, type ScheduleBatchMessage } from './applyScheduleBatch';
import { scheduleProjectionName } from './scheduleProjection';
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

const scheduleEvents: ReadonlySet<string> = new Set(scheduleEventNames);

/**
 * Starts the schedule projection (public): consumes conveyor.admin-events and keeps the `schedules` table
 * up to date, one transaction per batch with the offset in projection_offsets. Admin events of other
 * entities (replays, load-test runs) are skipped by their `event-type` header without being decoded.
 */
export async function startScheduleProjector(deps: ScheduleProjectorDeps): Promise<{ stop(): Promise<void> }> {
  const groupId = deps.groupId ?? 'conveyor-schedule-projector';
  const topic = deps.topics.adminEvents;
  const logger = deps.logger.child({ component: 'schedule-projector', groupId });

  const decode = async (value: Buffer | null, type: string | undefined, offset: string, partition: number): Promise<ScheduleEvent | null> => {
    if (type !== undefined && !scheduleEvents.has(type)) return null;
    try {
      return (await deps.adminSerde.decode(value)) as unknown as ScheduleEvent;
    } catch (err) {
      if (!(err instanceof PoisonMessageError)) throw err; // the registry is down: retry the batch
      logger.error({ err, topic, partition, offset }, 'poison admin event skipped');
      return null;
    }
  };

  await assertOffsetsWithinLog({ kafka: deps.kafka, pool: deps.pool, projections: [scheduleProjectionName], topics: [topic] });
  const consumer = deps.kafka.consumer({ groupId, allowAutoTopicCreation: false });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, isRunning, isStale }) => {
      if (!batch.messages.length || !isRunning() || isStale()) return;
      const messages: ScheduleBatchMessage[] = [];
      for (const m of batch.messages) {
        const type = m.headers?.[eventTypeHeader]?.toString();
        messages.push({ offset: m.offset, event: await decode(m.value, type, m.offset, batch.partition) });
      }
      const changed = await applyScheduleBatch(deps.pool, { at: { topic: batch.topic, partition: batch.partition }, messages });
      if (changed) logger.debug({ changed }, 'schedules projected');
      const last = batch.lastOffset();
      resolveOffset(last);
      deps.metrics.kafkaConsumed.inc({ topic, group: groupId }, batch.messages.length);
      deps.metrics.consumerLag.set({ topic, partition: String(batch.partition), group: groupId }, Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(last) - 1n)));
      await commitOffsetsIfNecessary();
      await heartbeat();
    },
  });
  logger.info({ topic }, 'schedule projector started');
  return {
    async stop() {
      await consumer.disconnect();
      logger.info('schedule projector stopped');
    },
  };
}
