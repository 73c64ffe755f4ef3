import { eventMessage, type ScheduleEvent } from '@conveyor/events';
import type { EventSerde, OutgoingMessage } from '@conveyor/kafka';
import type { LogPosition } from '@conveyor/read-model';
import { publishAcknowledged, type AcknowledgedPublisher } from '../kafka/publishAcknowledged';

export interface AdminEventPublisherOptions {
  /** Serde of the admin-events topic with `scheduleEventSchemas`, registerAll() already called. */
  serde: Pick<EventSerde, 'encode'>;
  publisher: AcknowledgedPublisher;
  /** The admin-events topic, prefix included. */
  topic: string;
  /** How long to wait for Kafka's acknowledgement, in milliseconds; then 503. */
  timeoutMs: number;
}

/** The Kafka message of a schedule event: keyed by schedule id, with the event type and trace context as headers. */
export function scheduleEventToMessage(event: ScheduleEvent, value: Buffer): OutgoingMessage['message'] {
  const { scheduleId, occurredAt, traceparent, tracestate } = event.data.meta;
  return eventMessage({ type: event.type, key: scheduleId, occurredAt, traceparent, tracestate }, value);
}

/**
 * Encodes schedule events and publishes them on conveyor.admin-events (public). Resolves once Kafka
 * acknowledged them (acks=all), with their log positions; a send error or no acknowledgement within `timeoutMs` is a 503.
 */
export function createAdminEventPublisher(options: AdminEventPublisherOptions) {
  return async function publishAdminEvents(events: ScheduleEvent[]): Promise<LogPosition[]> {
    const items = await Promise.all(events.map(async (event) => ({
      topic: options.topic,
      message: scheduleEventToMessage(event, await options.serde.encode(event.type, event.data)),
    })));
    return publishAcknowledged(options.publisher, items, options.timeoutMs);
  };
}
