import { UnavailableError } from '@conveyor/errors';
import type { OutgoingMessage } from '@conveyor/kafka';
import type { LogPosition } from '@conveyor/read-model';

/** Publishes and resolves once Kafka acknowledged; the positions of the messages when the publisher knows them. */
export interface AcknowledgedPublisher {
  publish: (items: OutgoingMessage[]) => Promise<readonly LogPosition[] | void>;
}

/**
 * Publishes messages and resolves once Kafka acknowledged them all (acks=all), with their log positions
 * (empty when the publisher does not record them) (internal). A refusal, or no acknowledgement within
 * `timeoutMs` (in milliseconds), is a 503 UnavailableError: the API never answers 2xx for something that
 * is not durable.
 */
export async function publishAcknowledged(publisher: AcknowledgedPublisher, items: OutgoingMessage[], timeoutMs: number): Promise<LogPosition[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UnavailableError(`Kafka did not acknowledge within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const positions = await Promise.race([
      publisher.publish(items).catch((err: unknown) => {
        throw new UnavailableError('Kafka refused the messages', { cause: err });
      }),
      timeout,
    ]);
    return positions ? [...positions] : [];
  } finally {
    clearTimeout(timer);
  }
}
