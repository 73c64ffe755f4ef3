import type { JobEvent } from '@conveyor/events';
import type { Pool } from '@conveyor/runtime';
import { runWrites, type WritePart } from './postgres/batchWrites';
import { lockNextOffset, saveNextOffsetPart, type PartitionKey } from './postgres/projectionOffsets';
import { defaultReadModelSchema, inProjectorBatch } from './postgres/readModelSchema';
import type { BatchResult, JobEventBatch, Projection } from './projection';

/** A message of a partition batch: its offset and, unless it could not be decoded, its event. */
export interface BatchMessage {
  offset: string;
  event: JobEvent | null;
}

export interface ApplyBatchOptions {
  /** The projections written, in apply order (the registry's `jobEvents`, or a rebuild's selection). */
  projections: ReadonlyArray<Projection<JobEventBatch>>;
  at: PartitionKey;
  messages: readonly BatchMessage[];
  /** Postgres schema of the read-model tables (and their offsets); default `public`. */
  schema?: string;
  /** Send the change notifications the SSE stream follows; default true (a rebuild sends none). */
  notify?: boolean;
}

/**
 * Applies one partition batch to the read models in ONE transaction: locks the offset rows, skips what
 * is below the stored next offset, lets each projection apply the new events it handles (the timeline,
 * then the jobs fold of the events inserted just now, then the statistics), moves the offset and
 * queues the change notifications. Either all of it commits or none, so a redelivered batch never
 * counts twice. The transaction first holds the schema's pause lock shared, so a read-model swap
 * (replay/) can pause every projector instance.
 *
 * Round trips: BEGIN with the pause lock; the offsets; what projections must read (the timeline's new
 * events, the locked job rows); then every write nothing in the batch reads again (jobs, statistics,
 * notifications, the offset move) in one statement of CTEs (`batch.writes`); COMMIT.
 */
export async function applyBatch(pool: Pool, options: ApplyBatchOptions): Promise<BatchResult> {
  const { at, projections } = options;
  const names = projections.map((p) => p.name);
  const schema = options.schema ?? defaultReadModelSchema;
  const last = options.messages[options.messages.length - 1];
  const result: BatchResult = { applied: 0, duplicates: 0, unplaced: 0, jobsChanged: 0, notificationsDropped: 0 };
  if (!last) return result;
  return inProjectorBatch(pool, schema, async (client) => {
    const next = await lockNextOffset(client, names, at);
    const fresh = options.messages.filter((m) => BigInt(m.offset) >= next);
    result.applied = fresh.length;
    if (!fresh.length) return result;
    const events = fresh.flatMap((m) => (m.event ? [{ event: m.event, offset: m.offset }] : []));
    const writes: WritePart[] = [];
    const batch: JobEventBatch = { at, events, notify: options.notify !== false, found: { firstSeen: events.map((e) => e.event), fold: null }, result, writes };
    for (const projection of projections) {
      await projection.apply(client, { ...batch, events: events.filter((e) => projection.handles(e.event.type)) });
    }
    writes.push(saveNextOffsetPart(names, at, BigInt(last.offset) + 1n));
    await runWrites(client, writes);
    return result;
  });
}
