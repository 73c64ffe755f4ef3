import { jobEventToMessage, type JobEvent } from '@conveyor/events';
import type { EventSerde } from '@conveyor/kafka';
import type { LogPosition } from '@conveyor/read-model';
import { publishAcknowledged, type AcknowledgedPublisher } from '../kafka/publishAcknowledged';
import type { DirectDispatch } from './createDirectDispatch';

export interface JobEventPublisherOptions {
  serde: Pick<EventSerde, 'encode'>;
  publisher: AcknowledgedPublisher;
  /** The job-events topic, prefix included. */
  topic: string;
  /** How long to wait for Kafka's acknowledgement, in milliseconds; then 503. */
  timeoutMs: number;
  /**
   * Direct dispatch (DIRECT_DISPATCH): runnable submissions go out with their first work items. The
   * publisher must then send each batch as one transaction, so that both or neither are published.
   */
  directDispatch?: Pick<DirectDispatch, 'plan'>;
}

/**
 * Encodes job events (Avro, registered schema ids) and publishes them on the job-events topic keyed by
 * job id (internal). Resolves only once Kafka acknowledged every one of them (acks=all); a send error or
 * no acknowledgement within `timeoutMs` becomes a 503 UnavailableError. Resolves with the events' log positions.
 * With direct dispatch, the first work items of runnable submissions are published in the same enqueue (the
 * same batch, hence the same transaction); they have no log position of their own.
 */
export function createJobEventPublisher(options: JobEventPublisherOptions) {
  return {
    async publish(events: JobEvent[]): Promise<LogPosition[]> {
      const planned = options.directDispatch ? await options.directDispatch.plan(events) : { events, work: [] };
      const items = await Promise.all(planned.events.map(async (event) => ({
        topic: options.topic,
        message: jobEventToMessage(event, await options.serde.encode(event.type, event.data)),
      })));
      return publishAcknowledged(options.publisher, [...items, ...planned.work], options.timeoutMs);
    },
  };
}

export type JobEventPublisher = ReturnType<typeof createJobEventPublisher>;
