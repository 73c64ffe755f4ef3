import type { BatchingPublisher, EventSerde, OutgoingMessage, TopicNames } from '@conveyor/kafka';
import { jobEventToMessage, type DeadLetter, type JobEvent, type JobWorkItem } from '@conveyor/events';
import type { WorkSerdes } from './createWorkSerdes';
import { workItemMessage } from './workItemMessage';

/**
 * Encodes and publishes what the processors produce: job events onto the job-events topic (key jobId),
 * dead letters onto the dead-letter topic, and work items onto the work topic of their queue and priority (key concurrencyKey ?? jobId). Each promise
 * resolves once the broker acknowledged every message (acks=all, through the batching publisher).
 */
export function createJobPublisher(deps: { publisher: BatchingPublisher; serde: EventSerde; workSerdes: WorkSerdes; /** Needed only to publish dead letters. */ deadLetterSerde?: EventSerde; topics: TopicNames }) {
  return {
    /** Dead letters onto conveyor.job-dead-letters, keyed by job id (by dead-letter id for a poison message). */
    async publishDeadLetters(letters: DeadLetter[]): Promise<void> {
      if (!letters.length) return;
      const serde = deps.deadLetterSerde;
      if (!serde) throw new Error('this publisher has no dead-letter serde');
      const messages: OutgoingMessage[] = await Promise.all(letters.map(async (letter) => ({
        topic: deps.topics.deadLetters,
        message: {
          key: letter.jobId ?? letter.deadLetterId,
          value: await serde.encode('DeadLetter', letter),
          headers: { 'event-type': 'DeadLetter' },
          timestamp: String(letter.occurredAt),
        },
      })));
      await deps.publisher.publish(messages);
    },
    async publishEvents(events: JobEvent[]): Promise<void> {
      const messages: OutgoingMessage[] = await Promise.all(events.map(async (event) => ({
        topic: deps.topics.jobEvents,
        message: jobEventToMessage(event, await deps.serde.encode(event.type, event.data)),
      })));
      await deps.publisher.publish(messages);
    },
    /** Work items onto their queue's work topic of their priority; a queue seen for the first time is prepared first. */
    async publishWork(items: JobWorkItem[]): Promise<void> {
      const messages = await Promise.all(items.map(async (item) => workItemMessage(await deps.workSerdes.prepare(item.queue), item)));
      await deps.publisher.publish(messages);
    },
  };
}

export type JobPublisher = ReturnType<typeof createJobPublisher>;
