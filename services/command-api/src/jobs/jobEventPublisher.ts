import { jobEventToMessage, type JobEvent } from '@conveyor/events';
import type { EventSerde } from '@conveyor/kafka';
import type { LogPosition } from '@conveyor/read-model';
import { publishAcknowledged, type AcknowledgedPublisher } from '../kafka/publishAcknowledged';

export interface JobEventPublisherOptions {
  serde: Pick<EventSerde, 'encode'>;
  publisher: AcknowledgedPublisher;
  /** The job-events topic, prefix included. */
  topic: string;
  /** How long to wait for Kafka's acknowledgement, in milliseconds; then 503. */
  timeoutMs: number;
}

/**
 * Encodes job events (Avro, registered schema ids) and publishes them on the job-events topic keyed by
 * job id (internal). Resolves only once Kafka acknowledged every one of them (acks=all); a send error or
 * no acknowledgement within `timeoutMs` becomes a 503 UnavailableError. Resolves with the events' log positions.
 */
export function createJobEventPublisher(options: JobEventPublisherOptions) {
  return {
    async publish(events: JobEvent[]): Promise<LogPosition[]> {
      const items = await Promise.all(events.map(async (event) => ({
        topic: options.topic,
        message: jobEventToMessage(event, await options.serde.encode(event.type, event.data)),
      })));
      return publishAcknowledged(options.publisher, items, options.timeoutMs);
    },
  };
}

export type JobEventPublisher = ReturnType<typeof createJobEventPublisher>;
