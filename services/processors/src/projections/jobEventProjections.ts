import { foldBatch } from './foldBatch';
import { jobsProjection } from './jobsProjection';
import { jobStatsProjection } from './jobStatsProjection';
import type { WritePart } from './postgres/batchWrites';
import { lockJobs, upsertJobsPart } from './postgres/jobsTable';
import { jobStatsSumsSql, mergeJobStatsPart } from './postgres/jobStatsTable';
import { jobChangePayloads, notifyJobChangesPart } from './postgres/notifyJobChanges';
import { insertTimeline } from './postgres/timelineTable';
import type { JobEventBatch, Projection } from './projection';
import { timelineProjection, timelineRow } from './timelineProjection';

/** Queues a write with the batch's last statement (none when there is nothing to write). */
const queue = (writes: WritePart[], part: WritePart | null) => {
  if (part) writes.push(part);
};

const handlesOneOf = (types: readonly string[]) => {
  const set: ReadonlySet<string> = new Set(types);
  return (eventType: string) => set.has(eventType);
};

/** `job_events`: every event one timeline row; the events inserted just now are the batch's first-seen ones. */
export const timelineReadModel: Projection<JobEventBatch> = {
  name: timelineProjection.name,
  topics: ['jobEvents'],
  tables: [{ table: 'job_events', key: 'event_id::text' }],
  dependsOn: [],
  handles: handlesOneOf(timelineProjection.handles),
  async apply(tx, batch) {
    const inserted = await insertTimeline(tx, batch.events.map((p) => timelineRow(p.event, { ...batch.at, offset: p.offset })));
    // Only events inserted just now fold into jobs and statistics: a duplicate event id in the log counts once.
    batch.found.firstSeen = batch.events.map((p) => p.event).filter((e) => inserted.delete(e.data.meta.eventId));
    batch.result.duplicates = batch.events.length - batch.found.firstSeen.length;
  },
};

/** `jobs`: the first-seen events fold into the locked job rows; the changes are notified (with the batch's last statement). */
export const jobsReadModel: Projection<JobEventBatch> = {
  name: jobsProjection.name,
  topics: ['jobEvents'],
  tables: [{ table: 'jobs', key: 'job_id::text' }],
  dependsOn: [timelineProjection.name],
  handles: handlesOneOf(jobsProjection.handles),
  async apply(tx, batch) {
    const events = batch.found.firstSeen;
    const rows = await lockJobs(tx, [...new Set(events.map((e) => e.data.meta.jobId))].sort());
    const fold = foldBatch(events, rows);
    queue(batch.writes, upsertJobsPart(fold.jobs));
    if (batch.notify) {
      const { payloads, dropped } = jobChangePayloads(fold.changes);
      queue(batch.writes, notifyJobChangesPart(payloads));
      batch.result.notificationsDropped = dropped;
    }
    batch.found.fold = fold;
    batch.result.unplaced = fold.unplaced.length;
    batch.result.jobsChanged = fold.jobs.length;
  },
};

/** `job_stats_minute`: the deltas of the jobs fold's transitions merge into their minutes (with the batch's last statement). */
export const jobStatsReadModel: Projection<JobEventBatch> = {
  name: jobStatsProjection.name,
  topics: ['jobEvents'],
  // Compared as the sums of each minute and type: how the counts split over partitions is not the read model's
  // content (rows written before 097 hold every partition's counts in partition 0).
  tables: [{ table: 'job_stats_minute', key: `to_char(minute at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') || ' ' || type`, rows: jobStatsSumsSql }],
  dependsOn: [jobsProjection.name],
  handles: handlesOneOf(jobStatsProjection.handles),
  async apply(_tx, batch) {
    if (batch.found.fold) queue(batch.writes, mergeJobStatsPart(batch.found.fold.stats, batch.at.partition));
  },
};
