import type { ScheduleEvent } from '@conveyor/events';
import type { PartitionKey } from '../projections/postgres/projectionOffsets';
import type { Projection } from '../projections/projection';
import { foldSchedules, scheduleProjectionEvents, scheduleProjectionName } from './scheduleProjection';
import { lockSchedules, recordScheduleCreators, upsertSchedules } from './schedulesTable';

/** A partition batch of admin events as the schedule projection sees it; `changed` is what it changed. */
export interface ScheduleBatch {
  at: PartitionKey;
  events: ReadonlyArray<{ event: ScheduleEvent; offset: string }>;
  changed: number;
}

/** `schedules` (migration 006), from the schedule events of admin-events (public). */
export const schedulesReadModel: Projection<ScheduleBatch> = {
  name: scheduleProjectionName,
  topics: ['adminEvents'],
  tables: [{ table: 'schedules', key: 'schedule_id::text' }],
  dependsOn: [],
  handles: (eventType) => (scheduleProjectionEvents as readonly string[]).includes(eventType),
  async apply(tx, batch) {
    const events = batch.events.map((e) => e.event);
    const rows = await lockSchedules(tx, [...new Set(events.map((e) => e.data.meta.scheduleId))]);
    const changed = foldSchedules(events, rows);
    await upsertSchedules(tx, batch.at.topic, [...changed.values()]);
    await recordScheduleCreators(tx, events.flatMap((e) => (e.type === 'ScheduleCreated' ? [{ scheduleId: e.data.meta.scheduleId, actor: e.data.meta.actor }] : [])));
    batch.changed = changed.size;
  },
};
