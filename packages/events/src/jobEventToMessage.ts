import type { JobEvent } from './generated/types';

export type JobEventName = JobEvent['type'];

/** Header naming the event's record type (CloudEvents-style), so consumers can route without decoding. */
export const eventTypeHeader = 'event-type';

/**
 * The Kafka message for a job event, given its encoded value: keyed by job id so a job's events stay
 * in order on one partition, with the event type and the W3C trace context as headers.
 */
export function jobEventToMessage(event: JobEvent, value: Buffer): { key: string; value: Buffer; headers: Record<string, string>; timestamp: string } {
  const meta = event.data.meta;
  const headers: Record<string, string> = { [eventTypeHeader]: event.type };
  if (meta.traceparent) headers.traceparent = meta.traceparent;
  if (meta.tracestate) headers.tracestate = meta.tracestate;
  return { key: meta.jobId, value, headers, timestamp: String(meta.occurredAt) };
}
