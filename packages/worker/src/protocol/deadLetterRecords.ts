import type { DeadLetter, JobDeadLettered, JobWorkItem } from '@conveyor/events';
import type { DeadLetterOrigin } from '@conveyor/domain';
import type { PoisonMessage } from '@conveyor/kafka';
import { deterministicUuid } from '@conveyor/runtime';

/** Where a message was read: the origin a dead letter records. */
export type Origin = DeadLetterOrigin;

/** The dead-letter topic record of a job's JobDeadLettered (pure): its id is the event's id. */
export function jobDeadLetter(e: JobDeadLettered, item: Pick<JobWorkItem, 'type' | 'payloadJson'>): DeadLetter {
  return {
    deadLetterId: e.meta.eventId, jobId: e.meta.jobId, type: item.type, cause: e.cause, error: e.error, attempts: e.attempt,
    originTopic: e.originTopic, originPartition: e.originPartition, originOffset: e.originOffset,
    payloadJson: item.payloadJson, rawValueBase64: null, occurredAt: e.meta.occurredAt,
  };
}

/**
 * The dead-letter record of a poison message: bytes no consumer can decode (pure). Its id derives from
 * the origin, so a redelivered poison message is the same dead letter.
 */
export function poisonDeadLetter(origin: Origin, value: Buffer | null, error: Error, now: number): DeadLetter {
  return {
    deadLetterId: deterministicUuid(`poison:${origin.topic}:${origin.partition}:${origin.offset}`), jobId: null, type: null,
    cause: 'poison_message', error: { message: error.message.slice(0, 2000), code: 'POISON_MESSAGE', retriable: false },
    attempts: 0, originTopic: origin.topic, originPartition: origin.partition, originOffset: origin.offset,
    payloadJson: null, rawValueBase64: value ? value.toString('base64') : null, occurredAt: now,
  };
}

/** A consumer runner's `deadLetter` option: publishes its poison messages as dead letters (bytes and origin). */
export function publishPoison(publishDeadLetters: (letters: DeadLetter[]) => Promise<void>): (poison: PoisonMessage[]) => Promise<void> {
  return (poison) => publishDeadLetters(poison.map((p) => poisonDeadLetter(p, p.value, p.error, Date.now())));
}
