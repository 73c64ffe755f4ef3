import { eventMessage, type DeadLetterDiscarded } from '@conveyor/events';
import type { EventSerde } from '@conveyor/kafka';
import { publishAcknowledged, type AcknowledgedPublisher } from '../kafka/publishAcknowledged';

/**
 * Publishes DeadLetterDiscarded records on the dead-letter topic, keyed like their letter (job id, else
 * dead-letter id) (internal). Resolves once acknowledged; a refusal or no acknowledgement within
 * `timeoutMs` is a 503.
 */
export function createDiscardPublisher(options: { serde: Pick<EventSerde, 'encode'>; publisher: AcknowledgedPublisher; topic: string; timeoutMs: number }) {
  return async function publishDiscards(records: DeadLetterDiscarded[]): Promise<void> {
    const items = await Promise.all(records.map(async (r) => ({
      topic: options.topic,
      message: eventMessage({ type: 'DeadLetterDiscarded', key: r.jobId ?? r.deadLetterId, occurredAt: r.occurredAt }, await options.serde.encode('DeadLetterDiscarded', r)),
    })));
    await publishAcknowledged(options.publisher, items, options.timeoutMs);
  };
}
