/** Where an event sits in the log (public). */
export interface LogPosition {
  topic: string;
  partition: number;
  /** Kafka offset, as a decimal string (int64). */
  offset: string;
}

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
