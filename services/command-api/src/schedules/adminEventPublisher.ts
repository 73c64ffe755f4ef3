import { UnavailableError } from '@conveyor/errors';
import { eventTypeHeader, type ScheduleEvent } from '@conveyor/events';
import type { BatchingPublisher, EventSerde, OutgoingMessage } from '@conveyor/kafka';

export interface AdminEventPublisherOptions {
  /** Serde of the admin-events topic with `scheduleEventSchemas`, registerAll() already called. */
  serde: Pick<EventSerde, 'encode'>;
  publisher: Pick<BatchingPublisher, 'publish'>;
  /** The admin-events topic, prefix included. */
  topic: string;
  /** How long to wait for Kafka's acknowledgement, in milliseconds; then 503. */
  timeoutMs: number;
}

/** The Kafka message of a schedule event: keyed by schedule id, with the event type and trace context as headers. */
export function scheduleEventToMessage(event: ScheduleEvent, value: Buffer): OutgoingMessage['message'] {
  const meta = event.data.meta;
  const headers: Record<string, string> = { [eventTypeHeader]: event.type };
  if (meta.traceparent) headers.traceparent = meta.traceparent;
  if (meta.tracestate) headers.tracestate = meta.tracestate;
  return { key: meta.scheduleId, value, headers, timestamp: String(meta.occurredAt) };
}

/**
 * Encodes schedule events and publishes them on conveyor.admin-events (public). Resolves once Kafka
 * acknowledged them (acks=all); a send error or no acknowledgement within `timeoutMs` is a 503.
 */
export function createAdminEventPublisher(options: AdminEventPublisherOptions) {
  return async function publishAdminEvents(events: ScheduleEvent[]): Promise<void> {
    const items = await Promise.all(events.map(async (event) => ({
      topic: options.topic,
      message: scheduleEventToMessage(event, await options.serde.encode(event.type, event.data)),
    })));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new UnavailableError(`Kafka did not acknowledge within ${options.timeoutMs} ms`)), options.timeoutMs);
    });
    try {
      await Promise.race([options.publisher.publish(items).catch((err: unknown) => { throw new UnavailableError('Kafka refused the events', { cause: err }); }), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}
