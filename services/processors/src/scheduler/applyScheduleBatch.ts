import type { ScheduleEvent } from '@conveyor/events';
import { withTransaction, type Pool } from '@conveyor/runtime';
import { lockNextOffset, saveNextOffset, type PartitionKey } from '../projections/postgres/projectionOffsets';
import { projectionRegistry } from '../projections/projections';
import type { ScheduleBatch } from './schedulesReadModel';

/** A message of a partition batch: its offset and, unless it could not be decoded, its event. */
export interface ScheduleBatchMessage {
  offset: string;
  event: ScheduleEvent | null;
}

/**
 * Applies one partition batch of admin events to `schedules` in ONE transaction with the projection's
 * offset (like the job projector's applyBatch), through the registry's schedule projection: messages below the stored next offset were applied
 * before and are skipped, so a redelivered batch changes nothing. Returns the number of schedules changed.
 */
export async function applyScheduleBatch(pool: Pool, options: { at: PartitionKey; messages: readonly ScheduleBatchMessage[] }): Promise<number> {
  const last = options.messages[options.messages.length - 1];
  if (!last) return 0;
  const projection = projectionRegistry.schedules;
  const projections = [projection.name];
  return withTransaction(pool, async (client) => {
    const next = await lockNextOffset(client, projections, options.at);
    const fresh = options.messages.filter((m) => BigInt(m.offset) >= next);
    if (!fresh.length) return 0;
    const batch: ScheduleBatch = { at: options.at, events: fresh.flatMap((m) => (m.event ? [{ event: m.event, offset: m.offset }] : [])), changed: 0 };
    await projection.apply(client, batch);
    await saveNextOffset(client, projections, options.at, BigInt(last.offset) + 1n);
    return batch.changed;
  });
}
