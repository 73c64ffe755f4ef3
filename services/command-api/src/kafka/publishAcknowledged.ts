import { UnavailableError } from '@conveyor/errors';
import type { BatchingPublisher, OutgoingMessage } from '@conveyor/kafka';

/**
 * Publishes messages and resolves once Kafka acknowledged them all (acks=all) (internal). A refusal, or
 * no acknowledgement within `timeoutMs` (in milliseconds), is a 503 UnavailableError: the API never
 * answers 2xx for something that is not durable.
 */
export async function publishAcknowledged(publisher: Pick<BatchingPublisher, 'publish'>, items: OutgoingMessage[], timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UnavailableError(`Kafka did not acknowledge within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([
      publisher.publish(items).catch((err: unknown) => {
        throw new UnavailableError('Kafka refused the messages', { cause: err });
      }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
