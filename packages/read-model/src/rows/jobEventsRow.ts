import { redactSecrets } from '@conveyor/job-types/secrets';

/** A row of the `job_events` read model: one entry of a job's timeline, as the projector writes it (public). */
export interface TimelineRow {
  eventId: string;
  jobId: string;
  /** The event's name (JobSubmitted, JobStarted, …). */
  eventType: string;
  /** Event time, in epoch milliseconds. */
  occurredAt: number;
  attempt: number | null;
  /** The event's own fields (JSON strings parsed), plus who caused it. */
  data: Record<string, unknown>;
  topic: string;
  partition: number;
  offset: string;
  traceId: string | null;
}

/** A row of `job_events` as the query API selects it (public). */
export interface JobEventsTableRow {
  event_id: string;
  event_type: string;
  occurred_at: Date;
  attempt: number | null;
  data: unknown;
  partition: number;
  offset: string;
}

/** One entry of a job's timeline as the query API serves it (docs/architecture.md `TimelineEntry`) (public). */
export interface TimelineEntry {
  eventId: string;
  eventType: string;
  occurredAt: string;
  attempt: number | null;
  data: unknown;
  partition: number;
  /** Kafka offset (int64) as a decimal string. */
  offset: string;
}

/** The API's timeline entry of a `job_events` row (pure): sealed secrets of its data read `"[redacted]"`. */
export function toTimelineEntry(e: JobEventsTableRow): TimelineEntry {
  return {
    eventId: e.event_id, eventType: e.event_type, occurredAt: e.occurred_at.toISOString(), attempt: e.attempt,
    data: redactSecrets(e.data), partition: e.partition, offset: e.offset,
  };
}
