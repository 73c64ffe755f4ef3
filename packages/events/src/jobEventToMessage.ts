import type { JobEvent } from './generated/types';

export type JobEventName = JobEvent['type'];

/** Header naming the event's record type (CloudEvents-style), so consumers can route without decoding. */
export const eventTypeHeader = 'event-type';

/** A Kafka message as our producers send it. */
export interface EventMessage {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
  timestamp: string;
}

/**
 * The Kafka message of any of our events, given its encoded value: keyed by its entity (so an entity's
 * events stay in order on one partition), with the event type and the W3C trace context as headers.
 */
export function eventMessage(
  event: { type: string; key: string; occurredAt: number; traceparent?: string | null; tracestate?: string | null },
  value: Buffer,
): EventMessage {
  const headers: Record<string, string> = { [eventTypeHeader]: event.type };
  if (event.traceparent) headers.traceparent = event.traceparent;
  if (event.tracestate) headers.tracestate = event.tracestate;
  return { key: event.key, value, headers, timestamp: String(event.occurredAt) };
}

/** The Kafka message of a job event: keyed by job id. */
export function jobEventToMessage(event: JobEvent, value: Buffer): EventMessage {
  const { jobId, occurredAt, traceparent, tracestate } = event.data.meta;
  return eventMessage({ type: event.type, key: jobId, occurredAt, traceparent, tracestate }, value);
}
