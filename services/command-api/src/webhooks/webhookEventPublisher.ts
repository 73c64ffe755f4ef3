import { eventMessage, type WebhookEvent } from '@conveyor/events';
import type { EventSerde } from '@conveyor/kafka';
import type { LogPosition } from '@conveyor/read-model';
import { publishAcknowledged, type AcknowledgedPublisher } from '../kafka/publishAcknowledged';

/**
 * Encodes webhook events and publishes them on conveyor.admin-events keyed by subscription id (public);
 * resolves with their positions once Kafka acknowledged them, a 503 after `timeoutMs` milliseconds.
 */
export function createWebhookEventPublisher(options: { serde: Pick<EventSerde, 'encode'>; publisher: AcknowledgedPublisher; topic: string; timeoutMs: number }) {
  return async function publishWebhookEvents(events: WebhookEvent[]): Promise<LogPosition[]> {
    const items = await Promise.all(events.map(async (event) => {
      const { subscriptionId, occurredAt, traceparent, tracestate } = event.data.meta;
      const value = await options.serde.encode(event.type, event.data);
      return { topic: options.topic, message: eventMessage({ type: event.type, key: subscriptionId, occurredAt, traceparent, tracestate }, value) };
    }));
    return publishAcknowledged(options.publisher, items, options.timeoutMs);
  };
}
