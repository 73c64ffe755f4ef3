import type { ScheduleEvent } from '@conveyor/events';
import { withTransaction, type Pool } from '@conveyor/runtime';
import { lockNextOffset, saveNextOffset, type PartitionKey } from '../projections/postgres/projectionOffsets';
import { foldSchedules, scheduleProjectionName } from './scheduleProjection';
import { lockSchedules, upsertSchedules } from './schedulesTable';

/** A message of a partition batch: its offset and, unless it could not be decoded, its event. */
export interface ScheduleBatchMessage {
  offset: string;
  event: ScheduleEvent | null;
}

/**
 * Applies one partition batch of admin events to `schedules` in ONE transaction with the projection's
 * offset (like the job projector's applyBatch): messages below the stored next offset were applied
 * before and are skipped, so a redelivered batch changes nothing. Returns the number of schedules changed.
 */
export async function applyScheduleBatch(pool: Pool, options: { at: PartitionKey; messages: readonly ScheduleBatchMessage[] }): Promise<number> {
  const last = options.messages[options.messages.length - 1];
  if (!last) return 0;
  const projections = [scheduleProjectionName];
  return withTransaction(pool, async (client) => {
    const next = await lockNextOffset(client, projections, options.at);
    const fresh = options.messages.filter((m) => BigInt(m.offset) >= next);
    if (!fresh.length) return 0;
    const events = fresh.flatMap((m) => (m.event ? [m.event] : []));
    const rows = await lockSchedules(client, [...new Set(events.map((e) => e.data.meta.scheduleId))]);
    const changed = foldSchedules(events, rows);
    await upsertSchedules(client, options.at.topic, [...changed.values()]);
    await saveNextOffset(client, projections, options.at, BigInt(last.offset) + 1n);
    return changed.size;
  });
}
