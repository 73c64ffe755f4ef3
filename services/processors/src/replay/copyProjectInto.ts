import type { JobEvent } from '@conveyor/events';
import { withTransaction, type PoolClient } from '@conveyor/runtime';
import { applyBatch, projectionRegistry, type BatchMessage } from '../projections';
import { foldBatch } from '../projections/foldBatch';
import { jobsProjection } from '../projections/jobsProjection';
import { jobStatsProjection } from '../projections/jobStatsProjection';
import { mergeJobStats } from '../projections/postgres/jobStatsTable';
import { lockJobs, upsertJobs } from '../projections/postgres/jobsTable';
import { lockNextOffset, saveNextOffset, type PartitionKey } from '../projections/postgres/projectionOffsets';
import { holdProjectorLockShared, useReadModelSchema } from '../projections/postgres/readModelSchema';
import { timelineProjection, timelineRow } from '../projections/timelineProjection';
import { copyInto, copyShapeOf } from './copyInto';
import { jobsRecord, timelineRecord, type CopyRecord, type CopyShape } from './copyRows';
import { decodeReplayBatch, projectInto, type ProjectIntoDeps } from './projectInto';
import { atRate, type ApplyMessages } from './rateLimit';

/** Postgres's unique_violation: a COPYed key was already in the table. */
const uniqueViolation = '23505';

/** The projections the COPY path writes itself; any other selected projection means the projector's statements. */
const copyable: ReadonlySet<string> = new Set([timelineProjection.name, jobsProjection.name, jobStatsProjection.name]);

/** The first occurrence of each event id of a batch, in log order (pure): later ones are duplicates in the log. */
export function firstOccurrences(messages: readonly BatchMessage[]): Array<{ event: JobEvent; offset: string }> {
  const seen = new Set<string>();
  const out: Array<{ event: JobEvent; offset: string }> = [];
  for (const m of messages) {
    if (!m.event || seen.has(m.event.data.meta.eventId)) continue;
    seen.add(m.event.data.meta.eventId);
    out.push({ event: m.event, offset: m.offset });
  }
  return out;
}

/**
 * The jobs of a batch that may already have a row (pure): those whose first event in the batch is not
 * their submission (their earlier events were in an earlier batch), sorted (rows are locked in order).
 */
export function jobsToLoad(events: readonly JobEvent[]): string[] {
  const first = new Map<string, JobEvent['type']>();
  for (const e of events) if (!first.has(e.data.meta.jobId)) first.set(e.data.meta.jobId, e.type);
  return [...first].filter(([, type]) => type !== 'JobSubmitted').map(([id]) => id).sort();
}

/**
 * The `onMessages` of a rebuild's bulk phase (public): what `projectInto` writes, with `COPY` instead of
 * the projector's multi-row statements, in one transaction per partition batch with its offsets (so a
 * killed rebuild resumes exactly). The new rows of a batch are COPYed straight into the tables: every
 * timeline row (a fresh shadow has none of the log's events yet), and the job rows of jobs submitted in
 * the batch. Jobs whose earlier events were in an earlier batch are loaded, folded and upserted with the
 * projector's statement (a few per batch); the statistics deltas merge into their minutes the same way.
 * A key that is there already after all (an event repeated in the log across batches, a submission
 * repeated) fails the COPY: the batch is rolled back and applied again with the projector's adapter,
 * which skips the duplicates. Selections other than the job-events read models take the adapter always.
 */
export function copyProjectInto(deps: ProjectIntoDeps): ApplyMessages {
  const projections = deps.projections ?? projectionRegistry.jobEvents;
  const names = projections.map((p) => p.name);
  if (!names.includes(timelineProjection.name) || names.some((n) => !copyable.has(n))) return projectInto(deps);
  const writesJobs = names.includes(jobsProjection.name);
  const writesStats = names.includes(jobStatsProjection.name);
  const shapes = new Map<string, Promise<CopyShape>>();
  const copy = async (client: PoolClient, table: string, records: CopyRecord[]) => {
    const [sample] = records;
    if (!sample) return;
    let shape = shapes.get(table);
    if (!shape) shapes.set(table, (shape = copyShapeOf(client, deps.schema, table, sample)));
    await copyInto(client, await shape, records);
  };

  const copyBatch = async (client: PoolClient, at: PartitionKey, batch: readonly BatchMessage[]) => {
    await useReadModelSchema(client, deps.schema);
    // The offsets commit with the rows: a commit lost in a crash is redone from the log, never half applied.
    await client.query('set local synchronous_commit to off');
    await holdProjectorLockShared(client, deps.schema);
    const next = await lockNextOffset(client, names, at);
    const fresh = batch.filter((m) => BigInt(m.offset) >= next);
    const last = fresh[fresh.length - 1];
    if (!last) return;
    const events = firstOccurrences(fresh);
    await copy(client, 'job_events', events.map((p) => timelineRecord(timelineRow(p.event, { ...at, offset: p.offset }))));
    if (writesJobs) {
      const known = await lockJobs(client, jobsToLoad(events.map((p) => p.event)));
      const fold = foldBatch(events.map((p) => p.event), known);
      await copy(client, 'jobs', fold.jobs.filter((j) => !known.has(j.jobId)).map(jobsRecord));
      await upsertJobs(client, fold.jobs.filter((j) => known.has(j.jobId)));
      if (writesStats) await mergeJobStats(client, fold.stats, at.partition);
    }
    await saveNextOffset(client, names, at, BigInt(last.offset) + 1n);
  };

  return atRate(deps.maxRate, async (partition, messages) => {
    const batch = await decodeReplayBatch(deps, partition, messages);
    const at = { topic: deps.topic, partition };
    try {
      await withTransaction(deps.pool, (client) => copyBatch(client, at, batch));
    } catch (err) {
      if ((err as { code?: unknown }).code !== uniqueViolation) throw err;
      deps.logger.info({ partition, from: messages[0]?.offset }, 'a key of the batch is in the read model already: applied with the projector statements');
      await applyBatch(deps.pool, { projections, at, messages: batch, schema: deps.schema, notify: false });
    }
    deps.onApplied?.(messages.length);
  });
}
