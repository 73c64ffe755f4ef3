import { UnavailableError } from '@conveyor/errors';
import { eventTypeHeader, type DeadLetterDiscarded } from '@conveyor/events';
import type { BatchingPublisher, EventSerde } from '@conveyor/kafka';

/**
 * Publishes DeadLetterDiscarded records on the dead-letter topic, keyed like their letter (job id, else
 * dead-letter id) (internal). Resolves once acknowledged; a refusal or no acknowledgement within
 * `timeoutMs` is a 503.
 */
export function createDiscardPublisher(options: { serde: Pick<EventSerde, 'encode'>; publisher: Pick<BatchingPublisher, 'publish'>; topic: string; timeoutMs: number }) {
  return async function publishDiscards(records: DeadLetterDiscarded[]): Promise<void> {
    const items = await Promise.all(records.map(async (r) => ({
      topic: options.topic,
      message: { key: r.jobId ?? r.deadLetterId, value: await options.serde.encode('DeadLetterDiscarded', r), headers: { [eventTypeHeader]: 'DeadLetterDiscarded' }, timestamp: String(r.occurredAt) },
    })));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new UnavailableError(`Kafka did not acknowledge within ${options.timeoutMs} ms`)), options.timeoutMs);
    });
    try {
      await Promise.race([options.publisher.publish(items).catch((err: unknown) => { throw new UnavailableError('Kafka refused the records', { cause: err }); }), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}
