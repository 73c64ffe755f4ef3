import type { JobStatsDelta, ProjectedJob, TimelineRow } from '@conveyor/read-model';
import { toJobsRecordJson } from '../projections/postgres/jobsTable';
import { copyJson, copyLine, copyValue, type CopyValue } from './copyText';

/** A record of one read-model row: its column names and values (JSON values for the jsonb columns). */
export type CopyRecord = Record<string, unknown>;

/** How a table's rows are COPYed: the columns in line order and which of them are jsonb. */
export interface CopyShape {
  table: string;
  columns: readonly string[];
  /** Columns written as JSON text (jsonb). */
  json: ReadonlySet<string>;
}

/** The `job_events` record of a timeline row: the columns the projector's insert writes (pure). */
export function timelineRecord(r: TimelineRow): CopyRecord {
  return {
    event_id: r.eventId, job_id: r.jobId, event_type: r.eventType, occurred_at: new Date(r.occurredAt).toISOString(),
    attempt: r.attempt, data: r.data, topic: r.topic, partition: r.partition, offset: r.offset, trace_id: r.traceId,
  };
}

/** The `job_stats_minute` record of a statistics row (pure). */
export function statsRecord(d: JobStatsDelta): CopyRecord {
  return {
    minute: new Date(d.minute).toISOString(), type: d.type, submitted: d.submitted, started: d.started,
    succeeded: d.succeeded, failed: d.failed, retried: d.retried, cancelled: d.cancelled, dead: d.dead,
    duration_hist: d.durationHist, queue_wait_hist: d.queueWaitHist, attempts_hist: d.attemptsHist,
  };
}

/** The `jobs` record of a job: the projector's own mapping (its upsert reads the same object). */
export const jobsRecord: (job: ProjectedJob) => CopyRecord = toJobsRecordJson;

/** One COPY text line of a record in a table's shape (pure). */
export function copyRecordLine(shape: CopyShape, record: CopyRecord): string {
  return copyLine(shape.columns.map((c) => (shape.json.has(c) ? copyJson(record[c]) : copyValue(record[c] as CopyValue))));
}
