import { UnavailableError } from '@conveyor/errors';
import { eventTypeHeader } from '@conveyor/events';
import type { OutgoingMessage } from '@conveyor/kafka';
import { withProducerSpan } from '@conveyor/runtime';
import type { LogPosition } from '@conveyor/read-model';

type Positions = readonly LogPosition[] | void;

/** Publishes and resolves once Kafka acknowledged; the positions of the messages when the publisher knows them. */
export interface AcknowledgedPublisher {
  publish: (items: OutgoingMessage[]) => Promise<Positions>;
  /**
   * Queues the messages and returns their acknowledgement and a `withdraw` that takes them back while they
   * are not yet sent (true: never published). A publisher without it cannot withdraw anything.
   */
  enqueue?: (items: OutgoingMessage[]) => { acknowledged: Promise<Positions>; withdraw: () => boolean };
}

/**
 * A 503 whose events may still be published: they were handed to Kafka before the wait ended, and Kafka
 * has not answered yet (internal). `settled` resolves true once they are acknowledged, false if they are
 * refused; whoever reserved something for them (an Idempotency-Key) keeps it until then.
 */
export class PublishOutcomeUnknownError extends UnavailableError {
  constructor(message: string, readonly settled: Promise<boolean>) {
    super(message);
    this.name = 'PublishOutcomeUnknownError';
  }
}

/**
 * Publishes messages and resolves once Kafka acknowledged them all (acks=all), with their log positions
 * (empty when the publisher does not record them) (internal). A refusal, or no acknowledgement within
 * `timeoutMs` (in milliseconds), is a 503 UnavailableError: the API never answers 2xx for something that
 * is not durable. On the timeout the messages are withdrawn from the publisher's queue when they are still
 * there, so that 503 means "not published, and never will be" (issue 14); when they are already in flight
 * it is a {@link PublishOutcomeUnknownError} carrying their eventual fate.
 */
export async function publishAcknowledged(publisher: AcknowledgedPublisher, items: OutgoingMessage[], timeoutMs: number): Promise<LogPosition[]> {
  // The publish in the request's trace (issue 17), named after the events: `publish JobSubmitted` (a work item
  // published with its JobSubmitted, direct dispatch, carries no event type and adds nothing to the name).
  const named = [...new Set(items.flatMap((i) => i.message.headers?.[eventTypeHeader] ?? []).map(String))];
  const types = named.length ? named : ['message'];
  const topics = [...new Set(items.map((i) => i.topic))];
  return withProducerSpan(`publish ${types.join(', ')}`, { 'messaging.destination.name': topics.join(', '), 'messaging.batch.message_count': items.length },
    () => awaitAcknowledgement(publisher, items, timeoutMs));
}

async function awaitAcknowledgement(publisher: AcknowledgedPublisher, items: OutgoingMessage[], timeoutMs: number): Promise<LogPosition[]> {
  const queued = publisher.enqueue ? publisher.enqueue(items) : { acknowledged: publisher.publish(items), withdraw: () => false };
  const acknowledged = queued.acknowledged.then(
    (positions) => ({ ok: true as const, positions }),
    (err: unknown) => ({ ok: false as const, err }),
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const first = await Promise.race([acknowledged, timeout]);
    if (first === 'timeout') {
      if (queued.withdraw()) throw new UnavailableError(`Kafka did not acknowledge within ${timeoutMs} ms; the events were withdrawn, not published`);
      throw new PublishOutcomeUnknownError(
        `Kafka did not acknowledge within ${timeoutMs} ms; the events are in flight`,
        acknowledged.then((outcome) => outcome.ok),
      );
    }
    if (!first.ok) throw new UnavailableError('Kafka refused the messages', { cause: first.err });
    return first.positions ? [...first.positions] : [];
  } finally {
    clearTimeout(timer);
  }
}
