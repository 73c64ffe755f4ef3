import type { JobEvent } from '@conveyor/events';
import { withTransaction, type Pool } from '@conveyor/runtime';
import { foldBatch } from './foldBatch';
import { lockJobs, upsertJobs } from './postgres/jobsTable';
import { mergeJobStats } from './postgres/jobStatsTable';
import { notifyJobChanges } from './postgres/notifyJobChanges';
import { lockNextOffset, saveNextOffset, type PartitionKey } from './postgres/projectionOffsets';
import { defaultReadModelSchema, holdProjectorLockShared, useReadModelSchema } from './postgres/readModelSchema';
import { insertTimeline } from './postgres/timelineTable';
import { timelineRow } from './timelineProjection';

/** A message of a partition batch: its offset and, unless it could not be decoded, its event. */
export interface BatchMessage {
  offset: string;
  event: JobEvent | null;
}

export interface ApplyBatchOptions {
  projections: readonly string[];
  at: PartitionKey;
  messages: readonly BatchMessage[];
  /** Postgres schema of the read-model tables (and their offsets); default `public`. */
  schema?: string;
  /** Send the change notifications the SSE stream follows; default true (a rebuild sends none). */
  notify?: boolean;
}

export interface BatchResult {
  /** Messages at or above the stored next offset (the others were applied before). */
  applied: number;
  /** Events already in the timeline (same event id): duplicates in the log. */
  duplicates: number;
  unplaced: number;
  jobsChanged: number;
  notificationsDropped: number;
}

/**
 * Applies one partition batch to the read models in ONE transaction: locks the offset rows, skips what
 * is below the stored next offset, inserts the timeline, folds the new events into the locked jobs rows,
 * upserts jobs and statistics, moves the offset and queues the change notifications. Either all of it
 * commits or none, so a redelivered batch never counts twice. The transaction first holds the schema's
 * pause lock shared, so a read-model swap (replay/) can pause every projector instance.
 */
export async function applyBatch(pool: Pool, options: ApplyBatchOptions): Promise<BatchResult> {
  const { at, projections } = options;
  const schema = options.schema ?? defaultReadModelSchema;
  const last = options.messages[options.messages.length - 1];
  const result: BatchResult = { applied: 0, duplicates: 0, unplaced: 0, jobsChanged: 0, notificationsDropped: 0 };
  if (!last) return result;
  return withTransaction(pool, async (client) => {
    await useReadModelSchema(client, schema);
    await holdProjectorLockShared(client, schema);
    const next = await lockNextOffset(client, projections, at);
    const fresh = options.messages.filter((m) => BigInt(m.offset) >= next);
    result.applied = fresh.length;
    if (!fresh.length) return result;
    const positioned = fresh.flatMap((m) => (m.event ? [{ event: m.event, offset: m.offset }] : []));
    const inserted = await insertTimeline(client, positioned.map((p) => timelineRow(p.event, { ...at, offset: p.offset })));
    // Only events inserted just now fold into jobs and statistics: a duplicate event id in the log counts once.
    const events = positioned.map((p) => p.event).filter((e) => inserted.delete(e.data.meta.eventId));
    result.duplicates = positioned.length - events.length;
    const rows = await lockJobs(client, [...new Set(events.map((e) => e.data.meta.jobId))].sort());
    const fold = foldBatch(events, rows);
    await upsertJobs(client, fold.jobs);
    await mergeJobStats(client, fold.stats);
    await saveNextOffset(client, projections, at, BigInt(last.offset) + 1n);
    if (options.notify !== false) result.notificationsDropped = await notifyJobChanges(client, fold.changes);
    result.unplaced = fold.unplaced.length;
    result.jobsChanged = fold.jobs.length;
    return result;
  });
}
